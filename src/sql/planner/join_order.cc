// The join orderer over an abstract graph (sql/planner/join_order.h); the plan rewrite that
// uses it is in join_reorder.cc.
#include "sql/planner/join_order.h"

#include <algorithm>

namespace basalt::sql::internal {
namespace {

uint64_t Bit(int relation) {
  return uint64_t(1) << relation;
}

// The greedy order is taken only when it is estimated this much cheaper than the written one
// (estimates are rough: a near tie keeps what the query says).
constexpr double kReorderMargin = 0.9;

}  // namespace

double JoinRows(const JoinGraph& graph, uint64_t set, double set_rows, int next, bool* connected) {
  *connected = false;
  double next_rows = graph.rows[size_t(next)];
  uint64_t with = set | Bit(next);
  double selectivity = 1;
  for (const JoinEdge& edge : graph.edges) {
    uint64_t both = edge.left | edge.right;
    if ((both & ~with) != 0 || (both & Bit(next)) == 0 || (both & set) == 0) {
      continue;  // needs relations not joined yet, or does not link `next` to `set`
    }
    // Distinct key values on one side: at most the rows of that side.
    auto distinct = [&](uint64_t side, double known) {
      if (side == Bit(next)) {
        return known > 0 ? std::min(known, next_rows) : next_rows;
      }
      if ((side & Bit(next)) != 0) {
        return std::max(set_rows, next_rows);  // a key over both sides: unknown
      }
      return known > 0 ? std::min(known, set_rows) : set_rows;
    };
    double most = std::max(distinct(edge.left, edge.left_distinct),
                           distinct(edge.right, edge.right_distinct));
    selectivity = std::min(selectivity, 1 / std::max(1.0, most));
    *connected = true;
  }
  return set_rows * next_rows * selectivity;
}

JoinOrder WrittenOrder(const JoinGraph& graph) {
  JoinOrder order;
  if (graph.rows.empty()) {
    return order;
  }
  order.steps.push_back({0, graph.rows[0], false});
  uint64_t set = Bit(0);
  double rows = graph.rows[0];
  for (int next = 1; next < int(graph.rows.size()); ++next) {
    bool connected = false;
    rows = JoinRows(graph, set, rows, next, &connected);
    set |= Bit(next);
    order.steps.push_back({next, rows, connected});
    order.cost += rows;
  }
  return order;
}

JoinOrder GreedyOrder(const JoinGraph& graph) {
  JoinOrder order;
  int n = int(graph.rows.size());
  if (n == 0) {
    return order;
  }
  // The smallest relation that an equi-join condition links to another (relations joined to
  // nothing are cross products: last), or the smallest of all when there is none.
  uint64_t linked = 0;
  for (const JoinEdge& edge : graph.edges) {
    linked |= edge.left | edge.right;
  }
  int first = -1;
  for (int idx = 0; idx < n; ++idx) {
    bool eligible = linked == 0 || (linked & Bit(idx)) != 0;
    if (eligible && (first < 0 || graph.rows[size_t(idx)] < graph.rows[size_t(first)])) {
      first = idx;
    }
  }
  order.steps.push_back({first, graph.rows[size_t(first)], false});
  uint64_t set = Bit(first);
  double rows = graph.rows[size_t(first)];
  while (int(order.steps.size()) < n) {
    // The connected relation with the smallest join, else (a cross product) the smallest.
    int best = -1;
    double best_rows = 0;
    bool best_connected = false;
    for (int idx = 0; idx < n; ++idx) {
      if ((set & Bit(idx)) != 0) {
        continue;
      }
      bool connected = false;
      double joined = JoinRows(graph, set, rows, idx, &connected);
      bool better =
          best < 0 || (connected && !best_connected) ||
          (connected == best_connected &&
           (connected ? joined < best_rows : graph.rows[size_t(idx)] < graph.rows[size_t(best)]));
      if (better) {
        best = idx;
        best_rows = joined;
        best_connected = connected;
      }
    }
    rows = best_rows;
    set |= Bit(best);
    order.steps.push_back({best, rows, best_connected});
    order.cost += rows;
  }
  return order;
}

JoinOrder ChooseJoinOrder(const JoinGraph& graph) {
  JoinOrder written = WrittenOrder(graph);
  JoinOrder greedy = GreedyOrder(graph);
  return greedy.cost < written.cost * kReorderMargin ? greedy : written;
}

}  // namespace basalt::sql::internal
