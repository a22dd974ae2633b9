// spud ops: the kernels compiled into this build, from the registry table.
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "cli_common.h"
#include "converter/opset_changes.h"
#include "spud/kernel.h"

namespace spud {
namespace cli {

int run_ops(bool json) {
  int count = 0;
  const KernelEntry* table = all_kernels(&count);
  // (domain, op) -> since range and types over every definition.
  struct Entry {
    int since_min = 1 << 30, since_max = 0;
    std::set<std::string> types;
  };
  std::map<std::pair<std::string, std::string>, Entry> ops;
  for (int i = 0; i < count; ++i) {
    const KernelDef* d = table[i].def;
    if (d == nullptr) continue;
    Entry& e = ops[{d->domain, d->op_type}];
    e.since_min = d->since_min < e.since_min ? d->since_min : e.since_min;
    e.since_max = d->since_max > e.since_max ? d->since_max : e.since_max;
    // From 1: an omitted input (undefined) is no type a value has.
    for (int t = 1; t < 32; ++t)
      if (d->types & table[i].types & (1u << t)) e.types.insert(dtype_name(static_cast<DType>(t)));
  }
  // The README's "Supported models" section is checked against these.
  size_t default_domain = 0;
  for (const auto& kv : ops) default_domain += kv.first.first.empty();
  if (json)
    std::printf("{\"opsets\": {\"oldest\": %d, \"newest\": %d}, \"default_domain_operators\": %zu, \"operators\": [\n",
                convert::kOldestOpset, convert::kNewestOpset, default_domain);
  size_t n = 0;
  for (const auto& [key, e] : ops) {
    std::string types;
    for (const std::string& t : e.types) types += (types.empty() ? "" : json ? "\", \"" : ",") + t;
    const std::string domain = key.first.empty() ? "ai.onnx" : key.first;
    if (json)
      std::printf("  {\"domain\": \"%s\", \"op\": \"%s\", \"since_min\": %d, \"since_max\": %d, \"types\": [\"%s\"]}%s\n",
                  domain.c_str(), key.second.c_str(), e.since_min, e.since_max, types.c_str(), ++n < ops.size() ? "," : "");
    else
      std::printf("%s;%s;%d-%d;%s\n", domain.c_str(), key.second.c_str(), e.since_min, e.since_max, types.c_str());
  }
  if (json) std::printf("]}\n");
  else
    std::printf("# %zu operators (%zu of the default domain, ai.onnx), %d kernel definitions; models of opsets %d to "
                "%d convert\n",
                ops.size(), default_domain, count, convert::kOldestOpset, convert::kNewestOpset);
  return 0;
}

}  // namespace cli
}  // namespace spud
