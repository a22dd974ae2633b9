/*
 * spud: an embeddable ONNX inference runtime. This header is its whole
 * public C API.
 *
 * Lifecycle:
 *   spud_model_load_file / spud_model_load   verify a .spud file (every byte
 *                                            is untrusted) and keep a view
 *   spud_model_session_memory                bytes a session needs, before
 *                                            anything is allocated
 *   spud_session_create                      resolve kernels, prepare, lay
 *                                            out memory (yours or allocated),
 *                                            make kernel state and threads
 *   spud_session_input / _output             tensor views into the arena:
 *                                            write inputs, read outputs
 *   spud_session_set_input_shape             (symbolic input dimensions)
 *                                            the shape of the next runs
 *   spud_session_run                         run; never allocates, unless
 *                                            spud_model_run_may_allocate
 *   spud_session_free, spud_model_free
 *
 * Every fallible call returns a spud_status and, when `err` is not NULL,
 * writes a one-line message into it. No call throws. Nothing is allocated
 * after spud_session_create returns, except in models whose shapes are
 * chosen at run time (symbolic input dimensions, data-dependent shapes):
 * spud_model_run_may_allocate says which.
 *
 * Threads. A spud_model is read-only once loaded: any number of threads may
 * create and run sessions over one model at the same time (free the model
 * after its last session), and loading the same bytes or file on several
 * threads at once is safe. A spud_session is one thread's at a time: calls
 * on the same session (run, set_input_shape, input/output views, profile,
 * free) must not overlap; it may move to another thread between calls.
 * Sessions share nothing mutable but the accelerated tiers' one-time setup
 * (XNNPACK's initialization on first use, guarded, with no call needed from
 * the caller) and the platform's allocator, which a port must make
 * thread-safe if sessions are created or run on several threads (the Linux
 * port's is). A session with num_threads > 1 has a thread pool of its own.
 * spud_status_string and spud_session_options_default may be called from
 * anywhere. Tested under ThreadSanitizer (tests/threads).
 */
#ifndef SPUD_SPUD_H_
#define SPUD_SPUD_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum spud_status {
  SPUD_OK = 0,
  SPUD_INVALID_ARGUMENT = 1, /* the caller passed something wrong */
  SPUD_INVALID_MODEL = 2,    /* the model file is malformed or inconsistent */
  SPUD_UNSUPPORTED = 3,      /* no kernel, type or feature for it in this build */
  SPUD_OUT_OF_MEMORY = 4,    /* memory too small or allocation failed */
  SPUD_IO_ERROR = 5,         /* a file could not be read */
  SPUD_INTERNAL = 6,         /* a bug in spud */
  SPUD_LIMIT_EXCEEDED = 7    /* a limit set in spud_session_options was reached */
} spud_status;

/* Caller-owned error report; no allocation on any error path. */
typedef struct spud_error {
  spud_status code;
  char message[256];
} spud_error;

/* Element types; values match ONNX TensorProto.DataType. */
typedef enum spud_dtype {
  SPUD_UNDEFINED = 0,
  SPUD_FLOAT32 = 1,
  SPUD_UINT8 = 2,
  SPUD_INT8 = 3,
  SPUD_UINT16 = 4,
  SPUD_INT16 = 5,
  SPUD_INT32 = 6,
  SPUD_INT64 = 7,
  SPUD_BOOL = 9,
  SPUD_FLOAT16 = 10,
  SPUD_FLOAT64 = 11,
  SPUD_UINT32 = 12,
  SPUD_UINT64 = 13,
  SPUD_BFLOAT16 = 16
} spud_dtype;

/* A view of a session's tensor. `data` points into the session's arena and
 * stays valid until the session is freed; `dims` points at `rank` values.
 * An output whose shape only a run computes has rank -1, data NULL and
 * size_bytes 0 until a run has computed it (and again after a run that
 * failed before giving it memory): size_bytes never exceeds what is at
 * `data`. */
typedef struct spud_tensor {
  const char* name;
  spud_dtype dtype;
  int32_t rank;
  const int64_t* dims;
  void* data;
  size_t size_bytes;
} spud_tensor;

typedef struct spud_model spud_model;
typedef struct spud_session spud_session;

const char* spud_status_string(spud_status status);

/* Verifies `data` (which must start at a 64-byte-aligned address and stay
 * alive and unchanged until spud_model_free) and returns a model view. */
spud_status spud_model_load(const void* data, size_t size, spud_model** out, spud_error* err);
/* Like spud_model_load, and also accepts a file without a memory plan (what
 * spud's converter writes for its own use; spud_model_load refuses those,
 * since a session over one allocates whatever its declared shapes imply).
 * For tools and tests. */
spud_status spud_model_load_unplanned(const void* data, size_t size, spud_model** out, spud_error* err);
/* Maps the file where the platform can (else reads it) and verifies it. */
spud_status spud_model_load_file(const char* path, spud_model** out, spud_error* err);

/* Flags for the _with_flags loaders (any other bit: SPUD_INVALID_ARGUMENT).
 * SPUD_LOAD_VERIFY_CHECKSUM also checks the file's content checksum (a
 * CRC-32 of the graph and the weights, written by spud convert), which
 * costs one pass over every byte: a file that was changed or damaged after
 * conversion, or that has no checksum, gets SPUD_INVALID_MODEL. Off in the
 * plain loaders, where the structure is verified but a flipped weight byte
 * is not seen. */
#define SPUD_LOAD_VERIFY_CHECKSUM 1u
spud_status spud_model_load_with_flags(const void* data, size_t size, uint32_t flags, spud_model** out,
                                       spud_error* err);
spud_status spud_model_load_file_with_flags(const char* path, uint32_t flags, spud_model** out, spud_error* err);
void spud_model_free(spud_model* model);

/* Non-zero when running the model may allocate: some input has a symbolic
 * dimension (its size is set with spud_session_set_input_shape) or some
 * node's output shape depends on input values. Such nodes are prepared at
 * run time (on an accelerated kernel again only when their inputs' shapes
 * change), and their outputs' memory comes from the platform's heap, kept
 * and reused while it is big enough. A file planned for its bounds
 * (spud convert --dim NAME=MIN..MAX) returns 0. */
int spud_model_run_may_allocate(const spud_model* model);

/* Bytes of arena the model's memory plan needs (intermediates and scratch). */
size_t spud_model_arena_size(const spud_model* model);
/* Bytes a session needs in total, arena included, to be passed to
 * spud_session_create as caller-owned memory. Before its first run a
 * session proves the file's memory plan (no two tensors alive at once share
 * a byte) with its arena as workspace, about 44 bytes per tensor and node:
 * in a file with a tiny arena and many tensors that, not the arena, sets
 * the size. */
spud_status spud_model_session_memory(const spud_model* model, size_t* bytes, spud_error* err);

/* The most threads a session may have; a larger num_threads is refused as
 * SPUD_INVALID_ARGUMENT. */
#define SPUD_MAX_THREADS 1024

/* How a session runs. Start from spud_session_options_default(), so that
 * fields added later keep their defaults. */
typedef struct spud_session_options {
  /* Threads the kernels may use, the calling thread included: 1 to
   * SPUD_MAX_THREADS. 1 (the default) runs everything on the calling
   * thread; more needs a build with SPUD_THREADS (else spud_session_create
   * fails with SPUD_UNSUPPORTED). */
  int num_threads;
  /* Non-zero: run every node on the portable reference kernels, never an
   * accelerated tier. Such a session makes no kernel state, so one created
   * in caller memory touches the heap not at all. Default 0. */
  int reference_kernels_only;
  /* Limits on what a file may make the session do; beyond one, the call
   * that would cross it fails with SPUD_LIMIT_EXCEEDED, naming what asked
   * and the option to raise. 0 turns a limit off. They matter for files
   * from outside: a model's declared arena is known before anything is
   * allocated (spud_model_session_memory), but one whose shapes are chosen
   * at run time asks for memory, and its loops for time, while running.
   *
   * The most bytes the session may hold from the platform's heap: its
   * block and arena when spud_session_create allocates them (memory ==
   * NULL), and while running the outputs and scratch of dynamic nodes and
   * the memory of inputs with symbolic dimensions. Kernel state (packed
   * weights, bounded by the model's weights) is apart. Default 1 GiB. */
  size_t max_memory_bytes;
  /* The most elements one dynamic node may read and write in a run, its
   * inputs' and outputs' together. Default 2^28. */
  uint64_t max_node_elements;
  /* The most subgraph runs (an If's branch, a Loop's or Scan's iteration)
   * one spud_session_run may make, counted over every control-flow node and
   * nesting level. Default 2^20. */
  uint64_t max_subgraph_runs;
} spud_session_options;

spud_session_options spud_session_options_default(void);

/* Creates a session. `options` may be NULL for the defaults. With memory ==
 * NULL the session allocates what it needs once, here; otherwise it lives
 * entirely inside `memory`. The model must outlive the session.
 * Accelerated kernels (XNNPACK) also make their state here (packed weights,
 * operator objects, the thread pool) from the platform's heap; it lives
 * until spud_session_free and spud_session_kernel_state_bytes reports it. */
spud_status spud_session_create(const spud_model* model, const spud_session_options* options,
                                void* memory, size_t memory_size, spud_session** out, spud_error* err);
void spud_session_free(spud_session* session);

/* Bytes of kernel state the session made at creation, apart from the
 * session memory and the arena: 0 on the reference kernels. */
size_t spud_session_kernel_state_bytes(const spud_session* session);

int spud_session_num_inputs(const spud_session* session);
int spud_session_num_outputs(const spud_session* session);
spud_status spud_session_input(const spud_session* session, int index, spud_tensor* out);
spud_status spud_session_output(const spud_session* session, int index, spud_tensor* out);

/* Sets input `index`'s shape for the next runs: `rank` must be the
 * input's, and only its symbolic dimensions may differ from the model's
 * (any size >= 0). The input's memory comes from the heap, reallocated only
 * when it grows: get the tensor (spud_session_input) and write its data
 * after this call. SPUD_INVALID_ARGUMENT names what does not fit; after
 * SPUD_OUT_OF_MEMORY or SPUD_LIMIT_EXCEEDED the input keeps the shape and
 * memory it had. */
spud_status spud_session_set_input_shape(spud_session* session, int index, const int64_t* dims, int rank,
                                         spud_error* err);

/* Runs the model on the current contents of the input tensors. */
spud_status spud_session_run(spud_session* session, spud_error* err);

/* Profiling. Nodes run in index order; `node_ns`, when not NULL, must hold
 * spud_session_num_nodes values: every later run adds each node's time in
 * nanoseconds to its entry (two clock reads per node). NULL turns it off. */
int spud_session_num_nodes(const spud_session* session);
spud_status spud_session_node(const spud_session* session, int index, const char** name,
                              const char** domain, const char** op_type);
spud_status spud_session_set_profile(spud_session* session, uint64_t* node_ns);

#ifdef __cplusplus
}
#endif

#endif /* SPUD_SPUD_H_ */
