// The C API over the internal SessionImpl and ModelView.
#include <string.h>

#include <new>

#include "model.h"
#include "platform.h"
#include "session.h"
#include "spud/spud.h"

static_assert(SPUD_MAX_THREADS == spud::kMaxThreads, "spud.h and session.h disagree on the thread limit");

struct spud_model {
  spud::ModelView view;
  void* map_handle;
  const void* map_data;
  size_t map_size;
};

// A spud_session* is the SessionImpl itself, so a session created in caller
// memory needs no allocation at all.

namespace {

spud_status report(spud::Status st, spud_error* err) {
  // Codes internal to prepare never leave the runtime; if one did, it is a bug.
  const spud_status code = st.code() > spud::StatusCode::kLimitExceeded ? SPUD_INTERNAL
                                                                          : static_cast<spud_status>(st.code());
  if (err != nullptr) {
    err->code = code;
    if (st.ok()) {
      err->message[0] = '\0';
    } else {
      const char* msg = st.message()[0] != '\0' ? st.message() : spud::to_string(st.code());
      strncpy(err->message, msg, sizeof(err->message) - 1);
      err->message[sizeof(err->message) - 1] = '\0';
    }
  }
  return code;
}

spud_status fail(spud::StatusCode code, const char* text, spud_error* err) {
  return report(spud::Status(code, SPUD_MSG(text)), err);
}

spud::SessionImpl* unwrap(const spud_session* s) {
  return reinterpret_cast<spud::SessionImpl*>(const_cast<spud_session*>(s));
}

void fill_view(const spud::Tensor* t, spud_tensor* out) {
  // A shape not computed yet (rank -1), or computed by a run that then
  // found no memory for it, holds no bytes.
  const bool held = t->rank >= 0 && t->data != nullptr && t->size_bytes() <= t->capacity;
  out->name = t->name;
  out->dtype = static_cast<spud_dtype>(t->dtype);
  out->rank = t->rank;
  out->dims = t->dims;
  out->data = held ? t->data : nullptr;
  out->size_bytes = held ? t->size_bytes() : 0;
}

}  // namespace

extern "C" {

const char* spud_status_string(spud_status status) {
  // Only the public codes: any other int (a caller's cast) is unknown.
  const int code = static_cast<int>(status);
  if (code < SPUD_OK || code > SPUD_LIMIT_EXCEEDED) return "unknown status";
  return spud::to_string(static_cast<spud::StatusCode>(code));
}

namespace {

// A check after the loader's, or null: the content checksum is referenced
// only from the _with_flags loaders, so a program that never calls them
// links none of it.
using ExtraCheck = spud::Status (*)(const spud::ModelView&);

spud_status load(const void* data, size_t size, bool unplanned_ok, ExtraCheck extra, spud_model** out,
                 spud_error* err) {
  if (out == nullptr) return fail(spud::StatusCode::kInvalidArgument, "out is null", err);
  *out = nullptr;
  spud::ModelView view;
  spud::Status st = spud::load_model(data, size, &view);
  if (st.ok() && extra != nullptr) st = extra(view);
  if (!st.ok()) return report(st, err);
  // A file without a memory plan makes the session allocate whatever its
  // declared shapes imply: only spud's own tools ask for that.
  if (!unplanned_ok && !view.root->memory_planned())
    return fail(spud::StatusCode::kInvalidModel,
                "the file has no memory plan (only spud's converter uses such files); convert the model with spud "
                "convert",
                err);
  void* mem = spud::platform::allocate(sizeof(spud_model), alignof(spud_model));
  if (mem == nullptr) return fail(spud::StatusCode::kOutOfMemory, "could not allocate the model handle", err);
  *out = new (mem) spud_model{view, nullptr, nullptr, 0};
  return report(spud::Status::Ok(), err);
}

spud_status load_file(const char* path, ExtraCheck extra, spud_model** out, spud_error* err) {
  if (out != nullptr) *out = nullptr;
  if (path == nullptr || out == nullptr)
    return fail(spud::StatusCode::kInvalidArgument, "path or out is null", err);
  const void* data = nullptr;
  size_t size = 0;
  void* handle = nullptr;
  if (!spud::platform::map_file(path, &data, &size, &handle))
    return fail(spud::StatusCode::kIoError, "cannot open or read the model file", err);
  const spud_status code = load(data, size, false, extra, out, err);
  if (code != SPUD_OK) {
    spud::platform::unmap_file(handle, data, size);
    return code;
  }
  (*out)->map_handle = handle;
  (*out)->view.file_mapped = handle != nullptr;
  (*out)->map_data = data;
  (*out)->map_size = size;
  return SPUD_OK;
}

// The check the flags ask for; false for a flag this runtime does not know.
bool extra_for(uint32_t flags, ExtraCheck* extra) {
  *extra = (flags & SPUD_LOAD_VERIFY_CHECKSUM) != 0 ? &spud::verify_content_checksum : nullptr;
  return (flags & ~SPUD_LOAD_VERIFY_CHECKSUM) == 0;
}

}  // namespace

spud_status spud_model_load(const void* data, size_t size, spud_model** out, spud_error* err) {
  return load(data, size, false, nullptr, out, err);
}

spud_status spud_model_load_with_flags(const void* data, size_t size, uint32_t flags, spud_model** out,
                                       spud_error* err) {
  ExtraCheck extra = nullptr;
  if (!extra_for(flags, &extra)) {
    if (out != nullptr) *out = nullptr;
    return fail(spud::StatusCode::kInvalidArgument, "unknown load flags", err);
  }
  return load(data, size, false, extra, out, err);
}

spud_status spud_model_load_unplanned(const void* data, size_t size, spud_model** out, spud_error* err) {
  return load(data, size, true, nullptr, out, err);
}

spud_status spud_model_load_file(const char* path, spud_model** out, spud_error* err) {
  return load_file(path, nullptr, out, err);
}

spud_status spud_model_load_file_with_flags(const char* path, uint32_t flags, spud_model** out, spud_error* err) {
  ExtraCheck extra = nullptr;
  if (!extra_for(flags, &extra)) {
    if (out != nullptr) *out = nullptr;
    return fail(spud::StatusCode::kInvalidArgument, "unknown load flags", err);
  }
  return load_file(path, extra, out, err);
}

void spud_model_free(spud_model* model) {
  if (model == nullptr) return;
  if (model->map_handle != nullptr)
    spud::platform::unmap_file(model->map_handle, model->map_data, model->map_size);
  spud::platform::release(model);
}

int spud_model_run_may_allocate(const spud_model* model) {
  if (model == nullptr) return 0;
  // A tensor whose shape varies and has no planned place for its bounds.
  const spud::schema::Model* m = model->view.root;
  for (const spud::schema::Tensor* t : *m->tensors()) {
    bool varies = t->dynamic();
    if (t->kind() == spud::schema::TensorKind::INPUT && t->shape() != nullptr)
      for (int64_t d : *t->shape()) varies = varies || d < 0;
    if (varies && t->arena_capacity() == 0) return 1;
  }
  return 0;
}

size_t spud_model_arena_size(const spud_model* model) {
  return model == nullptr ? 0 : static_cast<size_t>(model->view.root->arena_size());
}

spud_status spud_model_session_memory(const spud_model* model, size_t* bytes, spud_error* err) {
  if (model == nullptr || bytes == nullptr)
    return fail(spud::StatusCode::kInvalidArgument, "model or bytes is null", err);
  if (!model->view.root->memory_planned())
    return fail(spud::StatusCode::kUnsupported, "the model has no memory plan", err);
  spud::ErrorText text;
  size_t persistent = 0;
  const spud::Status st = spud::SessionImpl::persistent_size(model->view, &persistent, &text);
  if (!st.ok()) return report(st, err);
  size_t region = 0;
  const spud::Status sized = spud::SessionImpl::arena_region_size(model->view, &region);
  if (!sized.ok()) return report(sized, err);
  // Slack covers aligning the block start (16) and the arena start (64),
  // and 64 readable bytes past the arena's end (session.cc: kArenaTail).
  if (region > SIZE_MAX - persistent - (64 + 16 + 64))
    return fail(spud::StatusCode::kOutOfMemory, "the session memory size overflows", err);
  *bytes = persistent + region + 64 + 16 + 64;
  return report(spud::Status::Ok(), err);
}

spud_session_options spud_session_options_default(void) {
  spud_session_options o;
  o.num_threads = 1;
  o.reference_kernels_only = 0;
  o.max_memory_bytes = static_cast<size_t>(1) << 30;
  o.max_node_elements = static_cast<uint64_t>(1) << 28;
  o.max_subgraph_runs = static_cast<uint64_t>(1) << 20;
  return o;
}

spud_status spud_session_create(const spud_model* model, const spud_session_options* options,
                                void* memory, size_t memory_size, spud_session** out, spud_error* err) {
  if (out != nullptr) *out = nullptr;
  if (model == nullptr || out == nullptr)
    return fail(spud::StatusCode::kInvalidArgument, "model or out is null", err);
  // NULL means spud_session_options_default(), limits included (the
  // internal SessionOptions' defaults have none).
  const spud_session_options given = options != nullptr ? *options : spud_session_options_default();
  spud::SessionOptions opts;
  opts.num_threads = given.num_threads;
  opts.reference_kernels_only = given.reference_kernels_only != 0;
  opts.max_memory_bytes = given.max_memory_bytes;
  opts.max_node_elements = given.max_node_elements;
  opts.max_subgraph_runs = given.max_subgraph_runs;
  spud::ErrorText text;
  spud::SessionImpl* session = nullptr;
  const spud::Status st = spud::SessionImpl::create(model->view, opts, memory, memory_size, &session, &text);
  if (!st.ok()) return report(st, err);
  *out = reinterpret_cast<spud_session*>(session);
  return report(spud::Status::Ok(), err);
}

void spud_session_free(spud_session* session) { spud::SessionImpl::destroy(unwrap(session)); }

size_t spud_session_kernel_state_bytes(const spud_session* s) {
  return s != nullptr ? unwrap(s)->persistent_kernel_bytes() : 0;
}

int spud_session_num_inputs(const spud_session* s) { return s ? unwrap(s)->num_inputs() : 0; }
int spud_session_num_outputs(const spud_session* s) { return s ? unwrap(s)->num_outputs() : 0; }

spud_status spud_session_input(const spud_session* s, int index, spud_tensor* out) {
  if (s == nullptr || out == nullptr || unwrap(s)->input(index) == nullptr)
    return SPUD_INVALID_ARGUMENT;
  fill_view(unwrap(s)->input(index), out);
  return SPUD_OK;
}

spud_status spud_session_output(const spud_session* s, int index, spud_tensor* out) {
  if (s == nullptr || out == nullptr || unwrap(s)->output(index) == nullptr)
    return SPUD_INVALID_ARGUMENT;
  fill_view(unwrap(s)->output(index), out);
  return SPUD_OK;
}

spud_status spud_session_set_input_shape(spud_session* s, int index, const int64_t* dims, int rank,
                                         spud_error* err) {
  if (s == nullptr) return fail(spud::StatusCode::kInvalidArgument, "session is null", err);
  spud::ErrorText text;
  return report(unwrap(s)->set_input_shape(index, dims, rank, &text), err);
}

spud_status spud_session_run(spud_session* s, spud_error* err) {
  if (s == nullptr) return fail(spud::StatusCode::kInvalidArgument, "session is null", err);
  spud::ErrorText text;
  return report(unwrap(s)->run(&text), err);
}

int spud_session_num_nodes(const spud_session* s) { return s ? unwrap(s)->num_nodes() : 0; }

spud_status spud_session_node(const spud_session* s, int index, const char** name, const char** domain,
                              const char** op_type) {
  if (s == nullptr || index < 0 || index >= unwrap(s)->num_nodes()) return SPUD_INVALID_ARGUMENT;
  const spud::schema::Node* n = unwrap(s)->node(index).node;
  if (name != nullptr) *name = n->name() != nullptr ? n->name()->c_str() : "";
  if (domain != nullptr) *domain = n->domain() != nullptr ? n->domain()->c_str() : "";
  if (op_type != nullptr) *op_type = n->op_type()->c_str();
  return SPUD_OK;
}

spud_status spud_session_set_profile(spud_session* s, uint64_t* node_ns) {
  if (s == nullptr) return SPUD_INVALID_ARGUMENT;
  unwrap(s)->set_profile(node_ns);
  return SPUD_OK;
}

}  // extern "C"
