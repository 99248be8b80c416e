#include "sql/executor/u256_ops.h"

#include <cmath>
#include <optional>
#include <string>

#include "common/u256.h"
#include "sql/executor/value_ops.h"

namespace basalt::sql {
namespace {

Status U256Error(std::string message) {
  return Status(ErrorCode::kQueryError, std::move(message)).WithErrorId("u256_error");
}

// A u256 operand, or an int promoted to u256; TYPEERROR for anything else.
Result<U256> AsU256(char op, const Value& value) {
  if (value.type() == ValueType::kU256) {
    return U256::FromBigEndian(value.string_value());
  }
  if (value.type() == ValueType::kInt) {
    if (value.int_value() < 0) {
      return U256Error(std::string("u256 arithmetic (") + op + ") with a negative int");
    }
    return U256::FromUint64(uint64_t(value.int_value()));
  }
  return TypeError(std::string("u256 ") + op, value);
}

double AsFloat(const Value& value) {
  return value.type() == ValueType::kU256 ? U256::FromBigEndian(value.string_value()).ToDouble()
                                          : value.AsDouble();
}

}  // namespace

Result<Value> U256Arithmetic(char op, const Value& a, const Value& b) {
  if (a.type() == ValueType::kFloat || b.type() == ValueType::kFloat) {
    const Value& other = a.type() == ValueType::kFloat ? b : a;
    if (other.type() != ValueType::kU256 && !other.is_number()) {
      return TypeError(std::string("u256 ") + op, other);
    }
    double x = AsFloat(a);
    double y = AsFloat(b);
    switch (op) {
      case '+': return Value::Float(x + y);
      case '-': return Value::Float(x - y);
      case '*': return Value::Float(x * y);
      case '/': return Value::Float(x / y);
      default: return Value::Float(std::fmod(x, y));
    }
  }
  BASALT_ASSIGN_OR_RETURN(U256 x, AsU256(op, a));
  BASALT_ASSIGN_OR_RETURN(U256 y, AsU256(op, b));
  std::optional<U256> out;
  switch (op) {
    case '+': out = U256::Add(x, y); break;
    case '-': out = U256::Subtract(x, y); break;
    case '*': out = U256::Multiply(x, y); break;
    case '/': out = U256::Divide(x, y); break;
    default: out = U256::Modulo(x, y); break;
  }
  if (!out) {
    if ((op == '/' || op == '%') && y.IsZero()) {
      return Status(ErrorCode::kQueryError, "division by zero");
    }
    return U256Error(std::string("u256 ") + (op == '-' ? "underflow" : "overflow") + " in " + op);
  }
  return Value::U256Bytes(out->ToBigEndian());
}

Result<Value> U256Bitwise(char op, const Value& a, const Value& b) {
  BASALT_ASSIGN_OR_RETURN(U256 x, AsU256(op, a));
  BASALT_ASSIGN_OR_RETURN(U256 y, AsU256(op, b));
  U256 out = op == '&' ? U256::And(x, y) : op == '|' ? U256::Or(x, y) : U256::Xor(x, y);
  return Value::U256Bytes(out.ToBigEndian());
}

}  // namespace basalt::sql
