// Predicate pushdown: WHERE conjuncts that read one collection become that scan's residual
// filter, and the ones an index can answer become index probes (sql/planner/plan.h).
#include <algorithm>
#include <cmath>

#include "sql/planner/binder_internal.h"

namespace basalt::sql::internal {
namespace {

// A constant whose index look-up finds exactly the values equal to it under SQL `=` and
// ARRAY_CONTAINS (int/float twins included, rocks_reader.cc: LookupEqual) and nothing else.
// Not temporal types (the look-up also reads comparable temporal types, which
// ARRAY_CONTAINS does not equate), not NaN (unequal to itself), not the other types.
bool ExactConstant(const Value& v) {
  switch (v.type()) {
    case ValueType::kBool:
    case ValueType::kInt:
    case ValueType::kString:
      return true;
    case ValueType::kFloat:
      return !std::isnan(v.float_value());
    default:
      return false;
  }
}

bool IsScalarConstant(const BoundExpr& e) {
  if (e.kind != BoundKind::kConstant) {
    return false;
  }
  const Value& v = e.value;
  return !v.is_nullish() && !v.is_array() && !v.is_object();
}

// The storage path of a slot reference into `slot` (object keys only).
bool SlotPath(const BoundExpr& e, int slot, std::string* path) {
  if (e.kind != BoundKind::kSlot || e.slot != slot || e.path.empty()) {
    return false;
  }
  *path = StoragePath(e.path);
  return true;
}

std::string Flip(const std::string& op) {
  if (op == "<") {
    return ">";
  }
  if (op == "<=") {
    return ">=";
  }
  if (op == ">") {
    return "<";
  }
  if (op == ">=") {
    return "<=";
  }
  return op;
}

}  // namespace

// An index probe answering `conjunct` for rows of `slot`, under `path_prefix`/`suffix`
// rewriting (UNNEST element paths map to array paths of the source document).
bool ProbeFor(const BoundExpr& c, int slot, IndexProbe* probe,
              const std::function<std::string(const std::string&)>& map_path) {
  std::string path;
  switch (c.kind) {
    case BoundKind::kCompare: {
      const BoundExpr* field = c.args[0].get();
      const BoundExpr* constant = c.args[1].get();
      std::string op = c.op;
      if (!SlotPath(*field, slot, &path)) {
        std::swap(field, constant);
        op = Flip(op);
        if (!SlotPath(*field, slot, &path)) {
          return false;
        }
      }
      if (!IsScalarConstant(*constant) || op == "<>") {
        return false;
      }
      probe->path = map_path(path);
      const Value& v = constant->value;
      if (op == "=") {
        probe->kind = IndexProbe::Kind::kEqual;
        probe->exact = ExactConstant(v);
        probe->values = {v};
        probe->description = probe->path + " = " + v.DebugString();
        return true;
      }
      probe->kind = IndexProbe::Kind::kRange;
      probe->range.type = v.type();
      if (op == "<" || op == "<=") {
        probe->range.upper = v;
        probe->range.upper_inclusive = op == "<=";
      } else {
        probe->range.lower = v;
        probe->range.lower_inclusive = op == ">=";
      }
      probe->description = probe->path + " " + op + " " + v.DebugString();
      return true;
    }
    case BoundKind::kBetween: {
      if (c.negated || !SlotPath(*c.args[0], slot, &path)) {
        return false;
      }
      if (!IsScalarConstant(*c.args[1]) || !IsScalarConstant(*c.args[2])) {
        return false;
      }
      const Value& lo = c.args[1]->value;
      const Value& hi = c.args[2]->value;
      bool numbers = lo.is_number() && hi.is_number();
      if (!numbers && lo.type() != hi.type()) {
        return false;
      }
      probe->kind = IndexProbe::Kind::kRange;
      probe->path = map_path(path);
      probe->range.type = lo.type();
      probe->range.lower = lo;
      probe->range.upper = hi;
      probe->description =
          probe->path + " BETWEEN " + lo.DebugString() + " AND " + hi.DebugString();
      return true;
    }
    case BoundKind::kIn: {
      if (c.negated || !SlotPath(*c.args[0], slot, &path)) {
        return false;
      }
      probe->kind = IndexProbe::Kind::kIn;
      probe->path = map_path(path);
      probe->exact = true;
      for (size_t idx = 1; idx < c.args.size(); ++idx) {
        if (!IsScalarConstant(*c.args[idx])) {
          return false;
        }
        probe->values.push_back(c.args[idx]->value);
        probe->exact = probe->exact && ExactConstant(c.args[idx]->value);
      }
      probe->description =
          probe->path + " IN (" + std::to_string(probe->values.size()) + " values)";
      return true;
    }
    case BoundKind::kLike: {
      if (c.negated || c.op != "LIKE" || c.args.size() != 2) {
        return false;
      }
      if (!SlotPath(*c.args[0], slot, &path) || !IsScalarConstant(*c.args[1])) {
        return false;
      }
      const Value& pattern = c.args[1]->value;
      if (!pattern.is_string()) {
        return false;
      }
      std::string_view p = pattern.string_value();
      size_t wildcard = p.find_first_of("%_");
      if (wildcard == 0 || wildcard == std::string_view::npos) {
        return false;
      }
      probe->kind = IndexProbe::Kind::kPrefix;
      probe->path = map_path(path);
      probe->prefix = std::string(p.substr(0, wildcard));
      // 'abc%': every string starting with abc matches, nothing else does.
      probe->exact = p.substr(wildcard) == "%";
      probe->description = probe->path + " LIKE '" + std::string(p) + "'";
      return true;
    }
    case BoundKind::kFunction: {
      if (c.function == nullptr || c.function->name != "ARRAY_CONTAINS") {
        return false;
      }
      if (!SlotPath(*c.args[0], slot, &path) || !IsScalarConstant(*c.args[1])) {
        return false;
      }
      probe->kind = IndexProbe::Kind::kEqual;
      probe->path = map_path(path) + "[*]";
      probe->values = {c.args[1]->value};
      // `path[*]` holds the scalar elements of the array at `path` (not those of nested
      // arrays), which is what ARRAY_CONTAINS compares.
      probe->exact = ExactConstant(c.args[1]->value);
      probe->description =
          "ARRAY_CONTAINS(" + map_path(path) + ", " + c.args[1]->value.DebugString() + ")";
      return true;
    }
    case BoundKind::kSlot: {
      // A bare boolean field: `WHERE is_active`.
      if (!SlotPath(c, slot, &path)) {
        return false;
      }
      probe->kind = IndexProbe::Kind::kEqual;
      probe->path = map_path(path);
      probe->values = {Value::Bool(true)};
      probe->exact = true;
      probe->description = probe->path + " = true";
      return true;
    }
    case BoundKind::kOr: {
      // Every branch answerable by the index: the union of their postings.
      probe->kind = IndexProbe::Kind::kAnyOf;
      probe->exact = true;
      probe->description = "(";
      for (const auto& branch : c.args) {
        IndexProbe sub;
        if (!ProbeFor(*branch, slot, &sub, map_path) || sub.kind == IndexProbe::Kind::kRange) {
          return false;
        }
        probe->exact = probe->exact && sub.exact;
        probe->description += (probe->any_of.empty() ? "" : " OR ") + sub.description;
        probe->any_of.push_back(std::move(sub));
      }
      probe->description += ")";
      return true;
    }
    case BoundKind::kIs:
      if (c.op == "TRUE" && !c.negated) {
        return ProbeFor(*c.args[0], slot, probe, map_path);
      }
      return false;
    default:
      return false;
  }
}

namespace {

void AddProbe(PlanNode* scan, IndexProbe probe) {
  scan->probes.push_back(std::move(probe));
}

}  // namespace

void FinishProbes(PlanNode* scan, bool use_indexes) {
  auto& probes = scan->probes;
  bool has_point = std::any_of(probes.begin(), probes.end(), [](const IndexProbe& p) {
    return p.kind != IndexProbe::Kind::kRange;
  });
  if (has_point) {
    for (IndexProbe& probe : probes) {
      if (probe.kind == IndexProbe::Kind::kRange && !probe.optional) {
        probe.optional = true;
        probe.exact = false;
        probe.description += " (if few distinct values)";
      }
    }
  }
  std::stable_sort(probes.begin(), probes.end(), [](const IndexProbe& a, const IndexProbe& b) {
    return int(a.kind) < int(b.kind);
  });
  scan->use_index = use_indexes && !probes.empty();
}

void AddScanConjunct(PlanNode* scan, BoundExprPtr conjunct) {
  IndexProbe probe;
  if (ProbeFor(*conjunct, 0, &probe, [](const std::string& p) { return p; })) {
    probe.conjunct = conjunct.get();  // stays valid: the conjunct moves into the predicate
    AddProbe(scan, std::move(probe));
  }
  if (!scan->predicate) {
    scan->predicate = std::move(conjunct);
    return;
  }
  std::vector<BoundExprPtr> both;
  both.push_back(std::move(scan->predicate));
  both.push_back(std::move(conjunct));
  scan->predicate = JoinConjuncts(std::move(both));
}

void SplitConjuncts(BoundExprPtr expr, std::vector<BoundExprPtr>* out) {
  if (expr->kind == BoundKind::kAnd) {
    for (auto& arg : expr->args) {
      SplitConjuncts(std::move(arg), out);
    }
    return;
  }
  out->push_back(std::move(expr));
}

BoundExprPtr JoinConjuncts(std::vector<BoundExprPtr> conjuncts) {
  if (conjuncts.empty()) {
    return nullptr;
  }
  if (conjuncts.size() == 1) {
    return std::move(conjuncts[0]);
  }
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundKind::kAnd;
  e->args = std::move(conjuncts);
  return e;
}

void CollectSlots(const BoundExpr& expr, std::set<int>* slots, bool* outer, bool* complex) {
  switch (expr.kind) {
    case BoundKind::kSlot:
      slots->insert(expr.slot);
      break;
    case BoundKind::kOuterSlot:
      *outer = true;
      break;
    case BoundKind::kExists:
    case BoundKind::kScalarSubquery:
    case BoundKind::kInSubquery:
    case BoundKind::kQuantified:
      *complex = true;
      break;
    case BoundKind::kFunction:
      if (!expr.function->deterministic) {
        *complex = true;
      }
      break;
    default:
      break;
  }
  for (const auto& arg : expr.args) {
    CollectSlots(*arg, slots, outer, complex);
  }
}

namespace {

// A field of the scanned document (the scan's only slot), e.g. `address.city`.
bool IsScanField(const BoundExpr& expr) {
  return expr.kind == BoundKind::kSlot && expr.slot == 0 && !expr.path.empty();
}

// A filter the column scan can evaluate: it reads fields of the scanned document only.
bool ReadsOnlyScanFields(const BoundExpr& expr) {
  if (expr.kind == BoundKind::kSlot) {
    return IsScanField(expr);
  }
  if (expr.kind == BoundKind::kOuterSlot || expr.subquery) {
    return false;
  }
  for (const auto& arg : expr.args) {
    if (!ReadsOnlyScanFields(*arg)) {
      return false;
    }
  }
  return true;
}

// Aggregation pushdown (PlanNode::column_aggregate): a plain GROUP BY of fields over a
// column scan (of every document or of those an index selects; filtered or not), with
// aggregates of fields whose states merge (the morsels' tables are merged).
bool CanAggregateInColumns(const PlanNode& node) {
  if (node.kind != PlanNode::Kind::kAggregate || node.has_grouping_sets ||
      node.children.size() != 1) {
    return false;
  }
  const PlanNode& scan = *node.children[0];
  if (scan.kind != PlanNode::Kind::kScan || !scan.column_scan || scan.order_limit >= 0 ||
      (scan.predicate && !ReadsOnlyScanFields(*scan.predicate))) {
    return false;
  }
  for (const auto& key : node.group_keys) {
    if (!IsScanField(*key)) {
      return false;
    }
  }
  for (const AggregateCall& call : node.aggregates) {
    if (call.distinct || call.filter || !call.order.empty() || call.limit >= 0 ||
        call.offset != 0) {
      return false;
    }
    for (const auto& arg : call.args) {
      if (!IsScanField(*arg)) {
        return false;
      }
    }
    if (!call.def->create()->SaveState().ok()) {
      return false;
    }
  }
  return true;
}

void CountPaths(const BoundExpr& expr, std::map<std::vector<std::string>, int>* uses) {
  if (expr.kind == BoundKind::kSlot && !expr.path.empty()) {
    ++(*uses)[expr.path];
  }
  for (const auto& arg : expr.args) {
    CountPaths(*arg, uses);
  }
}

// The columns only the conjuncts of exact probes read: every reference the binder noted
// for them is inside those conjuncts.
void FindProbeOnlyColumns(PlanNode* scan) {
  std::map<std::vector<std::string>, int> uses;
  for (const IndexProbe& probe : scan->probes) {
    if (probe.exact && probe.conjunct != nullptr) {
      CountPaths(*probe.conjunct, &uses);
    }
  }
  for (const auto& [path, count] : uses) {
    auto noted = scan->column_notes.find(path);
    if (noted != scan->column_notes.end() && noted->second == count) {
      scan->probe_only_columns.insert(path);
    }
  }
}

}  // namespace

void ChooseAccessPaths(PlanNode* node, const BindOptions& options) {
  if (node->kind == PlanNode::Kind::kScan) {
    // Column reads are possible when no whole document is needed; the scan decides at run
    // time (from the index result and the path statistics) whether to use them.
    node->column_scan = !node->needs_document && options.use_column_store && options.optimize;
    if (node->use_index) {
      FindProbeOnlyColumns(node);
    }
  }
  for (auto& child : node->children) {
    ChooseAccessPaths(child.get(), options);
  }
  node->column_aggregate = CanAggregateInColumns(*node);
}

void RebaseSlots(BoundExpr* expr, int delta) {
  if (expr->kind == BoundKind::kSlot) {
    expr->slot -= delta;
  }
  for (auto& arg : expr->args) {
    RebaseSlots(arg.get(), delta);
  }
}

std::vector<BoundExprPtr> Binder::PushDown(std::vector<BoundExprPtr> conjuncts, Scope& scope) {
  if (!options_.optimize) {
    return conjuncts;
  }
  std::vector<BoundExprPtr> rest;
  std::vector<PlanNode*> touched;
  for (auto& c : conjuncts) {
    std::set<int> slots;
    bool outer = false, complex = false;
    CollectSlots(*c, &slots, &outer, &complex);
    const Relation* rel = nullptr;
    if (slots.size() == 1 && !outer && !complex) {
      for (const Relation& r : scope.relations) {
        if (r.slot == *slots.begin()) {
          rel = &r;
        }
      }
    }
    if (rel != nullptr && rel->scan != nullptr && !rel->nullable) {
      RebaseSlots(c.get(), rel->slot);
      AddScanConjunct(rel->scan, std::move(c));
      touched.push_back(rel->scan);
      continue;
    }
    // A predicate on the elements of an UNNEST of a scanned document's array: its documents
    // must contain a matching element, which the index answers (a candidate filter only).
    if (rel != nullptr && rel->is_unnest && rel->unnest_source_slot >= 0 && !rel->nullable) {
      const Relation* source = nullptr;
      for (const Relation& r : scope.relations) {
        if (r.slot == rel->unnest_source_slot) {
          source = &r;
        }
      }
      if (source != nullptr && source->scan != nullptr && !source->nullable) {
        std::string array_path = StoragePath(rel->unnest_source_path) + "[*]";
        std::string alias = rel->element_alias;
        IndexProbe probe;
        bool mapped = true;
        auto map_path = [&](const std::string& p) -> std::string {
          if (alias.empty()) {
            std::string first = p.substr(0, p.find('.'));
            if (first == "unnest" ||
                std::find(rel->columns.begin(), rel->columns.end(), first) != rel->columns.end()) {
              mapped = false;  // scalar elements or the ordinality column
            }
            return array_path + "." + p;
          }
          if (p == alias) {
            return array_path;
          }
          if (p.rfind(alias + ".", 0) == 0) {
            return array_path + p.substr(alias.size());
          }
          mapped = false;
          return p;
        };
        if (ProbeFor(*c, rel->slot, &probe, map_path) && mapped &&
            probe.kind != IndexProbe::Kind::kRange) {
          probe.exact = false;  // a candidate filter: the condition is on the elements
          probe.description += " (some element)";
          AddProbe(source->scan, std::move(probe));
          touched.push_back(source->scan);
        }
      }
    }
    rest.push_back(std::move(c));
  }
  for (PlanNode* scan : touched) {
    FinishProbes(scan, options_.use_indexes);
  }
  return rest;
}

}  // namespace basalt::sql::internal
