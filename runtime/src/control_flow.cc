// If, Loop and Scan, run by the session: a subgraph is a range of the
// model's nodes (schema/spud.fbs: Subgraph), executed by the same loop as
// the main graph (run_range). Values move in and out of a subgraph by copy:
// the node writes its subgraph's inputs, and copies the subgraph's outputs
// to its own outputs (and, in a loop, back to the inputs of the next
// iteration). Tensors whose shapes the file fixes live in the arena; the
// dynamic ones (a Loop's scan outputs, an If whose branches differ, carried
// values that change shape) get heap memory that is kept and grown.
// Compiled only into builds whose operators include If, Loop or Scan.
#include <string.h>

#include "session.h"

namespace spud {

namespace {

using schema::TensorKind;

const char* str(const flatbuffers::String* s) { return s == nullptr ? "" : s->c_str(); }

bool named(const flatbuffers::String* s, const char* name) {
  return s != nullptr && std::string_view(s->c_str(), s->size()) == name;
}

const schema::Subgraph* subgraph(const schema::Model* m, const schema::Node* node, const char* name) {
  if (node->attributes() == nullptr) return nullptr;
  for (const schema::Attribute* a : *node->attributes())
    if (a->type() == schema::AttributeType::GRAPH && named(a->name(), name))
      return m->subgraphs()->Get(static_cast<uint32_t>(a->g()));
  return nullptr;
}

int32_t at(const flatbuffers::Vector<int32_t>* v, int i) { return v->Get(static_cast<uint32_t>(i)); }

// A subgraph's inputs or outputs: a range of Model.subgraph_tensors.
struct Io {
  const flatbuffers::Vector<int32_t>* all;
  uint32_t begin, size;
};
Io ins(const schema::Model* m, const schema::Subgraph* sg) { return {m->subgraph_tensors(), sg->io_begin(), sg->num_inputs()}; }
Io outs(const schema::Model* m, const schema::Subgraph* sg) {
  return {m->subgraph_tensors(), sg->io_begin() + sg->num_inputs(), sg->num_outputs()};
}
int count(const Io& io) { return static_cast<int>(io.size); }
int32_t at(const Io& io, int i) { return io.all->Get(io.begin + static_cast<uint32_t>(i)); }
int begin_of(const schema::Subgraph* sg) { return static_cast<int>(sg->node_begin()); }
int end_of(const schema::Subgraph* sg) { return static_cast<int>(sg->node_begin() + sg->node_count()); }

bool is_opset8_scan(const NodeState& ns) { return ns.control == kControlScan && ns.node->since_version() < 9; }

// A Scan's (or Loop's) attributes, read where needed: no op data to keep.
struct ScanShape {
  int off = 0;    // opset 8: sequence_lens comes first
  int states = 0;  // N
  int scans = 0;   // M scan inputs
  int outs = 0;    // K scan outputs
};

// Element `index` along `axis` of `whole`, copied to (or from) `part`, which
// holds exactly one slice.
void copy_slice(const Tensor& whole, int axis, int64_t index, uint8_t* part, bool into_whole) {
  int64_t outer = 1, inner = static_cast<int64_t>(dtype_size(whole.dtype));
  for (int d = 0; d < axis; ++d) outer *= whole.dims[d];
  for (int d = axis + 1; d < whole.rank; ++d) inner *= whole.dims[d];
  const int64_t len = whole.dims[axis];
  uint8_t* base = static_cast<uint8_t*>(whole.data);
  for (int64_t o = 0; o < outer; ++o) {
    uint8_t* w = base + (o * len + index) * inner;
    uint8_t* p = part + o * inner;
    if (into_whole) memcpy(w, p, static_cast<size_t>(inner));
    else memcpy(p, w, static_cast<size_t>(inner));
  }
}

// Batch `b` of an opset-8 Scan's tensor (its first axis), or the tensor itself.
Tensor batch_view(const Tensor& t, bool batched, int64_t b) {
  Tensor v = t;
  if (!batched) return v;
  v.rank = t.rank - 1;
  for (int d = 0; d < v.rank; ++d) v.dims[d] = t.dims[d + 1];
  v.data = static_cast<uint8_t*>(t.data) + static_cast<size_t>(b) * v.size_bytes();
  return v;
}

// `t`'s shape with `len` inserted at `axis` (and `batch` before it, opset 8).
bool stacked_shape(const Tensor& slice, int axis, int64_t len, bool batched, int64_t batch, Tensor* out) {
  int64_t dims[kMaxRank];
  int r = 0;
  if (slice.rank + 1 + (batched ? 1 : 0) > kMaxRank) return false;
  if (batched) dims[r++] = batch;
  for (int d = 0; d <= slice.rank; ++d) {
    if (d == axis) dims[r++] = len;
    if (d < slice.rank) dims[r++] = slice.dims[d];
  }
  out->dtype = slice.dtype;
  return set_shape(out, r, dims);
}

// An axis attribute entry in [-rank, rank) made non-negative, or -1.
int axis_of(const NodeAttributes& attrs, const char* name, int i, int rank) {
  int64_t axes[16] = {};
  const int n = attrs.get_ints(name, axes, 16);
  const int64_t a = i < n && i < 16 ? axes[i] : 0;
  if (a < -rank || a >= rank) return -1;
  return static_cast<int>(a < 0 ? a + rank : a);
}

int64_t direction_of(const NodeAttributes& attrs, const char* name, int i) {
  int64_t dirs[16] = {};
  const int n = attrs.get_ints(name, dirs, 16);
  return i < n && i < 16 ? dirs[i] : 0;
}

}  // namespace

// Which nodes are If/Loop/Scan, where each one's subgraphs end, and which
// node holds each node (the loader checked the ranges nest).
Status SessionImpl::link_subgraphs(ErrorText* err) {
  const schema::Model* m = model_.root;
  int32_t open[kMaxSubgraphDepth + 1];
  int depth = 0;
  for (int i = 0; i < num_nodes_; ++i) {
    NodeState& ns = nodes_[i];
    while (depth > 0 && nodes_[open[depth - 1]].end <= i) --depth;
    ns.parent = depth > 0 ? open[depth - 1] : -1;
    if (ns.node->attributes() == nullptr) continue;
    uint32_t nested = 0;
    for (const schema::Attribute* a : *ns.node->attributes())
      if (a->type() == schema::AttributeType::GRAPH)
        nested += m->subgraphs()->Get(static_cast<uint32_t>(a->g()))->node_count();
    const bool onnx = ns.node->domain() == nullptr || ns.node->domain()->size() == 0;
    if (onnx && named(ns.node->op_type(), "If")) ns.control = kControlIf;
    else if (onnx && named(ns.node->op_type(), "Loop")) ns.control = kControlLoop;
    else if (onnx && named(ns.node->op_type(), "Scan")) ns.control = kControlScan;
    if (ns.control == kNoControl && nested == 0) continue;
    if (ns.control == kNoControl)
      return with_detail(err, StatusCode::kUnsupported, "node '%s' (%s) has subgraphs but is not If, Loop or Scan",
                         str(ns.node->name()), ns.node->op_type()->c_str());
    ns.end = i + 1 + static_cast<int32_t>(nested);
    if (depth <= kMaxSubgraphDepth) open[depth++] = i;
  }
  return Status::Ok();
}

// Each subgraph sees its inputs and what its enclosing graphs made before
// its node; nothing it makes is visible after it.
Status SessionImpl::bind_subgraphs(int i, ErrorText* err) {
  const schema::Model* m = model_.root;
  for (const schema::Attribute* a : *nodes_[i].node->attributes()) {
    if (a->type() != schema::AttributeType::GRAPH) continue;
    const schema::Subgraph* sg = m->subgraphs()->Get(static_cast<uint32_t>(a->g()));
    for (int k = 0; k < count(ins(m, sg)); ++k) {
      const int32_t t = at(ins(m, sg), k);
      if (produced_[t])
        return with_detail(err, StatusCode::kInvalidModel, "subgraph input '%s' is produced twice", tensors_[t].name);
      produced_[t] = 1;
    }
    SPUD_RETURN_IF_ERROR(bind_range(begin_of(sg), end_of(sg), err));
    for (int k = 0; k < count(outs(m, sg)); ++k)
      if (!produced_[at(outs(m, sg), k)])
        return with_detail(err, StatusCode::kInvalidModel, "subgraph output '%s' is not produced by its nodes",
                           tensors_[at(outs(m, sg), k)].name);
    for (int k = 0; k < count(ins(m, sg)); ++k) produced_[at(ins(m, sg), k)] = 0;
    for (int n = begin_of(sg); n < end_of(sg); ++n)
      for (int k = 0; k < nodes_[n].ctx.num_outputs; ++k) {
        const int32_t t = at(nodes_[n].node->outputs(), k);
        if (t >= 0) produced_[t] = 0;
      }
  }
  return Status::Ok();
}

// A subgraph input's type and shape from `from` (without the axes given,
// -1 for none), checked against the file; a dynamic one is set at run time.
Status SessionImpl::set_body_input(int node, int32_t index, const Tensor& from, int drop_axis, int drop_axis2,
                                   ErrorText* err) {
  const schema::Tensor* ft = model_.root->tensors()->Get(static_cast<uint32_t>(index));
  if (ft->dynamic()) return Status::Ok();
  if (from.rank < 0) {
    if (analyze_) return Status::Ok();
    return node_error(node, "prepare",
                      SPUD_ERROR(kInvalidModel, "a subgraph input is static but what it is set from is not"), err);
  }
  Tensor t = tensors_[index];
  t.dtype = from.dtype;
  int64_t dims[kMaxRank];
  int r = 0;
  for (int d = 0; d < from.rank; ++d)
    if (d != drop_axis && d != drop_axis2) dims[r++] = from.dims[d];
  if (!set_shape(&t, r, dims)) return node_error(node, "prepare", SPUD_ERROR(kInvalidModel, "a bad subgraph input shape"), err);
  tensors_[index].dtype = t.dtype;
  tensors_[index].rank = t.rank;
  memcpy(tensors_[index].dims, t.dims, sizeof(t.dims));
  return check_against_file(nodes_[node], ft, &tensors_[index], model_.root->memory_planned(), analyze_, err);
}

// At creation: checks the node against its subgraphs, sets their inputs,
// prepares their nodes and, for a static node, computes its outputs.
Status SessionImpl::prepare_control(int i, ErrorText* err) {
  const schema::Model* m = model_.root;
  NodeState& ns = nodes_[i];
  const schema::Node* node = ns.node;
  const int nin = ns.ctx.num_inputs, nout = ns.ctx.num_outputs;
  if (ns.control == kControlIf) {
    const schema::Subgraph* then_g = subgraph(m, node, "then_branch");
    const schema::Subgraph* else_g = subgraph(m, node, "else_branch");
    if (then_g == nullptr || else_g == nullptr || ns.ctx.input(0) == nullptr)
      return node_error(i, "prepare", SPUD_ERROR(kInvalidModel, "If needs cond, then_branch and else_branch"), err);
    if (count(outs(m, then_g)) != nout || count(outs(m, else_g)) != nout || count(ins(m, then_g)) != 0 ||
        count(ins(m, else_g)) != 0)
      return node_error(i, "prepare",
                        SPUD_ERROR(kInvalidModel, "If's branches must have no inputs and one output per If output"), err);
    SPUD_RETURN_IF_ERROR(prepare_range(begin_of(then_g), end_of(then_g), false, nullptr, err));
    SPUD_RETURN_IF_ERROR(prepare_range(begin_of(else_g), end_of(else_g), false, nullptr, err));
  } else {
    const schema::Subgraph* body = subgraph(m, node, "body");
    if (body == nullptr) return node_error(i, "prepare", SPUD_ERROR(kInvalidModel, "a body subgraph is missing"), err);
    const int bin = count(ins(m, body)), bout = count(outs(m, body));
    if (ns.control == kControlLoop) {
      const int carried = nin - 2;
      if (carried < 0 || bin != carried + 2 || bout < carried + 1 || nout != bout - 1)
        return node_error(i, "prepare",
                          SPUD_ERROR(kInvalidModel, "Loop's body must take (iteration, condition, carried values) and "
                                                    "give (condition, carried values, scan outputs)"),
                          err);
      Tensor scalar;
      scalar.dtype = DType::kInt64;
      SPUD_RETURN_IF_ERROR(set_body_input(i, at(ins(m, body), 0), scalar, -1, -1, err));
      scalar.dtype = DType::kBool;
      SPUD_RETURN_IF_ERROR(set_body_input(i, at(ins(m, body), 1), scalar, -1, -1, err));
      for (int k = 0; k < carried; ++k) {
        if (ns.ctx.input(2 + k) == nullptr)
          return node_error(i, "prepare", SPUD_ERROR(kInvalidModel, "a Loop's carried value is missing"), err);
        SPUD_RETURN_IF_ERROR(set_body_input(i, at(ins(m, body), 2 + k), *ns.ctx.input(2 + k), -1, -1, err));
      }
    } else {
      NodeAttributes attrs(node->attributes(), tensors_, num_tensors_);
      const bool v8 = is_opset8_scan(ns);
      const int off = v8 ? 1 : 0;
      const int64_t scans = attrs.get_int("num_scan_inputs", -1);
      const int states = nin - off - static_cast<int>(scans);
      if (scans < 1 || states < 0 || bin != nin - off || bout < states || nout != bout)
        return node_error(i, "prepare",
                          SPUD_ERROR(kInvalidModel, "Scan's body must take (states, scan slices) and give (states, "
                                                    "scan outputs), as many as the node has"),
                          err);
      if (v8 && ns.ctx.input(0) != nullptr)
        return node_error(i, "prepare", SPUD_ERROR(kUnsupported, "Scan-8 with sequence_lens is not supported"), err);
      for (int k = 0; k < states + scans; ++k) {
        const Tensor* x = ns.ctx.input(off + k);
        if (x == nullptr) return node_error(i, "prepare", SPUD_ERROR(kInvalidModel, "a Scan input is missing"), err);
        int axis = -1, axis2 = -1;
        if (v8) {
          axis = 0;
          axis2 = k >= states ? 1 : -1;
        } else if (k >= states) {
          axis = x->rank < 0 ? 0 : axis_of(attrs, "scan_input_axes", k - states, x->rank);
          if (axis < 0) return node_error(i, "prepare", SPUD_ERROR(kInvalidModel, "a scan input axis is out of range"), err);
        }
        if (x->rank >= 0 && (axis >= x->rank || axis2 >= x->rank))
          return node_error(i, "prepare", SPUD_ERROR(kInvalidModel, "a Scan input has too few dimensions"), err);
        SPUD_RETURN_IF_ERROR(set_body_input(i, at(ins(m, body), k), *x, axis, axis2, err));
      }
    }
    SPUD_RETURN_IF_ERROR(prepare_range(begin_of(body), end_of(body), false, nullptr, err));
  }
  if (node->dynamic()) return Status::Ok();
  return leave_control(i, err);
}

// The outputs' types and shapes of a node whose file says they are static:
// kDataDependent when the subgraphs do not fix them.
Status SessionImpl::leave_control(int i, ErrorText* err) {
  const schema::Model* m = model_.root;
  NodeState& ns = nodes_[i];
  const Status data_dependent = SPUD_ERROR(kDataDependent, "its output shapes depend on input values");
  auto settle = [&](int k, const Tensor& from) -> bool {
    Tensor* out = ns.ctx.output(k);
    if (out == nullptr) return true;
    if (from.rank < 0) return false;
    out->dtype = from.dtype;
    return set_shape(out, from.rank, from.dims);
  };
  if (ns.control == kControlIf) {
    const schema::Subgraph* then_g = subgraph(m, ns.node, "then_branch");
    const schema::Subgraph* else_g = subgraph(m, ns.node, "else_branch");
    for (int k = 0; k < ns.ctx.num_outputs; ++k) {
      const Tensor& a = tensors_[at(outs(m, then_g), k)];
      const Tensor& b = tensors_[at(outs(m, else_g), k)];
      if (a.rank < 0 || b.rank < 0 || a.dtype != b.dtype || !same_shape(a, b) || !settle(k, a)) return data_dependent;
    }
    return Status::Ok();
  }
  const schema::Subgraph* body = subgraph(m, ns.node, "body");
  const bool loop = ns.control == kControlLoop;
  const int in0 = loop ? 2 : 0, out0 = loop ? 1 : 0;
  const int states = loop ? ns.ctx.num_inputs - 2 : count(ins(m, body)) - static_cast<int>(
      NodeAttributes(ns.node->attributes(), tensors_, num_tensors_).get_int("num_scan_inputs", 0));
  const bool v8 = is_opset8_scan(ns);
  // Opset 8: the batch size and sequence length from the first scan input.
  const Tensor* first_scan = loop ? nullptr : ns.ctx.input((v8 ? 1 : 0) + states);
  if (first_scan != nullptr && first_scan->rank < 0) return data_dependent;
  for (int k = 0; k < states; ++k) {
    const Tensor& in = tensors_[at(ins(m, body), in0 + k)];
    const Tensor& out = tensors_[at(outs(m, body), out0 + k)];
    if (in.rank < 0 || out.rank < 0 || in.dtype != out.dtype || !same_shape(in, out)) return data_dependent;
    if (!v8) {
      if (!settle(k, in)) return data_dependent;
      continue;
    }
    Tensor whole;
    if (!stacked_shape(in, -1, 0, true, first_scan->dims[0], &whole) || !settle(k, whole)) return data_dependent;
  }
  const int scan_outs = count(outs(m, body)) - out0 - states;
  if (scan_outs == 0) return Status::Ok();
  if (loop) return data_dependent;  // as many rows as iterations
  NodeAttributes attrs(ns.node->attributes(), tensors_, num_tensors_);
  const int scan_axis =
      v8 ? 1 : axis_of(attrs, "scan_input_axes", 0, first_scan->rank);
  if (scan_axis < 0) return data_dependent;
  const int64_t len = first_scan->dims[scan_axis];
  for (int k = 0; k < scan_outs; ++k) {
    const Tensor& slice = tensors_[at(outs(m, body), states + k)];
    if (slice.rank < 0) return data_dependent;
    const int axis = v8 ? 0 : axis_of(attrs, "scan_output_axes", k, slice.rank + 1);
    Tensor whole;
    if (axis < 0) return node_error(i, "prepare", SPUD_ERROR(kInvalidModel, "a scan output axis is out of range"), err);
    if (!stacked_shape(slice, axis, len, v8, v8 ? first_scan->dims[0] : 0, &whole) || !settle(states + k, whole))
      return data_dependent;
  }
  return Status::Ok();
}

// Copies `src` into tensor `dst`: a dynamic one takes its shape (memory from
// the heap when it grows), a static one must already have it.
Status SessionImpl::assign(int dst, const Tensor& src, ErrorText* err) {
  Tensor& t = tensors_[dst];
  if (t.dtype != src.dtype) return with_detail(err, StatusCode::kInvalidModel, "'%s' gets a value of another type", t.name);
  if (model_.root->tensors()->Get(static_cast<uint32_t>(dst))->dynamic()) {
    t.rank = src.rank;
    memcpy(t.dims, src.dims, sizeof(t.dims));
    SPUD_RETURN_IF_ERROR(reserve(dst, t.size_bytes(), 0, false, err));
  } else if (!same_shape(t, src)) {
    return with_detail(err, StatusCode::kInvalidModel,
                       "'%s' has a static shape in the file but gets a value of another shape", t.name);
  }
  if (t.data != src.data) memcpy(t.data, src.data, src.size_bytes());
  return Status::Ok();
}

Status SessionImpl::run_control(int i, ErrorText* err) {
  const schema::Model* m = model_.root;
  NodeState& ns = nodes_[i];
  auto out_index = [&](int k) { return at(ns.node->outputs(), k); };
  if (ns.control == kControlIf) {
    const Tensor* cond = ns.ctx.input(0);
    if (cond->dtype != DType::kBool || cond->num_elements() < 1)
      return node_error(i, "run", SPUD_ERROR(kInvalidModel, "If's condition must be one bool"), err);
    const schema::Subgraph* g =
        subgraph(m, ns.node, *static_cast<const uint8_t*>(cond->data) != 0 ? "then_branch" : "else_branch");
    SPUD_RETURN_IF_ERROR(count_subgraph_run(i, err));
    SPUD_RETURN_IF_ERROR(run_range(begin_of(g), end_of(g), err));
    for (int k = 0; k < ns.ctx.num_outputs; ++k)
      if (out_index(k) >= 0) SPUD_RETURN_IF_ERROR(assign(out_index(k), tensors_[at(outs(m, g), k)], err));
    return Status::Ok();
  }
  const schema::Subgraph* body = subgraph(m, ns.node, "body");
  const int bin = count(ins(m, body)), bout = count(outs(m, body));
  auto body_in = [&](int k) -> Tensor& { return tensors_[at(ins(m, body), k)]; };
  auto body_out = [&](int k) -> const Tensor& { return tensors_[at(outs(m, body), k)]; };

  if (ns.control == kControlLoop) {
    const int carried = ns.ctx.num_inputs - 2, scan_outs = bout - 1 - carried;
    const Tensor* trip = ns.ctx.input(0);
    const Tensor* cond_t = ns.ctx.input(1);
    if ((trip != nullptr && (trip->dtype != DType::kInt64 || trip->num_elements() < 1)) ||
        (cond_t != nullptr && (cond_t->dtype != DType::kBool || cond_t->num_elements() < 1)))
      return node_error(i, "run", SPUD_ERROR(kInvalidModel, "Loop's M must be one int64 and cond one bool"), err);
    const int64_t max_trips = trip != nullptr ? *static_cast<const int64_t*>(trip->data) : INT64_MAX;
    bool cond = cond_t == nullptr || *static_cast<const uint8_t*>(cond_t->data) != 0;
    for (int k = 0; k < carried; ++k) SPUD_RETURN_IF_ERROR(assign(at(ins(m, body), 2 + k), *ns.ctx.input(2 + k), err));
    for (int k = 0; k < 2; ++k)
      if (body_in(k).data == nullptr) SPUD_RETURN_IF_ERROR(reserve(at(ins(m, body), k), 8, 0, false, err));
    int64_t n = 0;
    for (; n < max_trips && cond; ++n) {
      *static_cast<int64_t*>(body_in(0).data) = n;
      *static_cast<uint8_t*>(body_in(1).data) = cond ? 1 : 0;
      SPUD_RETURN_IF_ERROR(count_subgraph_run(i, err));
      SPUD_RETURN_IF_ERROR(run_range(begin_of(body), end_of(body), err));
      const Tensor& c = body_out(0);
      if (c.dtype != DType::kBool || c.num_elements() < 1)
        return node_error(i, "run", SPUD_ERROR(kInvalidModel, "Loop's body condition must be one bool"), err);
      cond = *static_cast<const uint8_t*>(c.data) != 0;
      for (int k = 0; k < scan_outs; ++k) {
        // Row n of a scan output: its memory grows as the rows come.
        const int index = out_index(carried + k);
        if (index < 0) continue;
        const Tensor& row = body_out(1 + carried + k);
        Tensor& t = tensors_[index];
        if (n > 0 && (t.rank != row.rank + 1 || !same_shape(batch_view(t, true, 0), row)))
          return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a scan output changes shape between iterations"), err);
        const size_t bytes = row.size_bytes();
        if (bytes != 0 && static_cast<uint64_t>(n + 1) > SIZE_MAX / bytes)
          return node_error(i, "run", SPUD_ERROR(kOutOfMemory, "a scan output's size overflows"), err);
        SPUD_RETURN_IF_ERROR(reserve(index, bytes * static_cast<size_t>(n + 1), bytes * static_cast<size_t>(n), true, err));
        Tensor next;
        if (t.dtype != row.dtype || !stacked_shape(row, 0, n + 1, false, 0, &next))
          return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a scan output has a bad type or shape"), err);
        t.rank = next.rank;
        memcpy(t.dims, next.dims, sizeof(t.dims));
        memcpy(static_cast<uint8_t*>(t.data) + bytes * static_cast<size_t>(n), row.data, bytes);
      }
      for (int k = 0; k < carried; ++k) SPUD_RETURN_IF_ERROR(assign(at(ins(m, body), 2 + k), body_out(1 + k), err));
    }
    for (int k = 0; k < carried; ++k)
      if (out_index(k) >= 0) SPUD_RETURN_IF_ERROR(assign(out_index(k), body_in(2 + k), err));
    if (n == 0)
      for (int k = 0; k < scan_outs; ++k) {
        // No iteration: no rows, and a row's shape as far as it is known.
        const int index = out_index(carried + k);
        if (index < 0) continue;
        const Tensor& row = body_out(1 + carried + k);
        Tensor& t = tensors_[index];
        Tensor empty;
        empty.dtype = t.dtype;
        if (row.rank < 0 || !stacked_shape(row, 0, 0, false, 0, &empty)) set_shape(&empty, 1, &n);
        t.rank = empty.rank;
        memcpy(t.dims, empty.dims, sizeof(t.dims));
        SPUD_RETURN_IF_ERROR(reserve(index, 0, 0, false, err));
      }
    return Status::Ok();
  }

  // Scan.
  NodeAttributes attrs(ns.node->attributes(), tensors_, num_tensors_);
  const bool v8 = is_opset8_scan(ns);
  const int off = v8 ? 1 : 0;
  const int scans = static_cast<int>(attrs.get_int("num_scan_inputs", 0));
  const int states = bin - scans, scan_outs = bout - states;
  const Tensor& first = *ns.ctx.input(off + states);
  if (first.rank < (v8 ? 2 : 1))
    return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a scan input has too few dimensions"), err);
  const int64_t batches = v8 ? first.dims[0] : 1;
  const int first_axis = v8 ? 1 : axis_of(attrs, "scan_input_axes", 0, first.rank);
  if (first_axis < 0) return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a scan input axis is out of range"), err);
  const int64_t len = first.dims[first_axis];
  for (int j = 0; j < scans; ++j) {
    const Tensor& x = *ns.ctx.input(off + states + j);
    const int axis = v8 ? 1 : axis_of(attrs, "scan_input_axes", j, x.rank);
    if (axis < 0 || x.rank <= axis || x.dims[axis] != len || (v8 && x.dims[0] != batches))
      return node_error(i, "run", SPUD_ERROR(kInvalidModel, "scan inputs differ in sequence length or axes"), err);
  }
  for (int k = 0; k < states && v8; ++k)
    if (ns.ctx.input(1 + k)->rank < 1 || ns.ctx.input(1 + k)->dims[0] != batches)
      return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a Scan state's batch size differs"), err);
  const int64_t directions_default = 0;
  (void)directions_default;
  for (int64_t b = 0; b < batches; ++b) {
    for (int k = 0; k < states; ++k)
      SPUD_RETURN_IF_ERROR(assign(at(ins(m, body), k), batch_view(*ns.ctx.input(off + k), v8, b), err));
    for (int64_t step = 0; step < len; ++step) {
      for (int j = 0; j < scans; ++j) {
        const Tensor x = batch_view(*ns.ctx.input(off + states + j), v8, b);
        const int axis = v8 ? 0 : axis_of(attrs, "scan_input_axes", j, x.rank);
        const bool reverse = direction_of(attrs, v8 ? "directions" : "scan_input_directions", j) != 0;
        // The slice's shape, then its bytes.
        Tensor slice;
        slice.dtype = x.dtype;
        int64_t dims[kMaxRank];
        int r = 0;
        for (int d = 0; d < x.rank; ++d)
          if (d != axis) dims[r++] = x.dims[d];
        (void)set_shape(&slice, r, dims);
        const int32_t index = at(ins(m, body), states + j);
        Tensor& t = tensors_[index];
        if (m->tensors()->Get(static_cast<uint32_t>(index))->dynamic()) {
          t.rank = slice.rank;
          memcpy(t.dims, slice.dims, sizeof(t.dims));
          SPUD_RETURN_IF_ERROR(reserve(index, t.size_bytes(), 0, false, err));
        } else if (!same_shape(t, slice) || t.dtype != slice.dtype) {
          return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a scan slice differs from its planned shape"), err);
        }
        copy_slice(x, axis, reverse ? len - 1 - step : step, static_cast<uint8_t*>(t.data), false);
      }
      SPUD_RETURN_IF_ERROR(count_subgraph_run(i, err));
      SPUD_RETURN_IF_ERROR(run_range(begin_of(body), end_of(body), err));
      for (int k = 0; k < states; ++k) SPUD_RETURN_IF_ERROR(assign(at(ins(m, body), k), body_out(k), err));
      for (int k = 0; k < scan_outs; ++k) {
        const int index = out_index(states + k);
        if (index < 0) continue;
        const Tensor& row = body_out(states + k);
        const int axis = v8 ? 0 : axis_of(attrs, "scan_output_axes", k, row.rank + 1);
        Tensor& t = tensors_[index];
        Tensor whole;
        if (axis < 0 || !stacked_shape(row, axis, len, v8, batches, &whole) || t.dtype != row.dtype)
          return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a scan output has a bad type, shape or axis"), err);
        if (m->tensors()->Get(static_cast<uint32_t>(index))->dynamic() && b == 0 && step == 0) {
          t.rank = whole.rank;
          memcpy(t.dims, whole.dims, sizeof(t.dims));
          SPUD_RETURN_IF_ERROR(reserve(index, t.size_bytes(), 0, false, err));
        } else if (!same_shape(t, whole)) {
          return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a scan output changes shape between iterations"), err);
        }
        const bool reverse = !v8 && direction_of(attrs, "scan_output_directions", k) != 0;
        const Tensor view = batch_view(t, v8, b);
        copy_slice(view, axis, reverse ? len - 1 - step : step, static_cast<uint8_t*>(row.data), true);
      }
    }
    for (int k = 0; k < states; ++k) {
      const int index = out_index(k);
      if (index < 0) continue;
      const Tensor& state = body_in(k);
      Tensor& t = tensors_[index];
      if (!v8) {
        SPUD_RETURN_IF_ERROR(assign(index, state, err));
        continue;
      }
      Tensor whole;
      if (!stacked_shape(state, -1, 0, true, batches, &whole))
        return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a Scan state has a bad shape"), err);
      if (m->tensors()->Get(static_cast<uint32_t>(index))->dynamic() && b == 0) {
        t.rank = whole.rank;
        memcpy(t.dims, whole.dims, sizeof(t.dims));
        SPUD_RETURN_IF_ERROR(reserve(index, t.size_bytes(), 0, false, err));
      } else if (!same_shape(t, whole)) {
        return node_error(i, "run", SPUD_ERROR(kInvalidModel, "a Scan state changes shape"), err);
      }
      memcpy(batch_view(t, true, b).data, state.data, state.size_bytes());
    }
  }
  if (len == 0 || batches == 0)
    for (int k = 0; k < scan_outs; ++k) {
      const int index = out_index(states + k);
      if (index < 0 || !m->tensors()->Get(static_cast<uint32_t>(index))->dynamic()) continue;
      const Tensor& row = body_out(states + k);
      Tensor& t = tensors_[index];
      Tensor whole;
      whole.dtype = t.dtype;
      const int axis = v8 ? 0 : axis_of(attrs, "scan_output_axes", k, row.rank + 1);
      const int64_t zero = 0;
      if (row.rank < 0 || axis < 0 || !stacked_shape(row, axis, len, v8, batches, &whole)) set_shape(&whole, 1, &zero);
      t.rank = whole.rank;
      memcpy(t.dims, whole.dims, sizeof(t.dims));
      SPUD_RETURN_IF_ERROR(reserve(index, t.size_bytes(), 0, false, err));
    }
  return Status::Ok();
}

}  // namespace spud
