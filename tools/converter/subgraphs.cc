// Walking subgraphs: the order the file stores nodes in, and what a
// subgraph reads from the graphs around it.
#include <set>

#include "ir.h"

namespace spud {
namespace convert {

bool has_subgraphs(const Node& n) {
  for (const Attr& a : n.attrs)
    if (a.type == AttrType::kGraph) return true;
  return false;
}

namespace {

template <typename G, typename N>
void linearize(G& g, std::vector<N*>* out) {
  for (auto& n : g.nodes) {
    out->push_back(&n);
    for (auto& a : n.attrs)
      if (a.type == AttrType::kGraph) linearize(*a.graph, out);
  }
}

// Names read by `g`'s nodes and outputs that `g` does not define, into `reads`.
void outer_reads(const Graph& g, std::set<std::string>* reads) {
  std::set<std::string> defined(g.inputs.begin(), g.inputs.end());
  for (const Node& n : g.nodes)
    for (const std::string& o : n.outputs) defined.insert(o);
  std::set<std::string> wanted;
  for (const Node& n : g.nodes) {
    wanted.insert(n.inputs.begin(), n.inputs.end());
    for (const std::string& in : implicit_inputs(n)) wanted.insert(in);
  }
  wanted.insert(g.outputs.begin(), g.outputs.end());
  for (const std::string& w : wanted)
    if (!w.empty() && !defined.count(w)) reads->insert(w);
}

}  // namespace

std::vector<Node*> linear_nodes(Graph& g) {
  std::vector<Node*> out;
  linearize(g, &out);
  return out;
}

std::vector<const Node*> linear_nodes(const Graph& g) {
  std::vector<const Node*> out;
  linearize(g, &out);
  return out;
}

std::vector<std::string> implicit_inputs(const Node& n) {
  std::set<std::string> reads;
  for (const Attr& a : n.attrs)
    if (a.type == AttrType::kGraph) outer_reads(*a.graph, &reads);
  return std::vector<std::string>(reads.begin(), reads.end());
}

void for_each_subgraph(Graph& g, const std::function<void(Graph&)>& fn) {
  for (Node& n : g.nodes)
    for (Attr& a : n.attrs)
      if (a.type == AttrType::kGraph) {
        fn(*a.graph);
        for_each_subgraph(*a.graph, fn);
      }
}

}  // namespace convert
}  // namespace spud
