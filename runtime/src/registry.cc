// Lookup over the generated constant kernel table.
#include "spud/kernel.h"

namespace spud {

extern const KernelEntry kernel_table[];
extern const int kernel_table_size;
extern const bool kernel_table_reduced;

namespace {
bool matches(const KernelDef* def, std::string_view domain, std::string_view op, int version) {
  return def != nullptr && domain == def->domain && op == def->op_type &&
         version >= def->since_min && version <= def->since_max;
}
}  // namespace

int find_kernels(std::string_view domain, std::string_view op_type, int since_version,
                 const DType* input_types, int num_inputs, const KernelDef** out, int max) {
  int n = 0;
  for (int i = 0; i < kernel_table_size; ++i) {
    const KernelDef* def = kernel_table[i].def;
    if (!matches(def, domain, op_type, since_version)) continue;
    // types 0: no input selects the definition (SequenceEmpty, Optional).
    if (def->types != 0 && (def->type_input >= num_inputs ||
                            (def->types & kernel_table[i].types & dtype_bit(input_types[def->type_input])) == 0))
      continue;
    if (n < max) out[n] = def;
    ++n;
  }
  return n;
}

const KernelDef* find_kernel(std::string_view domain, std::string_view op_type, int since_version,
                             const DType* input_types, int num_inputs) {
  const KernelDef* def = nullptr;
  return find_kernels(domain, op_type, since_version, input_types, num_inputs, &def, 1) > 0 ? def : nullptr;
}

const KernelDef* find_kernel_any_type(std::string_view domain, std::string_view op_type, int since_version) {
  for (int i = 0; i < kernel_table_size; ++i)
    if (matches(kernel_table[i].def, domain, op_type, since_version)) return kernel_table[i].def;
  return nullptr;
}

bool has_kernel(std::string_view domain, std::string_view op_type, int since_version) {
  return find_kernel_any_type(domain, op_type, since_version) != nullptr;
}

const KernelEntry* all_kernels(int* count) {
  *count = kernel_table_size;
  return kernel_table;
}

bool kernels_reduced() { return kernel_table_reduced; }

}  // namespace spud
