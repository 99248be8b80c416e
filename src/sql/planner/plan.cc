#include "sql/planner/plan.h"

#include <algorithm>
#include <cmath>

namespace basalt::sql {
namespace {

std::string KindName(PlanNode::Kind kind) {
  switch (kind) {
    case PlanNode::Kind::kSingleRow:
      return "SingleRow";
    case PlanNode::Kind::kValues:
      return "Values";
    case PlanNode::Kind::kScan:
      return "Scan";
    case PlanNode::Kind::kInput:
      return "Input";
    case PlanNode::Kind::kFilter:
      return "Filter";
    case PlanNode::Kind::kProject:
      return "Project";
    case PlanNode::Kind::kAggregate:
      return "HashAggregate";
    case PlanNode::Kind::kWindow:
      return "Window";
    case PlanNode::Kind::kSort:
      return "Sort";
    case PlanNode::Kind::kLimit:
      return "Limit";
    case PlanNode::Kind::kDistinct:
      return "Distinct";
    case PlanNode::Kind::kJoin:
      return "Join";
    case PlanNode::Kind::kUnnest:
      return "Unnest";
    case PlanNode::Kind::kSetOp:
      return "SetOp";
    case PlanNode::Kind::kRemap:
      return "Project";
    case PlanNode::Kind::kRecursiveCte:
      return "RecursiveCte";
    case PlanNode::Kind::kWorkingTable:
      return "WorkingTable";
  }
  return "?";
}

bool HasExactProbe(const PlanNode& scan) {
  return std::any_of(scan.probes.begin(), scan.probes.end(),
                     [](const IndexProbe& p) { return p.exact; });
}

}  // namespace

std::string PlanNode::Explain(int indent) const {
  std::string pad(size_t(indent) * 2, ' ');
  std::string line = pad + KindName(kind);
  switch (kind) {
    case Kind::kScan:
      line += " " + collection_path;
      if (use_index) {
        line += " [index:";
        for (size_t idx = 0; idx < probes.size(); ++idx) {
          line += (idx == 0 ? " " : " AND ") + probes[idx].description;
          if (probes[idx].exact) {
            line += " (exact)";
          }
        }
        line += "]";
      }
      if (column_scan) {
        line += " [column scan:";
        for (const auto& keys : needed_columns) {
          if (use_index && probe_only_columns.contains(keys)) {
            continue;  // only exactly answered conjuncts read it
          }
          std::string path;
          for (const auto& k : keys) {
            path += (path.empty() ? "" : ".") + k;
          }
          line += " " + path;
        }
        line += "]";
      } else if (!use_index) {
        line += " [full scan]";
      }
      if (order_limit >= 0) {
        line += " [top-" + std::to_string(order_limit) + " in index order of " + order_path +
                (order_descending ? " desc" : "") + " when statistics allow]";
      }
      if (HasExactProbe(*this) && use_index && predicate ? ExactProbeResidual(*this) != nullptr
                                                         : predicate != nullptr) {
        line += " filter";
      }
      break;
    case Kind::kSort:
      line += " keys=" + std::to_string(sort_keys.size());
      if (limit >= 0) {
        line += " top-n=" + std::to_string(limit + offset);
      }
      break;
    case Kind::kLimit:
      line += " limit=" + std::to_string(limit) + " offset=" + std::to_string(offset);
      break;
    case Kind::kAggregate:
      line += " keys=" + std::to_string(group_keys.size()) +
              " aggregates=" + std::to_string(aggregates.size());
      if (has_grouping_sets) {
        line += " sets=" + std::to_string(grouping_sets.size());
      }
      if (column_aggregate) {
        line += " [pushed into column scan]";
      }
      break;
    case Kind::kJoin: {
      static const char* kTypes[] = {"inner", "left", "right", "full", "cross"};
      line += std::string(" ") + kTypes[int(join_type)];
      if (lateral) {
        line += " lateral (right side runs per left row)";
      } else if (lookup) {
        line += " index-lookup on " + lookup_path;
      } else {
        line +=
            left_keys.empty() ? " nested-loop" : " hash keys=" + std::to_string(left_keys.size());
      }
      break;
    }
    case Kind::kSetOp: {
      static const char* kOps[] = {"UNION", "INTERSECT", "EXCEPT"};
      line += std::string(" ") + kOps[int(set_op)] + (all ? " ALL" : "");
      break;
    }
    default:
      break;
  }
  if ((kind == Kind::kScan || kind == Kind::kJoin) && estimated_rows >= 0) {
    line += " est_rows=" + std::to_string(std::llround(estimated_rows));
  }
  if (!join_order_note.empty()) {
    line += " [" + join_order_note + "]";
  }
  line += "\n";
  for (size_t idx = 0; idx < children.size(); ++idx) {
    const PlanNode& child = *children[idx];
    if (kind == Kind::kJoin && lookup && idx == 1 && child.kind == Kind::kScan) {
      // Not scanned: its documents are fetched per left row.
      line += pad + "  Scan " + child.collection_path + " [index look-ups per left row]" +
              (child.predicate ? " filter" : "");
      if (child.estimated_rows >= 0) {
        line += " est_rows=" + std::to_string(std::llround(child.estimated_rows));
      }
      line += "\n";
      continue;
    }
    line += child.Explain(indent + 1);
  }
  return line;
}

BoundExprPtr ExactProbeResidual(const PlanNode& scan) {
  if (!scan.predicate) {
    return nullptr;
  }
  std::set<const BoundExpr*> answered;
  for (const IndexProbe& probe : scan.probes) {
    if (probe.exact) {
      answered.insert(probe.conjunct);
    }
  }
  std::vector<const BoundExpr*> stack = {scan.predicate.get()};
  std::vector<BoundExprPtr> rest;
  while (!stack.empty()) {
    const BoundExpr* e = stack.back();
    stack.pop_back();
    if (e->kind == BoundKind::kAnd) {
      for (auto arg = e->args.rbegin(); arg != e->args.rend(); ++arg) {
        stack.push_back(arg->get());
      }
    } else if (!answered.contains(e)) {
      rest.push_back(e->Clone());
    }
  }
  if (rest.empty()) {
    return nullptr;
  }
  if (scan.predicate->kind != BoundKind::kAnd) {
    return std::move(rest[0]);
  }
  auto all = std::make_unique<BoundExpr>();
  all->kind = BoundKind::kAnd;
  all->args = std::move(rest);
  return all;
}

}  // namespace basalt::sql
