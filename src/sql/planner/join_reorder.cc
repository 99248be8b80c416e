// Cost-based join ordering of a FROM plan (Binder::OrderJoins, sql/planner/join_order.h).
//
// A chain of INNER and CROSS joins (comma joins, JOIN ... ON / USING) is flattened into its
// relations and its conditions. Every other node of the FROM plan (outer and LATERAL joins,
// UNNEST of an earlier relation, index look-up joins, derived tables) is a relation of the
// chain as a whole, never reordered across; chains inside it are ordered on their own.
// Conditions on one relation filter that relation; the others go to the first join that has
// all their relations, equalities between the two sides as hash keys. The chain is rebuilt
// left-deep in the chosen order, each hash join building on its smaller side, and a Remap on
// top restores the written slot layout, so nothing above the FROM plan changes.
#include <algorithm>
#include <bit>

#include "sql/planner/binder_internal.h"
#include "sql/planner/join_order.h"

namespace basalt::sql::internal {
namespace {

constexpr int kMaxChainRelations = 64;  // relations are bits of a uint64_t

bool IsChainJoin(const PlanNode& node) {
  return node.kind == PlanNode::Kind::kJoin &&
         (node.join_type == JoinType::kInner || node.join_type == JoinType::kCross) &&
         !node.lateral && !node.lookup;
}

int CountRelations(const PlanNode& node) {
  if (!IsChainJoin(node)) {
    return 1;
  }
  return CountRelations(*node.children[0]) + CountRelations(*node.children[1]);
}

void ShiftSlots(BoundExpr* expr, int delta) {
  RebaseSlots(expr, -delta);
}

// Rewrites every kSlot through `map` (old slot -> new slot).
void MapSlots(BoundExpr* expr, const std::vector<int>& map) {
  if (expr->kind == BoundKind::kSlot) {
    expr->slot = map[size_t(expr->slot)];
  }
  for (auto& arg : expr->args) {
    MapSlots(arg.get(), map);
  }
}

// Slots an expression reads, or false when it cannot be moved to another row layout
// (subqueries, outer references, non-deterministic functions, or no slot at all).
bool MovableSlots(const BoundExpr& expr, std::set<int>* slots) {
  bool outer = false, complex = false;
  CollectSlots(expr, slots, &outer, &complex);
  return !outer && !complex && !slots->empty();
}

std::string Join(const std::vector<std::string>& parts, const char* separator, const char* none) {
  if (parts.empty()) {
    return none;
  }
  std::string out = parts[0];
  for (size_t idx = 1; idx < parts.size(); ++idx) {
    out.append(separator).append(parts[idx]);
  }
  return out;
}

std::unique_ptr<PlanNode> NewNode(PlanNode::Kind kind, int width) {
  auto node = std::make_unique<PlanNode>();
  node->kind = kind;
  node->width = width;
  return node;
}

struct ChainRelation {
  std::unique_ptr<PlanNode> node;
  int start = 0;  // first slot in the chain's written layout
  int width = 0;
  double rows = 0;
  std::string name;
};

struct Condition {
  BoundExprPtr expr;  // slots of the chain's written layout
  uint64_t relations = 0;
  // `a = b` with each side reading relations (then a candidate hash key).
  uint64_t left = 0;
  uint64_t right = 0;
  bool placed = false;
};

class ChainOrderer {
 public:
  ChainOrderer(const BindOptions& options, const std::vector<std::string>& names)
      : options_(options), names_(names) {}

  // Orders the joins of `*plan`, whose first slot is slot `base` of the FROM row. WHERE
  // conjuncts in `conjuncts` (FROM-row slots; only when base is 0) that it places are reset
  // to null.
  void Optimize(std::unique_ptr<PlanNode>* plan, int base, std::vector<BoundExprPtr>* conjuncts) {
    PlanNode& node = **plan;
    if (IsChainJoin(node)) {
      int count = CountRelations(node);
      if (count <= kMaxChainRelations) {
        OrderChain(plan, base, conjuncts);
        return;
      }
    }
    switch (node.kind) {
      case PlanNode::Kind::kJoin: {
        // The left side of inner, cross and left joins keeps its rows: WHERE conjuncts on it
        // alone may go below.
        bool left_kept = node.join_type == JoinType::kInner || node.join_type == JoinType::kCross ||
                         node.join_type == JoinType::kLeft;
        PassDown(&node.children[0], base, left_kept ? node.left_width : 0, conjuncts);
        if (!node.lateral) {
          Optimize(&node.children[1], base + node.left_width, nullptr);
        }
        break;
      }
      case PlanNode::Kind::kUnnest:
        PassDown(&node.children[0], base, node.children[0]->width, conjuncts);
        break;
      case PlanNode::Kind::kFilter:
        PassDown(&node.children[0], base, node.width, conjuncts);
        break;
      default:
        break;  // scans, derived tables (ordered when they were bound), ...
    }
  }

 private:
  // Optimizes a child whose rows are the first `width` slots of this node's, handing it the
  // conjuncts that read only those slots.
  void PassDown(std::unique_ptr<PlanNode>* child, int base, int width,
                std::vector<BoundExprPtr>* conjuncts) {
    if (conjuncts == nullptr || width == 0) {
      Optimize(child, base, nullptr);
      return;
    }
    std::vector<BoundExprPtr> below(conjuncts->size());
    for (size_t idx = 0; idx < conjuncts->size(); ++idx) {
      std::set<int> slots;
      if ((*conjuncts)[idx] && MovableSlots(*(*conjuncts)[idx], &slots) &&
          *slots.rbegin() < width) {
        below[idx] = std::move((*conjuncts)[idx]);
      }
    }
    Optimize(child, base, &below);
    for (size_t idx = 0; idx < below.size(); ++idx) {
      if (below[idx]) {
        (*conjuncts)[idx] = std::move(below[idx]);
      }
    }
  }

  void Flatten(std::unique_ptr<PlanNode> node, int start, std::vector<ChainRelation>* relations,
               std::vector<BoundExprPtr>* conditions) {
    if (!IsChainJoin(*node)) {
      ChainRelation rel;
      rel.start = start;
      rel.width = node->width;
      rel.node = std::move(node);
      relations->push_back(std::move(rel));
      return;
    }
    int left_width = node->left_width;
    for (size_t k = 0; k < node->left_keys.size(); ++k) {
      auto eq = std::make_unique<BoundExpr>();
      eq->kind = BoundKind::kCompare;
      eq->op = std::string(1, '=');
      ShiftSlots(node->left_keys[k].get(), start);
      ShiftSlots(node->right_keys[k].get(), start + left_width);
      eq->args.push_back(std::move(node->left_keys[k]));
      eq->args.push_back(std::move(node->right_keys[k]));
      conditions->push_back(std::move(eq));
    }
    if (node->predicate) {
      std::vector<BoundExprPtr> parts;
      SplitConjuncts(std::move(node->predicate), &parts);
      for (auto& part : parts) {
        ShiftSlots(part.get(), start);
        conditions->push_back(std::move(part));
      }
    }
    Flatten(std::move(node->children[0]), start, relations, conditions);
    Flatten(std::move(node->children[1]), start + left_width, relations, conditions);
  }

  void OrderChain(std::unique_ptr<PlanNode>* plan, int base, std::vector<BoundExprPtr>* conjuncts) {
    int width = (*plan)->width;
    std::vector<ChainRelation> relations;
    std::vector<BoundExprPtr> on;
    Flatten(std::move(*plan), 0, &relations, &on);
    std::vector<int> relation_of(size_t(width), -1);
    for (size_t r = 0; r < relations.size(); ++r) {
      ChainRelation& rel = relations[r];
      Optimize(&rel.node, base + rel.start, nullptr);
      std::vector<std::string> parts;
      for (int slot = rel.start; slot < rel.start + rel.width; ++slot) {
        relation_of[size_t(slot)] = int(r);
        if (size_t(base + slot) < names_.size() && !names_[size_t(base + slot)].empty()) {
          parts.push_back(names_[size_t(base + slot)]);
        }
      }
      rel.name = Join(parts, "+", "?");
    }
    // Conditions: the chain's own, then the WHERE conjuncts over its slots. Those that cannot
    // move run above the chain, in the written layout.
    std::vector<Condition> conditions;
    std::vector<BoundExprPtr> above;
    auto add = [&](BoundExprPtr expr) {
      std::set<int> slots;
      if (!MovableSlots(*expr, &slots)) {
        above.push_back(std::move(expr));
        return;
      }
      Condition c;
      for (int slot : slots) {
        c.relations |= uint64_t(1) << relation_of[size_t(slot)];
      }
      auto side = [&](const BoundExpr& e) {
        std::set<int> s;
        bool outer = false, complex = false;
        CollectSlots(e, &s, &outer, &complex);
        uint64_t mask = 0;
        for (int slot : s) {
          mask |= uint64_t(1) << relation_of[size_t(slot)];
        }
        return mask;
      };
      if (expr->kind == BoundKind::kCompare && expr->op == "=") {
        uint64_t l = side(*expr->args[0]), r = side(*expr->args[1]);
        if (l != 0 && r != 0 && (l & r) == 0) {
          c.left = l;
          c.right = r;
        }
      }
      c.expr = std::move(expr);
      conditions.push_back(std::move(c));
    };
    for (auto& expr : on) {
      add(std::move(expr));
    }
    if (conjuncts != nullptr) {
      for (auto& conjunct : *conjuncts) {
        std::set<int> slots;
        if (conjunct && MovableSlots(*conjunct, &slots) && *slots.rbegin() < width) {
          add(std::move(conjunct));  // leaves a null: placed
        }
      }
    }
    // Conditions on one relation filter it (into the scan, with an index probe if one fits).
    std::vector<std::vector<BoundExprPtr>> filters(relations.size());
    for (Condition& c : conditions) {
      if ((c.relations & (c.relations - 1)) != 0) {
        continue;
      }
      int r = std::countr_zero(c.relations);
      RebaseSlots(c.expr.get(), relations[size_t(r)].start);
      filters[size_t(r)].push_back(std::move(c.expr));
      c.placed = true;
    }
    for (size_t r = 0; r < relations.size(); ++r) {
      if (filters[r].empty()) {
        continue;
      }
      ChainRelation& rel = relations[r];
      if (rel.node->kind == PlanNode::Kind::kScan) {
        for (auto& f : filters[r]) {
          AddScanConjunct(rel.node.get(), std::move(f));
        }
        FinishProbes(rel.node.get(), options_.use_indexes);
        rel.node->estimated_rows = -1;
      } else {
        auto filter = NewNode(PlanNode::Kind::kFilter, rel.width);
        filter->predicate = JoinConjuncts(std::move(filters[r]));
        filter->children.push_back(std::move(rel.node));
        rel.node = std::move(filter);
      }
    }
    // Estimates and the order.
    JoinGraph graph;
    for (ChainRelation& rel : relations) {
      rel.rows = EstimateRows(rel.node.get(), options_.statistics);
      graph.rows.push_back(rel.rows);
    }
    for (const Condition& c : conditions) {
      if (c.placed || c.left == 0) {
        continue;
      }
      JoinEdge edge{c.left, c.right, KeyDistinct(*c.expr->args[0], relations, relation_of),
                    KeyDistinct(*c.expr->args[1], relations, relation_of)};
      graph.edges.push_back(edge);
    }
    JoinOrder order = ChooseJoinOrder(graph);
    // Rebuild left-deep; `layout` lists the relations in slot order.
    auto mapping = [&](const std::vector<int>& layout) {
      std::vector<int> map(size_t(width), -1);
      int pos = 0;
      for (int r : layout) {
        for (int i = 0; i < relations[size_t(r)].width; ++i) {
          map[size_t(relations[size_t(r)].start + i)] = pos + i;
        }
        pos += relations[size_t(r)].width;
      }
      return map;
    };
    int first = order.steps[0].relation;
    std::unique_ptr<PlanNode> tree = std::move(relations[size_t(first)].node);
    std::vector<int> layout = {first};
    uint64_t joined = uint64_t(1) << first;
    int tree_width = relations[size_t(first)].width;
    for (size_t step = 1; step < order.steps.size(); ++step) {
      int next = order.steps[step].relation;
      ChainRelation& rel = relations[size_t(next)];
      uint64_t next_bit = uint64_t(1) << next;
      // Few rows so far against a big collection: look its matches up in its index (an index
      // nested-loop join) instead of scanning it. Else a hash join building on the smaller side.
      bool lookup =
          UseLookup(rel, conditions, joined, next, relation_of, order.steps[step - 1].rows);
      bool swap = !lookup && rel.rows > order.steps[step - 1].rows;
      uint64_t left_set = swap ? next_bit : joined;
      uint64_t right_set = swap ? joined : next_bit;
      std::vector<int> new_layout = layout;
      if (swap) {
        new_layout.insert(new_layout.begin(), next);
      } else {
        new_layout.push_back(next);
      }
      std::vector<int> map = mapping(new_layout);
      auto join = NewNode(PlanNode::Kind::kJoin, tree_width + rel.width);
      join->left_width = swap ? rel.width : tree_width;
      std::vector<BoundExprPtr> residual;
      for (Condition& c : conditions) {
        if (c.placed || (c.relations & ~(joined | next_bit)) != 0) {
          continue;
        }
        c.placed = true;
        MapSlots(c.expr.get(), map);
        bool keys = c.left != 0 && ((c.left & ~left_set) == 0 && (c.right & ~right_set) == 0);
        bool flipped = c.left != 0 && ((c.right & ~left_set) == 0 && (c.left & ~right_set) == 0);
        if (keys || flipped) {
          BoundExprPtr left_key = std::move(c.expr->args[keys ? 0 : 1]);
          BoundExprPtr right_key = std::move(c.expr->args[keys ? 1 : 0]);
          RebaseSlots(right_key.get(), join->left_width);
          join->left_keys.push_back(std::move(left_key));
          join->right_keys.push_back(std::move(right_key));
        } else {
          residual.push_back(std::move(c.expr));
        }
      }
      join->predicate = JoinConjuncts(std::move(residual));
      for (size_t idx = 0; lookup && idx < join->right_keys.size(); ++idx) {
        const BoundExpr& key = *join->right_keys[idx];
        if (key.kind == BoundKind::kSlot && key.slot == 0 && !key.path.empty()) {
          join->lookup = true;
          join->lookup_key = int(idx);
          join->lookup_path = StoragePath(key.path);
          rel.node->needs_document = true;  // looked-up documents are fetched whole
          break;
        }
      }
      join->join_type =
          join->left_keys.empty() && !join->predicate ? JoinType::kCross : JoinType::kInner;
      join->estimated_rows = order.steps[step].rows;
      if (swap) {
        join->children.push_back(std::move(rel.node));
        join->children.push_back(std::move(tree));
      } else {
        join->children.push_back(std::move(tree));
        join->children.push_back(std::move(rel.node));
      }
      tree = std::move(join);
      layout = std::move(new_layout);
      joined |= next_bit;
      tree_width += rel.width;
    }
    // Back to the written layout.
    std::vector<int> map = mapping(layout);
    bool identity = true;
    for (int slot = 0; slot < width; ++slot) {
      identity &= map[size_t(slot)] == slot;
    }
    if (!identity) {
      auto remap = NewNode(PlanNode::Kind::kRemap, width);
      for (int slot = 0; slot < width; ++slot) {
        remap->exprs.push_back(MakeSlot(map[size_t(slot)]));
      }
      remap->estimated_rows = tree->estimated_rows;
      remap->children.push_back(std::move(tree));
      tree = std::move(remap);
    }
    // EXPLAIN names the chosen order when it is not the written one.
    bool reordered = false;
    std::vector<std::string> chosen, written;
    for (size_t step = 0; step < order.steps.size(); ++step) {
      reordered |= order.steps[step].relation != int(step);
      chosen.push_back(relations[size_t(order.steps[step].relation)].name);
      written.push_back(relations[step].name);
    }
    if (reordered) {
      tree->join_order_note =
          "join order: " + Join(chosen, ", ", "") + " (written: " + Join(written, ", ", "") + ")";
    } else if (!identity) {
      tree->join_order_note = "written slot order restored";
    }
    if (!above.empty()) {
      auto filter = NewNode(PlanNode::Kind::kFilter, width);
      filter->predicate = JoinConjuncts(std::move(above));
      filter->children.push_back(std::move(tree));
      tree = std::move(filter);
    }
    *plan = std::move(tree);
  }

  // Whether relation `next`, joined to the relations `joined` (estimated `left_rows`), is
  // better read by index look-ups per left row: a collection scan (indexes allowed) holding
  // many times more documents than there are left rows, with an equality between a field of
  // it and the left side, that field holding only scalars (the index keeps arrays and
  // objects under their type alone: a look-up by one would fetch every array or object).
  bool UseLookup(const ChainRelation& rel, const std::vector<Condition>& conditions,
                 uint64_t joined, int next, const std::vector<int>& relation_of, double left_rows) {
    if (!options_.use_indexes || rel.node->kind != PlanNode::Kind::kScan ||
        rel.node->order_limit >= 0) {
      return false;
    }
    double documents = CollectionDocuments(*rel.node, options_.statistics);
    if (documents < 0 || left_rows * kLookupAdvantage > documents) {
      return false;
    }
    uint64_t next_bit = uint64_t(1) << next;
    for (const Condition& c : conditions) {
      if (c.placed || c.left == 0 || (c.relations & ~(joined | next_bit)) != 0) {
        continue;
      }
      for (int side = 0; side < 2; ++side) {
        const BoundExpr& key = *c.expr->args[size_t(side)];
        uint64_t other = side == 0 ? c.right : c.left;
        if (key.kind == BoundKind::kSlot && !key.path.empty() &&
            relation_of[size_t(key.slot)] == next && (other & ~joined) == 0 &&
            ScalarsOnly(*rel.node, StoragePath(key.path), options_.statistics)) {
          return true;
        }
      }
    }
    return false;
  }

  // Distinct values of a join key after its relation's filters (0: unknown): known for a
  // field of a scanned collection.
  double KeyDistinct(const BoundExpr& key, const std::vector<ChainRelation>& relations,
                     const std::vector<int>& relation_of) {
    if (key.kind != BoundKind::kSlot || key.path.empty()) {
      return 0;
    }
    const ChainRelation& rel = relations[size_t(relation_of[size_t(key.slot)])];
    if (rel.node == nullptr || rel.node->kind != PlanNode::Kind::kScan) {
      return 0;
    }
    double distinct = DistinctValues(*rel.node, StoragePath(key.path), options_.statistics);
    return distinct > 0 ? std::min(distinct, rel.rows) : 0;
  }

  const BindOptions& options_;
  const std::vector<std::string>& names_;
};

}  // namespace

void Binder::OrderJoins(std::unique_ptr<PlanNode>* plan, std::vector<BoundExprPtr>* conjuncts,
                        const Scope& scope) {
  if (!options_.optimize || !options_.statistics) {
    return;
  }
  std::vector<std::string> names;
  for (const Relation& rel : scope.relations) {
    if (rel.slot >= 0) {
      if (names.size() <= size_t(rel.slot)) {
        names.resize(size_t(rel.slot) + 1);
      }
      names[size_t(rel.slot)] = rel.alias.empty() ? "unnest" : rel.alias;
    }
  }
  ChainOrderer orderer(options_, names);
  orderer.Optimize(plan, 0, conjuncts);
  conjuncts->erase(std::remove(conjuncts->begin(), conjuncts->end(), nullptr), conjuncts->end());
}

}  // namespace basalt::sql::internal
