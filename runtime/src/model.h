// A loaded, verified model: a view over the file's bytes. Nothing is copied;
// constants are read in place from the data section.
#ifndef SPUD_RUNTIME_MODEL_H_
#define SPUD_RUNTIME_MODEL_H_

#include <stddef.h>
#include <stdint.h>

#include "spud/status.h"
#include "spud_generated.h"

// Whether this build has accelerated tiers (model.h, because the loader
// checks what only they read). Only accelerated kernels pack weights, read
// pre-packed ones or ask for the shared workspace; a build with the
// reference tier alone (the minimal and bare-metal ones) carries none of
// that machinery.
#if defined(SPUD_XNNPACK) || defined(SPUD_EIGEN)
#define SPUD_ACCELERATED_TIERS 1
#else
#define SPUD_ACCELERATED_TIERS 0
#endif

namespace spud {

// The format versions this runtime reads, oldest to newest. See
// schema/README.md: version 2 added subgraphs (If, Loop, Scan), version 3
// sequence and optional values (written only for files that have them).
constexpr uint32_t kOldestFormatVersion = 1;
constexpr uint32_t kFormatVersion = 3;
// How deep subgraphs may nest (a Loop in an If in a Loop is 3): the loader
// and the session walk them recursively, on a bounded stack.
constexpr int kMaxSubgraphDepth = 8;
// Every constant buffer and the data section start are aligned to this.
constexpr size_t kDataAlignment = 64;

// A subgraph's k-th input or output (the loader checked the ranges).
inline int32_t subgraph_input(const schema::Model* m, const schema::Subgraph* sg, uint32_t k) {
  return m->subgraph_tensors()->Get(sg->io_begin() + k);
}
inline int32_t subgraph_output(const schema::Model* m, const schema::Subgraph* sg, uint32_t k) {
  return m->subgraph_tensors()->Get(sg->io_begin() + sg->num_inputs() + k);
}

struct ModelView {
  const uint8_t* bytes = nullptr;
  size_t size = 0;
  const schema::Model* root = nullptr;
  const uint8_t* data_section = nullptr;
  // The bytes are a platform::map_file mapping (spud_model_load_file), so
  // pages of packed weights may be dropped (platform::drop_file_pages).
  bool file_mapped = false;
};

// Verifies the flatbuffer and then the semantics that the session relies
// on: every index in range, every size consistent and overflow-free, every
// constant inside the data section, every planned offset inside the arena.
// `bytes` must stay alive and unchanged while the view is used.
Status load_model(const void* bytes, size_t size, ModelView* out);

// CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, as zlib's crc32) of
// `size` bytes, continuing from `crc` (0 to start). Four bits at a time
// from a 64-byte table: the loader carries it on every device.
uint32_t crc32(uint32_t crc, const uint8_t* bytes, size_t size);

// The content checksum (schema Model.content_crc32) of a loaded view: Ok
// when it matches the bytes, else kInvalidModel saying it differs or that
// the file has none.
Status verify_content_checksum(const ModelView& view);

}  // namespace spud

#endif  // SPUD_RUNTIME_MODEL_H_
