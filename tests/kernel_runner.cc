#include "kernel_runner.h"

#if SPUD_THREADS
#include <pthreadpool.h>
#endif

#include <memory>

#include "spud_generated.h"

namespace spud {
namespace testing {

std::vector<float> random_floats(std::mt19937& rng, int64_t n, float lo, float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<int64_t> random_shape(std::mt19937& rng, int rank, int64_t max_dim) {
  std::uniform_int_distribution<int64_t> dist(1, max_dim);
  std::vector<int64_t> s(static_cast<size_t>(rank));
  for (int64_t& d : s) d = dist(rng);
  return s;
}

struct AttrBuilder::Impl {
  flatbuffers::FlatBufferBuilder fbb;
  std::vector<flatbuffers::Offset<schema::Attribute>> attrs;
  mutable bool finished = false;
  mutable std::vector<uint8_t> bytes;
};

AttrBuilder::AttrBuilder() : impl_(new Impl) {}
AttrBuilder::~AttrBuilder() { delete impl_; }

AttrBuilder& AttrBuilder::i(const std::string& name, int64_t v) {
  auto n = impl_->fbb.CreateString(name);
  schema::AttributeBuilder b(impl_->fbb);
  b.add_name(n);
  b.add_type(schema::AttributeType::INT);
  b.add_i(v);
  impl_->attrs.push_back(b.Finish());
  return *this;
}

AttrBuilder& AttrBuilder::f(const std::string& name, float v) {
  auto n = impl_->fbb.CreateString(name);
  schema::AttributeBuilder b(impl_->fbb);
  b.add_name(n);
  b.add_type(schema::AttributeType::FLOAT);
  b.add_f(v);
  impl_->attrs.push_back(b.Finish());
  return *this;
}

AttrBuilder& AttrBuilder::s(const std::string& name, const std::string& v) {
  auto n = impl_->fbb.CreateString(name);
  auto sv = impl_->fbb.CreateString(v);
  schema::AttributeBuilder b(impl_->fbb);
  b.add_name(n);
  b.add_type(schema::AttributeType::STRING);
  b.add_s(sv);
  impl_->attrs.push_back(b.Finish());
  return *this;
}

AttrBuilder& AttrBuilder::ints(const std::string& name, const std::vector<int64_t>& v) {
  auto n = impl_->fbb.CreateString(name);
  auto vv = impl_->fbb.CreateVector(v);
  schema::AttributeBuilder b(impl_->fbb);
  b.add_name(n);
  b.add_type(schema::AttributeType::INTS);
  b.add_ints(vv);
  impl_->attrs.push_back(b.Finish());
  return *this;
}

AttrBuilder& AttrBuilder::floats(const std::string& name, const std::vector<float>& v) {
  auto n = impl_->fbb.CreateString(name);
  auto vv = impl_->fbb.CreateVector(v);
  schema::AttributeBuilder b(impl_->fbb);
  b.add_name(n);
  b.add_type(schema::AttributeType::FLOATS);
  b.add_floats(vv);
  impl_->attrs.push_back(b.Finish());
  return *this;
}

AttrBuilder& AttrBuilder::strings(const std::string& name, const std::vector<std::string>& v) {
  auto n = impl_->fbb.CreateString(name);
  auto vv = impl_->fbb.CreateVectorOfStrings(v);
  schema::AttributeBuilder b(impl_->fbb);
  b.add_name(n);
  b.add_type(schema::AttributeType::STRINGS);
  b.add_strings(vv);
  impl_->attrs.push_back(b.Finish());
  return *this;
}

const void* AttrBuilder::finish() const {
  if (!impl_->finished) {
    // Wrap the attributes in a Node so the vector sits in a finished buffer.
    auto vec = impl_->fbb.CreateVector(impl_->attrs);
    schema::NodeBuilder nb(impl_->fbb);
    nb.add_attributes(vec);
    impl_->fbb.Finish(nb.Finish());
    impl_->bytes.assign(impl_->fbb.GetBufferPointer(),
                        impl_->fbb.GetBufferPointer() + impl_->fbb.GetSize());
    impl_->finished = true;
  }
  return flatbuffers::GetRoot<schema::Node>(impl_->bytes.data())->attributes();
}


std::vector<const KernelDef*> kernel_tiers(const std::string& op, int since_version,
                                           const std::vector<const TestTensor*>& inputs,
                                           const std::string& domain) {
  // An omitted input has no type; kUndefined matches no kernel's types.
  std::vector<DType> types(inputs.size(), DType::kUndefined);
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i] != nullptr) types[i] = inputs[i]->dtype;
  const KernelDef* defs[16];
  const int n = find_kernels(domain, op, since_version, types.data(), static_cast<int>(types.size()), defs, 16);
  return std::vector<const KernelDef*>(defs, defs + (n < 16 ? n : 16));
}

RunResult run_kernel(const std::string& op, int since_version, const AttrBuilder& attrs,
                     const std::vector<const TestTensor*>& inputs, int num_outputs,
                     const std::string& domain) {
  RunResult result;
  result.status = SPUD_ERROR(kUnsupported, "no kernel in this build");
  result.phase = "lookup";
  for (const KernelDef* def : kernel_tiers(op, since_version, inputs, domain)) {
    result = run_kernel_def(def, since_version, attrs, inputs, num_outputs);
    if (result.status.code() != StatusCode::kDeclined) break;
  }
  return result;
}

RunResult run_kernel_def(const KernelDef* def, int since_version, const AttrBuilder& attrs,
                         const std::vector<const TestTensor*>& inputs, int num_outputs, int threads) {
  RunResult result;
  struct Pool {  // the session's kind of pool (pthreadpool), for this run
    void* pool = nullptr;
    explicit Pool(int n) {
#if SPUD_THREADS
      if (n > 1) pool = pthreadpool_create(static_cast<size_t>(n));
#else
      (void)n;
#endif
    }
    ~Pool() {
#if SPUD_THREADS
      if (pool != nullptr) pthreadpool_destroy(static_cast<pthreadpool_t>(pool));
#endif
    }
  } pool(threads);
  // Inputs are copied with slack behind them: XNNPACK may read (never
  // write) up to 16 bytes past a tensor, as the arena allows.
  std::vector<std::vector<uint8_t>> in_bytes(inputs.size());
  std::vector<Tensor> in_tensors(inputs.size());
  std::vector<const Tensor*> in_ptrs(inputs.size(), nullptr);
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i] == nullptr) continue;
    in_bytes[i] = inputs[i]->bytes;
    in_bytes[i].resize(inputs[i]->bytes.size() + 64);
    Tensor& t = in_tensors[i];
    t.dtype = inputs[i]->dtype;
    t.data = in_bytes[i].data();
    t.capacity = inputs[i]->bytes.size();
    t.constant = inputs[i]->constant;
    if (!set_shape(&t, static_cast<int>(inputs[i]->shape.size()), inputs[i]->shape.data())) {
      result.status = SPUD_ERROR(kInvalidArgument, "bad test input shape");
      result.phase = "lookup";
      return result;
    }
    in_ptrs[i] = &t;
  }
  std::vector<Tensor> out_tensors(static_cast<size_t>(num_outputs));
  std::vector<Tensor*> out_ptrs(static_cast<size_t>(num_outputs));
  for (int i = 0; i < num_outputs; ++i) out_ptrs[static_cast<size_t>(i)] = &out_tensors[static_cast<size_t>(i)];
  // op_data is 16-byte aligned and zeroed, as in a session.
  std::vector<std::max_align_t> op_data(def->op_data_size / sizeof(std::max_align_t) + 1);
  std::memset(static_cast<void*>(op_data.data()), 0, op_data.size() * sizeof(std::max_align_t));
  NodeAttributes node_attrs(attrs.finish(), nullptr, 0);
  KernelContext ctx;
  ctx.num_inputs = static_cast<int>(in_ptrs.size());
  ctx.inputs = in_ptrs.data();
  ctx.num_outputs = num_outputs;
  ctx.outputs = out_ptrs.data();
  ctx.op_data = op_data.data();
  ctx.since_version = since_version;
  ctx.attributes = &node_attrs;
  ctx.thread_pool = pool.pool;
  if (def->init != nullptr) {
    result.status = def->init(&ctx);
    if (!result.status.ok()) {
      result.phase = "init";
      return result;
    }
  }
  ctx.attributes = nullptr;
  result.status = def->prepare(&ctx);
  // As a session runs a dynamic node: a prepare that needs memory to work
  // out its shapes from the values gets it and runs again (kernel.h).
  std::vector<uint8_t> prepare_scratch;
  if (result.status.code() == StatusCode::kDataDependent && ctx.scratch_size > 0) {
    prepare_scratch.resize(ctx.scratch_size);
    ctx.scratch = prepare_scratch.data();
    ctx.scratch_capacity = prepare_scratch.size();
    ctx.scratch_size = 0;
    result.status = def->prepare(&ctx);
  }
  if (!result.status.ok()) {
    result.phase = "prepare";
    return result;
  }
  result.outputs.resize(static_cast<size_t>(num_outputs));
  std::vector<std::vector<uint8_t>> out_bytes(static_cast<size_t>(num_outputs));
  for (int i = 0; i < num_outputs; ++i) {
    Tensor& t = out_tensors[static_cast<size_t>(i)];
    TestTensor& o = result.outputs[static_cast<size_t>(i)];
    o.dtype = t.dtype;
    o.shape.assign(t.dims, t.dims + t.rank);
    out_bytes[static_cast<size_t>(i)].assign(t.size_bytes() + 64, 0xCD);  // poison: eval must write every byte
    t.data = out_bytes[static_cast<size_t>(i)].data();
    t.capacity = t.size_bytes();
  }
  std::vector<uint8_t> scratch(ctx.scratch_size);
  if (ctx.scratch_capacity > 0 && ctx.scratch_size <= ctx.scratch_capacity) {
    scratch = prepare_scratch;  // eval sees what prepare left there
  }
  ctx.scratch = scratch.data();
  ctx.scratch_capacity = 0;
  // The session's shared workspace, 64-byte aligned as there.
  std::vector<uint8_t> workspace(ctx.workspace_size + 64);
  if (ctx.workspace_size > 0)
    ctx.workspace = workspace.data() + (64 - reinterpret_cast<uintptr_t>(workspace.data()) % 64) % 64;
  result.status = def->eval(&ctx);
  if (!result.status.ok()) result.phase = "eval";
  for (int i = 0; i < num_outputs; ++i) {
    const std::vector<uint8_t>& b = out_bytes[static_cast<size_t>(i)];
    result.outputs[static_cast<size_t>(i)].bytes.assign(b.begin(), b.end() - 64);
  }
  if (def->release != nullptr) (void)def->release(&ctx);
  return result;
}

}  // namespace testing
}  // namespace spud
