#include "model.h"

#include <string.h>

#include "spud/tensor.h"

namespace spud {

namespace {

using schema::TensorKind;

bool add_overflows(uint64_t a, uint64_t b, uint64_t* out) {
  if (a > UINT64_MAX - b) return true;
  *out = a + b;
  return false;
}

bool known_dtype(schema::DataType t) {
  return dtype_size(static_cast<DType>(t)) != 0 &&
         static_cast<int>(t) >= 0 && static_cast<int>(t) <= 16;
}

// The verifier checks a vector's alignment only to 4 bytes, but flatbuffers
// reads 64-bit elements (and Buffer structs) through typed pointers.
template <typename V>
bool aligned_elements(const V* v, size_t alignment) {
  return v == nullptr || v->size() == 0 || reinterpret_cast<uintptr_t>(v->Data()) % alignment == 0;
}

// Element count of a static shape in `*bytes`, with overflow checks.
// Symbolic dims (-1) are allowed only when `allow_symbolic`.
Status shape_bytes(const schema::Tensor* t, bool allow_symbolic, uint64_t* bytes, bool* symbolic) {
  *symbolic = false;
  const auto* shape = t->shape();
  if (!aligned_elements(shape, sizeof(int64_t)))
    return SPUD_ERROR(kInvalidModel, "a tensor's shape is misaligned");
  const uint32_t rank = shape == nullptr ? 0 : shape->size();
  if (rank > static_cast<uint32_t>(kMaxRank))
    return SPUD_ERROR(kInvalidModel, "a tensor's rank exceeds the runtime's maximum of 8");
  const uint64_t elem = dtype_size(static_cast<DType>(t->dtype()));
  // The product of the non-zero dimensions is checked too: a zero dimension
  // makes the tensor empty, but kernels still multiply the others.
  uint64_t n = elem, nonzero = elem == 0 ? 1 : elem;
  for (uint32_t i = 0; i < rank; ++i) {
    const int64_t d = shape->Get(i);
    if (d == -1) {
      if (!allow_symbolic) return SPUD_ERROR(kInvalidModel, "a constant tensor has a symbolic dimension");
      const auto* params = t->dim_params();
      if (params == nullptr || params->size() != rank || params->Get(i) == nullptr)
        return SPUD_ERROR(kInvalidModel, "a symbolic dimension has no name in dim_params");
      *symbolic = true;
      continue;
    }
    if (d < 0) return SPUD_ERROR(kInvalidModel, "a tensor has a negative dimension");
    const uint64_t ud = static_cast<uint64_t>(d);
    if (ud != 0 && nonzero > static_cast<uint64_t>(INT64_MAX) / ud)
      return SPUD_ERROR(kInvalidModel, "a tensor's byte size overflows");
    if (ud != 0) nonzero *= ud;
    n *= ud;
  }
  if (n > static_cast<uint64_t>(SIZE_MAX) || n > static_cast<uint64_t>(INT64_MAX))
    return SPUD_ERROR(kInvalidModel, "a tensor's byte size overflows");
  *bytes = n;
  return Status::Ok();
}

Status check_index_list(const flatbuffers::Vector<int32_t>* v, int32_t num_tensors,
                        bool allow_missing) {
  if (v == nullptr) return Status::Ok();
  for (int32_t idx : *v) {
    if (idx == -1 && allow_missing) continue;
    if (idx < 0 || idx >= num_tensors)
      return SPUD_ERROR(kInvalidModel, "a tensor index is out of range");
  }
  return Status::Ok();
}

Status check_tensors(const schema::Model* m) {
  const auto* tensors = m->tensors();
  const auto* buffers = m->buffers();
  const uint32_t num_buffers = buffers == nullptr ? 0 : buffers->size();
  for (const schema::Tensor* t : *tensors) {
    if (!known_dtype(t->dtype()))
      return SPUD_ERROR(kUnsupported, "a tensor has a data type the runtime cannot hold");
    if (t->kind() < TensorKind::MIN || t->kind() > TensorKind::MAX)
      return SPUD_ERROR(kInvalidModel, "a tensor has an unknown kind");
    const bool constant = t->kind() == TensorKind::CONSTANT;
    if (t->dynamic() && (constant || t->kind() == TensorKind::INPUT))
      return SPUD_ERROR(kInvalidModel, "a constant or graph input is marked dynamic");
    if (t->rank_unknown() && (constant || t->kind() == TensorKind::INPUT))
      return SPUD_ERROR(kInvalidModel, "a constant or graph input has an unknown rank");
    if (t->value_kind() != schema::ValueKind::TENSOR) {
#if SPUD_SEQUENCES
      // A sequence or optional: a blob of bytes (spud/sequence.h) that
      // only sequence-aware operators read (check_value_kinds), never data
      // in the file.
      if (m->format_version() < 3 || t->value_kind() > schema::ValueKind::MAX ||
          t->dtype() != schema::DataType::UINT8 || constant || !known_dtype(t->elem_dtype()))
        return SPUD_ERROR(kInvalidModel, "a sequence or optional value is not a non-constant uint8 blob of a version-3 file");
#else
      return SPUD_ERROR(kUnsupported, "this build has no sequence or optional operators");
#endif
    }
    uint64_t nbytes = 0;
    bool symbolic = false;
    SPUD_RETURN_IF_ERROR(shape_bytes(t, !constant, &nbytes, &symbolic));
    if (constant) {
      if (t->buffer() >= num_buffers) return SPUD_ERROR(kInvalidModel, "a constant's buffer index is out of range");
      const schema::Buffer* b = buffers->Get(t->buffer());
      uint64_t end = 0;
      if (b->size() != nbytes) return SPUD_ERROR(kInvalidModel, "a constant's buffer size does not match its shape");
      if (add_overflows(b->offset(), b->size(), &end) || end > m->data_size())
        return SPUD_ERROR(kInvalidModel, "a constant's buffer lies outside the data section");
      if (b->offset() % kDataAlignment != 0)
        return SPUD_ERROR(kInvalidModel, "a constant's buffer is not 64-byte aligned");
    }
    const uint32_t rank = t->shape() == nullptr ? 0 : t->shape()->size();
    if ((t->dim_min() != nullptr && t->dim_min()->size() != rank) ||
        (t->dim_max() != nullptr && t->dim_max()->size() != rank) ||
        ((t->dim_min() != nullptr || t->dim_max() != nullptr) && t->kind() != TensorKind::INPUT))
      return SPUD_ERROR(kInvalidModel, "a tensor's dimension bounds do not match its shape, or it is not a graph input");
    if (!aligned_elements(t->dim_min(), sizeof(int64_t)) || !aligned_elements(t->dim_max(), sizeof(int64_t)))
      return SPUD_ERROR(kInvalidModel, "a tensor's dimension bounds are misaligned");
    if (t->arena_capacity() > 0) {
      // A dynamic tensor or symbolic input with a planned place for its bounds.
      uint64_t end = 0;
      if (!m->memory_planned() || constant || (!t->dynamic() && !(symbolic && t->kind() == TensorKind::INPUT)))
        return SPUD_ERROR(kInvalidModel, "a tensor with a planned capacity is not one whose shape varies");
      if (add_overflows(t->arena_offset(), t->arena_capacity(), &end) || end > m->arena_size() ||
          t->arena_offset() % kDataAlignment != 0)
        return SPUD_ERROR(kInvalidModel, "a tensor's planned capacity lies outside the arena or is misaligned");
    } else if (!constant && m->memory_planned() && !t->dynamic() && !(symbolic && t->kind() == TensorKind::INPUT)) {
      // A graph input with symbolic dimensions has its memory from the
      // heap, sized when its shape is set; everything else planned is static.
      uint64_t end = 0;
      if (symbolic || t->rank_unknown()) return SPUD_ERROR(kUnsupported, "a planned model has a symbolic dimension");
      if (add_overflows(t->arena_offset(), nbytes, &end) || end > m->arena_size())
        return SPUD_ERROR(kInvalidModel, "a tensor's planned offset lies outside the arena");
      // Kernels access elements through typed pointers; the planner aligns to 64.
      if (t->arena_offset() % kDataAlignment != 0)
        return SPUD_ERROR(kInvalidModel, "a tensor's planned offset is not 64-byte aligned");
    }
  }
  return Status::Ok();
}

Status check_graph_io(const flatbuffers::Vector<int32_t>* list, const schema::Model* m,
                      TensorKind expected) {
  if (list == nullptr) return Status::Ok();
  const int32_t n = static_cast<int32_t>(m->tensors()->size());
  SPUD_RETURN_IF_ERROR(check_index_list(list, n, false));
  for (int32_t idx : *list)
    if (m->tensors()->Get(static_cast<uint32_t>(idx))->kind() != expected)
      return SPUD_ERROR(kInvalidModel, "a graph input or output has the wrong tensor kind");
  return Status::Ok();
}

#if SPUD_SEQUENCES
// What kind of value each input and output of a node may be: 't' a tensor,
// 's' a sequence, 'o' an optional, '*' any; the last letter repeats. Only
// these operators take or make sequences and optionals: every other
// kernel reads its inputs as tensors, so a blob must never reach one.
struct ValueKindRule {
  const char* op;
  const char* inputs;
  const char* outputs;
};
constexpr ValueKindRule kValueKindRules[] = {
    {"SequenceConstruct", "t", "s"}, {"SequenceEmpty", "t", "s"},      {"SequenceInsert", "stt", "s"},
    {"SequenceErase", "st", "s"},    {"SequenceAt", "st", "t"},        {"SequenceLength", "s", "t"},
    {"SplitToSequence", "t", "s"},   {"ConcatFromSequence", "s", "t"}, {"Optional", "*", "o"},
    {"OptionalHasElement", "*", "t"}, {"OptionalGetElement", "*", "*"}, {"Identity", "*", "*"},
    {"If", "t", "*"},                {"Loop", "tt*", "*"},             {"SequenceMap", "s*", "s"},
};

bool kind_fits(char want, schema::ValueKind kind) {
  switch (want) {
    case 't': return kind == schema::ValueKind::TENSOR;
    case 's': return kind == schema::ValueKind::SEQUENCE;
    case 'o': return kind == schema::ValueKind::OPTIONAL_TENSOR || kind == schema::ValueKind::OPTIONAL_SEQUENCE;
    default: return true;
  }
}

Status check_kind_list(const flatbuffers::Vector<int32_t>* list, const char* rule, const schema::Model* m) {
  if (list == nullptr) return Status::Ok();
  const size_t len = strlen(rule);
  for (uint32_t k = 0; k < list->size(); ++k) {
    const int32_t idx = list->Get(k);
    if (idx < 0) continue;
    const char want = rule[k < len ? k : len - 1];
    if (!kind_fits(want, m->tensors()->Get(static_cast<uint32_t>(idx))->value_kind()))
      return SPUD_ERROR(kInvalidModel, want == 't' ? "a sequence or optional value is used where a tensor is required"
                                                   : "a tensor, or the wrong kind of value, is used where a sequence or optional value is required");
  }
  return Status::Ok();
}

Status check_value_kinds(const schema::Model* m, const schema::Node* node) {
  const bool ai_onnx = node->domain() == nullptr || node->domain()->size() == 0;
  const char* in_rule = "t";
  const char* out_rule = "t";
  for (const ValueKindRule& r : kValueKindRules)
    if (ai_onnx && strcmp(node->op_type()->c_str(), r.op) == 0) {
      in_rule = r.inputs;
      out_rule = r.outputs;
    }
  SPUD_RETURN_IF_ERROR(check_kind_list(node->inputs(), in_rule, m));
  return check_kind_list(node->outputs(), out_rule, m);
}
#endif

Status check_nodes(const schema::Model* m) {
  const auto* nodes = m->nodes();
  if (nodes == nullptr) return Status::Ok();
  const auto* tensors = m->tensors();
  const int32_t n = static_cast<int32_t>(tensors->size());
  for (const schema::Node* node : *nodes) {
    if (node->op_type() == nullptr) return SPUD_ERROR(kInvalidModel, "a node has no operator type");
    SPUD_RETURN_IF_ERROR(check_index_list(node->inputs(), n, true));
    SPUD_RETURN_IF_ERROR(check_index_list(node->outputs(), n, true));
    if (node->outputs() != nullptr) {
      for (int32_t idx : *node->outputs()) {
        if (idx < 0) continue;
        const TensorKind k = tensors->Get(static_cast<uint32_t>(idx))->kind();
        if (k == TensorKind::CONSTANT || k == TensorKind::INPUT)
          return SPUD_ERROR(kInvalidModel, "a node writes to a constant or a graph input");
      }
    }
#if SPUD_SEQUENCES
    SPUD_RETURN_IF_ERROR(check_value_kinds(m, node));
#endif
    if (m->memory_planned()) {
      uint64_t end = 0;
      if (add_overflows(node->scratch_offset(), node->scratch_size(), &end) || end > m->arena_size())
        return SPUD_ERROR(kInvalidModel, "a node's scratch lies outside the arena");
      if (node->scratch_offset() % kDataAlignment != 0)
        return SPUD_ERROR(kInvalidModel, "a node's scratch is not 64-byte aligned");
    }
#if SPUD_ACCELERATED_TIERS
    // Only accelerated kernels read pre-packed bytes: other builds never
    // touch them, so they need no check there.
    if (node->packed_buffer() >= 0) {
      const auto* buffers = m->buffers();
      if (buffers == nullptr || static_cast<uint32_t>(node->packed_buffer()) >= buffers->size())
        return SPUD_ERROR(kInvalidModel, "a node's packed buffer index is out of range");
      const schema::Buffer* b = buffers->Get(static_cast<uint32_t>(node->packed_buffer()));
      uint64_t end = 0;
      if (add_overflows(b->offset(), b->size(), &end) || end > m->data_size())
        return SPUD_ERROR(kInvalidModel, "a node's packed buffer lies outside the data section");
      if (b->offset() % kDataAlignment != 0)
        return SPUD_ERROR(kInvalidModel, "a node's packed buffer is not 64-byte aligned");
      if (node->packed_kind() == nullptr) return SPUD_ERROR(kInvalidModel, "a node's packed buffer has no kind");
    }
#endif
    if (node->attributes() != nullptr) {
      for (const schema::Attribute* a : *node->attributes()) {
        if (a->name() == nullptr) return SPUD_ERROR(kInvalidModel, "an attribute has no name");
        if (!aligned_elements(a->ints(), sizeof(int64_t)))
          return SPUD_ERROR(kInvalidModel, "an attribute's ints are misaligned");
#if SPUD_CONTROL_FLOW
        if (a->type() == schema::AttributeType::GRAPH) {
          if (m->subgraphs() == nullptr || a->g() < 0 || static_cast<uint32_t>(a->g()) >= m->subgraphs()->size())
            return SPUD_ERROR(kInvalidModel, "a graph attribute's subgraph index is out of range");
        }
#endif
        if (a->type() == schema::AttributeType::TENSOR) {
          if (a->t() < 0 || a->t() >= n ||
              tensors->Get(static_cast<uint32_t>(a->t()))->kind() != TensorKind::CONSTANT)
            return SPUD_ERROR(kInvalidModel, "a tensor attribute does not name a constant");
        }
      }
    }
  }
  return Status::Ok();
}

#if SPUD_CONTROL_FLOW
// Subgraphs' inputs and outputs: ranges inside subgraph_tensors, indices in
// range, and tensors only the subgraph's node (inputs) or its nodes
// (outputs) write.
Status check_subgraph_io(const schema::Model* m) {
  const auto* io = m->subgraph_tensors();
  const uint64_t io_size = io == nullptr ? 0 : io->size();
  SPUD_RETURN_IF_ERROR(check_index_list(io, static_cast<int32_t>(m->tensors()->size()), false));
  for (const schema::Subgraph* sg : *m->subgraphs()) {
    if (static_cast<uint64_t>(sg->io_begin()) + sg->num_inputs() + sg->num_outputs() > io_size)
      return SPUD_ERROR(kInvalidModel, "a subgraph's inputs and outputs lie outside subgraph_tensors");
  }
  if (io != nullptr)
    for (int32_t idx : *io)
      if (m->tensors()->Get(static_cast<uint32_t>(idx))->kind() != TensorKind::INTERMEDIATE)
        return SPUD_ERROR(kInvalidModel, "a subgraph input or output is a constant or a graph input or output");
  return Status::Ok();
}

// Nodes [begin, end) form one graph: each node with GRAPH attributes is
// followed by its subgraphs' nodes, in attribute order, each range inside
// the enclosing one. Positions only grow, so no subgraph can contain itself.
Status check_graph_nesting(const schema::Model* m, uint32_t begin, uint32_t end, int depth, uint32_t* graphs) {
  for (uint32_t i = begin; i < end;) {
    const schema::Node* node = m->nodes()->Get(i);
    uint32_t next = i + 1;
    if (node->attributes() != nullptr) {
      for (const schema::Attribute* a : *node->attributes()) {
        if (a->type() != schema::AttributeType::GRAPH) continue;
        if (depth + 1 > kMaxSubgraphDepth)
          return SPUD_ERROR(kInvalidModel, "subgraphs nest deeper than the runtime's maximum of 8");
        const schema::Subgraph* sg = m->subgraphs()->Get(static_cast<uint32_t>(a->g()));
        if (sg->node_begin() != next)
          return SPUD_ERROR(kInvalidModel, "a subgraph's nodes do not follow its node (or it contains itself)");
        if (sg->node_count() > end - next)
          return SPUD_ERROR(kInvalidModel, "a subgraph's nodes lie outside the graph that holds it");
        ++*graphs;
        SPUD_RETURN_IF_ERROR(check_graph_nesting(m, next, next + sg->node_count(), depth + 1, graphs));
        next += sg->node_count();
      }
    }
    i = next;
  }
  return Status::Ok();
}
#endif

}  // namespace

Status load_model(const void* data, size_t size, ModelView* out) {
  if (data == nullptr) return SPUD_ERROR(kInvalidArgument, "model bytes are null");
  if (reinterpret_cast<uintptr_t>(data) % kDataAlignment != 0)
    return SPUD_ERROR(kInvalidArgument, "model bytes must start at a 64-byte-aligned address");
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  // [size prefix][root offset][identifier] must all be inside the bytes.
  constexpr size_t kHeaderSize = 2 * sizeof(uint32_t) + flatbuffers::kFileIdentifierLength;
  if (size < kHeaderSize || !flatbuffers::BufferHasIdentifier(bytes, schema::ModelIdentifier(), true))
    return SPUD_ERROR(kInvalidModel, "not a spud model (missing SPUD identifier)");
  const uint32_t fb_size = flatbuffers::ReadScalar<uint32_t>(bytes);
  if (fb_size > size - sizeof(uint32_t))
    return SPUD_ERROR(kInvalidModel, "model file is truncated");

  flatbuffers::Verifier verifier(bytes, static_cast<size_t>(fb_size) + sizeof(uint32_t));
  if (!schema::VerifySizePrefixedModelBuffer(verifier))
    return SPUD_ERROR(kInvalidModel, "model file failed flatbuffer verification");
  const schema::Model* m = schema::GetSizePrefixedModel(bytes);

  if (m->format_version() < kOldestFormatVersion || m->format_version() > kFormatVersion)
    return m->format_version() > kFormatVersion
               ? SPUD_ERROR(kUnsupported, "model file format version is newer than this runtime reads")
               : SPUD_ERROR(kInvalidModel, "model file format version is not one this runtime reads");
  if (m->tensors() == nullptr || m->tensors()->size() > 0x7fffffffu)
    return SPUD_ERROR(kInvalidModel, "model has no tensor table");
  // Sessions index tensors and nodes together (per-tensor, then per-node
  // buffers) with an int.
  if (m->nodes() != nullptr && m->nodes()->size() > 0x7fffffffu - m->tensors()->size())
    return SPUD_ERROR(kInvalidModel, "model has too many tensors and nodes");
  if (!aligned_elements(m->buffers(), alignof(schema::Buffer)))
    return SPUD_ERROR(kInvalidModel, "model buffer table is misaligned");
  uint64_t data_end = 0;
  if (add_overflows(m->data_offset(), m->data_size(), &data_end) || data_end > size ||
      m->data_offset() < static_cast<uint64_t>(fb_size) + sizeof(uint32_t) ||
      m->data_offset() % kDataAlignment != 0)
    return SPUD_ERROR(kInvalidModel, "model data section lies outside the file");

  SPUD_RETURN_IF_ERROR(check_tensors(m));
  SPUD_RETURN_IF_ERROR(check_graph_io(m->inputs(), m, TensorKind::INPUT));
  SPUD_RETURN_IF_ERROR(check_graph_io(m->outputs(), m, TensorKind::OUTPUT));
  SPUD_RETURN_IF_ERROR(check_nodes(m));
  if (m->subgraphs() != nullptr && m->subgraphs()->size() > 0) {
#if !SPUD_CONTROL_FLOW
    // Nothing here reads subgraphs: a build without If, Loop and Scan
    // refuses them whole (a GRAPH attribute elsewhere is never read).
    return SPUD_ERROR(kUnsupported, "this build has no If, Loop or Scan");
#else
    if (m->format_version() < 2) return SPUD_ERROR(kInvalidModel, "a version-1 model file has subgraphs");
    if (!aligned_elements(m->subgraphs(), alignof(schema::Subgraph)))
      return SPUD_ERROR(kInvalidModel, "model subgraph table is misaligned");
    SPUD_RETURN_IF_ERROR(check_subgraph_io(m));
    uint32_t graphs = 0;
    const uint32_t num_nodes = m->nodes() == nullptr ? 0 : m->nodes()->size();
    SPUD_RETURN_IF_ERROR(check_graph_nesting(m, 0, num_nodes, 0, &graphs));
    if (graphs != m->subgraphs()->size())
      return SPUD_ERROR(kInvalidModel, "a subgraph is not held by exactly one graph attribute");
#endif
  }

  if (m->content_crc32() != nullptr && m->content_crc32()->size() != 4)
    return SPUD_ERROR(kInvalidModel, "the content checksum is not 4 bytes");

  out->bytes = bytes;
  out->size = size;
  out->root = m;
  out->data_section = bytes + m->data_offset();
  return Status::Ok();
}

uint32_t crc32(uint32_t crc, const uint8_t* bytes, size_t size) {
  // The CRC of each 4-bit value, for the reflected polynomial.
  static const uint32_t kNibble[16] = {
      0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u, 0x4db26158u, 0x5005713cu,
      0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu, 0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu};
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) {
    crc ^= bytes[i];
    crc = (crc >> 4) ^ kNibble[crc & 15u];
    crc = (crc >> 4) ^ kNibble[crc & 15u];
  }
  return ~crc;
}

Status verify_content_checksum(const ModelView& view) {
  const schema::Model* m = view.root;
  const auto* stored = m->content_crc32();
  if (stored == nullptr)
    return SPUD_ERROR(kInvalidModel, "the file has no content checksum (an older spud convert wrote it)");
  // load_model checked: the vector is 4 bytes inside the flatbuffer, and
  // the flatbuffer and the data section lie inside the bytes.
  const size_t at = static_cast<size_t>(stored->data() - view.bytes);
  const size_t fb_end = flatbuffers::ReadScalar<uint32_t>(view.bytes) + sizeof(uint32_t);
  const size_t data_end = static_cast<size_t>(m->data_offset() + m->data_size());
  const size_t end = data_end > fb_end ? data_end : fb_end;
  static const uint8_t kZeros[4] = {0, 0, 0, 0};
  uint32_t crc = crc32(0, view.bytes, at);
  crc = crc32(crc, kZeros, 4);
  crc = crc32(crc, view.bytes + at + 4, end - at - 4);
  const uint32_t want = static_cast<uint32_t>(stored->Get(0)) | static_cast<uint32_t>(stored->Get(1)) << 8 |
                        static_cast<uint32_t>(stored->Get(2)) << 16 | static_cast<uint32_t>(stored->Get(3)) << 24;
  if (crc != want)
    return SPUD_ERROR(kInvalidModel, "the content checksum does not match: the file was changed or damaged after "
                                     "spud convert wrote it");
  return Status::Ok();
}

}  // namespace spud
