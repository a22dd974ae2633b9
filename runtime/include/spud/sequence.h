/* How spud holds an ONNX sequence or optional value: as the bytes of a
 * uint8 tensor of rank 1 (a "sequence blob"), in the model's tensor table
 * and through the C API alike. A caller passes a sequence graph input by
 * setting the input's shape to the blob's size (spud_session_set_input_shape)
 * and writing the blob; a sequence output is read the same way.
 *
 *   [spud_sequence_header][count x spud_sequence_entry][element data]
 *
 * Every entry's data starts at `offset` bytes from the blob's start, a
 * multiple of 16, and is `bytes` long (its dims' product times the element
 * size). An optional is a blob of at most one entry (0: no value); an
 * optional of a sequence holds the sequence's blob as its one entry, of
 * type uint8 and rank 1. Kernels check every blob they read: a malformed
 * one is an error, never a read outside it. Little-endian, as the host. */
#ifndef SPUD_SEQUENCE_H_
#define SPUD_SEQUENCE_H_

#include <stdint.h>

#define SPUD_SEQUENCE_MAGIC 0x51535053u /* "SPSQ" */
#define SPUD_SEQUENCE_MAX_RANK 8
#define SPUD_SEQUENCE_ALIGN 16

typedef struct spud_sequence_header {
  uint32_t magic;     /* SPUD_SEQUENCE_MAGIC */
  uint32_t count;     /* number of entries */
  int32_t elem_dtype; /* the elements' type (ONNX TensorProto.DataType); 0 when unknown */
  uint32_t reserved;  /* 0 */
} spud_sequence_header;

typedef struct spud_sequence_entry {
  int32_t dtype;
  int32_t rank;
  int64_t dims[SPUD_SEQUENCE_MAX_RANK];
  uint64_t offset; /* from the blob's first byte */
  uint64_t bytes;
} spud_sequence_entry;

#endif /* SPUD_SEQUENCE_H_ */
