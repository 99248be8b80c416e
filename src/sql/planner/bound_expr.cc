#include "sql/planner/bound_expr.h"

namespace basalt::sql {

bool BoundExpr::IsConstant() const {
  switch (kind) {
    case BoundKind::kConstant:
      return true;
    case BoundKind::kSlot:
    case BoundKind::kOuterSlot:
    case BoundKind::kExists:
    case BoundKind::kScalarSubquery:
    case BoundKind::kInSubquery:
    case BoundKind::kQuantified:
      return false;
    case BoundKind::kFunction:
      if (!function->deterministic) {
        return false;
      }
      break;
    default:
      break;
  }
  for (const auto& arg : args) {
    if (!arg->IsConstant()) {
      return false;
    }
  }
  return true;
}

BoundExprPtr MakeConstant(Value value) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundKind::kConstant;
  e->value = std::move(value);
  return e;
}

BoundExprPtr MakeSlot(int slot, std::vector<std::string> path) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundKind::kSlot;
  e->slot = slot;
  e->path = std::move(path);
  return e;
}

}  // namespace basalt::sql
