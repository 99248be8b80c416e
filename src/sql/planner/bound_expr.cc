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

namespace {

Value Unshared(const Value& value) {
  switch (value.type()) {
    case ValueType::kString:
      return Value::String(value.string_value());
    case ValueType::kBytes:
      return Value::Bytes(value.string_value());
    case ValueType::kGeography:
      return Value::Geography(value.string_value());
    case ValueType::kU256:
      return Value::U256Bytes(value.string_value());
    case ValueType::kArray: {
      Array elements;
      elements.reserve(value.array().size());
      for (const Value& element : value.array()) {
        elements.push_back(Unshared(element));
      }
      return Value::MakeArray(std::move(elements));
    }
    case ValueType::kObject: {
      Object fields;
      fields.reserve(value.object().size());
      for (const Field& field : value.object()) {
        fields.emplace_back(field.first, Unshared(field.second));
      }
      return Value::MakeObject(std::move(fields));
    }
    default:
      return value;
  }
}

}  // namespace

BoundExprPtr BoundExpr::Clone() const {
  auto copy = std::make_unique<BoundExpr>();
  copy->kind = kind;
  copy->value = Unshared(value);
  copy->slot = slot;
  copy->depth = depth;
  copy->path = path;
  copy->name = name;
  copy->op = op;
  copy->negated = negated;
  copy->has_operand = has_operand;
  copy->has_else = has_else;
  copy->function = function;
  copy->args.reserve(args.size());
  for (const BoundExprPtr& arg : args) {
    copy->args.push_back(arg->Clone());
  }
  copy->keys = keys;
  copy->subquery = subquery;
  copy->correlated = correlated;
  copy->line = line;
  copy->column = column;
  return copy;
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
