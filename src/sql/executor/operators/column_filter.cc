#include "sql/executor/operators/column_filter.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "sql/executor/evaluate.h"
#include "sql/executor/value_ops.h"

namespace basalt::sql {
namespace {

using storage::ColumnChunk;

void SplitAnd(const BoundExpr& expr, std::vector<const BoundExpr*>* out) {
  if (expr.kind == BoundKind::kAnd) {
    for (const auto& arg : expr.args) {
      SplitAnd(*arg, out);
    }
    return;
  }
  out->push_back(&expr);
}

bool IsField(const BoundExpr& expr) {
  return expr.kind == BoundKind::kSlot && expr.slot == 0 && !expr.path.empty();
}

// `constant op field` as `field op' constant`.
std::string Flip(const std::string& op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;
}

// The outcome of `c` (the three-way comparison of a value with the constant) under `op`.
bool Holds(int c, const std::string& op) {
  switch (op[0]) {
    case '=':
      return c == 0;
    case '<':
      return op.size() == 1 ? c < 0 : (op[1] == '=' ? c <= 0 : c != 0);
    default:  // '>'
      return op.size() == 1 ? c > 0 : c >= 0;
  }
}

template <typename T>
int Three(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}


}  // namespace

std::optional<ColumnFilter> ColumnFilter::Make(const BoundExpr* predicate) {
  ColumnFilter filter;
  if (predicate == nullptr) {
    return filter;
  }
  std::vector<const BoundExpr*> conjuncts;
  SplitAnd(*predicate, &conjuncts);
  filter.is_and_ = predicate->kind == BoundKind::kAnd;
  for (const BoundExpr* expr : conjuncts) {
    if (expr->kind == BoundKind::kBetween && !expr->negated && IsField(*expr->args[0]) &&
        expr->args[1]->kind == BoundKind::kConstant && expr->args[2]->kind == BoundKind::kConstant) {
      // Two comparisons; a null bound makes the row-by-row path give the answer.
      for (auto [op, bound] : {std::pair{">=", 1}, std::pair{"<=", 2}}) {
        Conjunct c;
        c.expr = expr;
        c.fields.push_back(filter.FieldIndex(expr->args[0]->path));
        c.comparison = !expr->args[size_t(bound)]->value.is_nullish();
        c.op = op;
        c.constant = expr->args[size_t(bound)]->value;
        filter.conjuncts_.push_back(std::move(c));
      }
      continue;
    }
    Conjunct c;
    c.expr = expr;
    if (expr->kind == BoundKind::kCompare && expr->args.size() == 2) {
      const BoundExpr& a = *expr->args[0];
      const BoundExpr& b = *expr->args[1];
      if (IsField(a) && b.kind == BoundKind::kConstant) {
        c.comparison = true;
        c.op = expr->op;
        c.constant = b.value;
      } else if (IsField(b) && a.kind == BoundKind::kConstant) {
        c.comparison = true;
        c.op = Flip(expr->op);
        c.constant = a.value;
      }
    }
    if (!filter.AddFields(*expr, &c)) {
      return std::nullopt;
    }
    filter.conjuncts_.push_back(std::move(c));
  }
  return filter;
}

int ColumnFilter::FieldIndex(const std::vector<std::string>& path) {
  auto found = std::find(fields_.begin(), fields_.end(), path);
  if (found != fields_.end()) {
    return int(found - fields_.begin());
  }
  fields_.push_back(path);
  return int(fields_.size() - 1);
}

bool ColumnFilter::AddFields(const BoundExpr& expr, Conjunct* conjunct) {
  if (expr.kind == BoundKind::kSlot) {
    if (!IsField(expr)) {
      return false;  // the whole document, or another relation's row
    }
    int field = FieldIndex(expr.path);
    if (std::find(conjunct->fields.begin(), conjunct->fields.end(), field) ==
        conjunct->fields.end()) {
      conjunct->fields.push_back(field);
    }
    return true;
  }
  if (expr.kind == BoundKind::kOuterSlot || expr.subquery) {
    return false;
  }
  for (const auto& arg : expr.args) {
    if (!AddFields(*arg, conjunct)) {
      return false;
    }
  }
  return true;
}

bool ColumnFilter::TypedSelect(const Conjunct& conjunct, const ChunkColumn& column,
                               std::vector<uint32_t>* selected) {
  if (!conjunct.comparison) {
    return false;
  }
  if (!column.chunk) {
    selected->clear();  // no values: every comparison is null
    return true;
  }
  const ColumnChunk& chunk = *column.chunk;
  const Value& k = conjunct.constant;
  const std::string& op = conjunct.op;
  // The lambdas run after the branch that made them: they copy the branch's locals (`v`).
  std::function<bool(int32_t)> pass;
  std::vector<uint8_t> entry_pass;
  if (chunk.layout == ColumnChunk::Layout::kInts && k.type() == chunk.type) {
    int64_t v = k.int_value();
    pass = [&, v](int32_t pos) { return Holds(Three(chunk.ints[size_t(pos)], v), op); };
  } else if (chunk.layout == ColumnChunk::Layout::kFloats && k.type() == ValueType::kFloat) {
    double v = k.float_value();
    pass = [&, v](int32_t pos) {
      double x = chunk.floats[size_t(pos)];
      if (std::isnan(x) || std::isnan(v)) {
        return op == "<>";
      }
      return Holds(Three(x, v), op);
    };
  } else if (chunk.layout == ColumnChunk::Layout::kStrings && k.type() == chunk.type) {
    std::string_view v = k.string_value();
    if (chunk.dictionary_coded()) {
      entry_pass.resize(chunk.string_ends.size());
      for (size_t entry = 0; entry < entry_pass.size(); ++entry) {
        int c = chunk.StringEntry(entry).compare(v);
        entry_pass[entry] = Holds(c < 0 ? -1 : (c > 0 ? 1 : 0), op);
      }
      pass = [&](int32_t pos) { return entry_pass[chunk.dictionary_ids[size_t(pos)]] != 0; };
    } else {
      pass = [&, v](int32_t pos) {
        int c = chunk.StringAt(size_t(pos)).compare(v);
        return Holds(c < 0 ? -1 : (c > 0 ? 1 : 0), op);
      };
    }
  } else {
    return false;
  }
  size_t kept = 0;
  for (uint32_t row : *selected) {
    int32_t pos = column.positions[row];
    if (pos >= 0 && pass(pos)) {
      (*selected)[kept++] = row;
    }
  }
  selected->resize(kept);
  return true;
}

Status ColumnFilter::Select(const std::vector<ChunkColumn>& columns,
                            const std::vector<int>& column_of_field, size_t rows,
                            ExecContext& ctx, std::vector<uint32_t>* selected) const {
  selected->resize(rows);
  for (size_t row = 0; row < rows; ++row) {
    (*selected)[row] = uint32_t(row);
  }
  for (const Conjunct& conjunct : conjuncts_) {
    if (selected->empty()) {
      break;
    }
    if (conjunct.comparison &&
        TypedSelect(conjunct, columns[size_t(column_of_field[size_t(conjunct.fields[0])])],
                    selected)) {
      continue;
    }
    size_t kept = 0;
    for (uint32_t row : *selected) {
      Value doc = Value::EmptyObject();
      for (int field : conjunct.fields) {
        const ChunkColumn& column = columns[size_t(column_of_field[size_t(field)])];
        int32_t pos = column.positions[row];
        if (pos >= 0) {
          SetColumnPath(&doc, fields_[size_t(field)], column.chunk->ValueAt(size_t(pos)));
        }
      }
      Row one{std::move(doc)};
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*conjunct.expr, one, ctx));
      if (!v.is_nullish() && v.type() != ValueType::kBool && is_and_) {
        // As AND does: the rows here passed every earlier operand (none was false).
        return TypeError("AND", v);
      }
      if (v.type() == ValueType::kBool && v.bool_value()) {
        (*selected)[kept++] = row;
      }
    }
    selected->resize(kept);
  }
  return Status::Ok();
}

}  // namespace basalt::sql
