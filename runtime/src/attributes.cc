// NodeAttributes over the file's flatbuffer attribute vector. The loader has
// verified the buffer, so the accessors here are safe to call.
#include "spud/kernel.h"
#include "spud_generated.h"

namespace spud {

namespace {
using AttrVector = flatbuffers::Vector<flatbuffers::Offset<schema::Attribute>>;
}

const void* NodeAttributes::find(const char* name) const {
  if (attributes_ == nullptr) return nullptr;
  const auto* attrs = static_cast<const AttrVector*>(attributes_);
  for (const schema::Attribute* a : *attrs) {
    // Bounded by the verified length (and no strcmp through flatbuffers'
    // zero-sized String struct, which GCC's -Os analysis flags).
    if (a->name() != nullptr && std::string_view(a->name()->c_str(), a->name()->size()) == name) return a;
  }
  return nullptr;
}

bool NodeAttributes::has(const char* name) const { return find(name) != nullptr; }

int64_t NodeAttributes::get_int(const char* name, int64_t fallback) const {
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  return a != nullptr && a->type() == schema::AttributeType::INT ? a->i() : fallback;
}

float NodeAttributes::get_float(const char* name, float fallback) const {
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  return a != nullptr && a->type() == schema::AttributeType::FLOAT ? a->f() : fallback;
}

std::string_view NodeAttributes::get_string(const char* name) const {
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  if (a == nullptr || a->type() != schema::AttributeType::STRING || a->s() == nullptr) return {};
  return std::string_view(a->s()->c_str(), a->s()->size());
}

int NodeAttributes::get_ints(const char* name, int64_t* out, int max) const {
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  if (a == nullptr || a->type() != schema::AttributeType::INTS) return -1;
  if (a->ints() == nullptr) return 0;
  const int n = static_cast<int>(a->ints()->size());
  for (int i = 0; i < n && i < max; ++i) out[i] = a->ints()->Get(i);
  return n;
}

int NodeAttributes::get_floats(const char* name, float* out, int max) const {
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  if (a == nullptr || a->type() != schema::AttributeType::FLOATS) return -1;
  if (a->floats() == nullptr) return 0;
  const int n = static_cast<int>(a->floats()->size());
  for (int i = 0; i < n && i < max; ++i) out[i] = a->floats()->Get(i);
  return n;
}

int NodeAttributes::get_strings(const char* name, std::string_view* out, int max) const {
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  if (a == nullptr || a->type() != schema::AttributeType::STRINGS) return -1;
  if (a->strings() == nullptr) return 0;
  const int n = static_cast<int>(a->strings()->size());
  for (int i = 0; i < n && i < max; ++i) {
    const auto* v = a->strings()->Get(i);
    out[i] = v == nullptr ? std::string_view() : std::string_view(v->c_str(), v->size());
  }
  return n;
}

const int64_t* NodeAttributes::ints_in_place(const char* name, int* count) const {
  *count = 0;
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  if (a == nullptr || a->type() != schema::AttributeType::INTS || a->ints() == nullptr || a->ints()->size() == 0) return nullptr;
#if FLATBUFFERS_LITTLEENDIAN
  *count = static_cast<int>(a->ints()->size());
  return a->ints()->data();
#else
  return nullptr;
#endif
}

const float* NodeAttributes::floats_in_place(const char* name, int* count) const {
  *count = 0;
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  if (a == nullptr || a->type() != schema::AttributeType::FLOATS || a->floats() == nullptr || a->floats()->size() == 0) return nullptr;
#if FLATBUFFERS_LITTLEENDIAN
  *count = static_cast<int>(a->floats()->size());
  return a->floats()->data();
#else
  return nullptr;
#endif
}

const Tensor* NodeAttributes::get_tensor(const char* name) const {
  const auto* a = static_cast<const schema::Attribute*>(find(name));
  if (a == nullptr || a->type() != schema::AttributeType::TENSOR) return nullptr;
  if (a->t() < 0 || a->t() >= num_tensors_) return nullptr;
  return &tensors_[a->t()];
}

}  // namespace spud
