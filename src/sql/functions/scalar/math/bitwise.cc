// Bitwise functions on int (two's complement, 64 bits); AND/OR/XOR also on u256.
#include <bit>

#include "sql/functions/builtin_functions.h"
#include "sql/executor/u256_ops.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

enum class BitOp : uint8_t { kAnd, kOr, kXor, kShiftLeft, kShiftRight, kShiftRightArithmetic };

template <FnName kName, BitOp kOp>
Result<Value> BinaryBits(const Args& args, const FunctionContext&) {
  if constexpr (kOp == BitOp::kAnd || kOp == BitOp::kOr || kOp == BitOp::kXor) {
    if (InvolvesU256(args[0], args[1]) && !args[0].is_nullish() && !args[1].is_nullish()) {
      return U256Bitwise(kOp == BitOp::kAnd ? '&' : kOp == BitOp::kOr ? '|' : '^', args[0],
                         args[1]);
    }
  }
  BASALT_ASSIGN_OR_RETURN(int64_t x, IntArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(int64_t y, IntArg(kName.view(), args, 1));
  auto ux = static_cast<uint64_t>(x);
  switch (kOp) {
    case BitOp::kAnd:
      return Value::Int(x & y);
    case BitOp::kOr:
      return Value::Int(x | y);
    case BitOp::kXor:
      return Value::Int(x ^ y);
    case BitOp::kShiftLeft:
      if (y < 0) {
        return FunctionError(kName.view(), "shift must be non-negative");
      }
      return Value::Int(y >= 64 ? 0 : static_cast<int64_t>(ux << y));
    case BitOp::kShiftRight:
      if (y < 0) {
        return FunctionError(kName.view(), "shift must be non-negative");
      }
      return Value::Int(y >= 64 ? 0 : static_cast<int64_t>(ux >> y));
    case BitOp::kShiftRightArithmetic:
      if (y < 0) {
        return FunctionError(kName.view(), "shift must be non-negative");
      }
      return Value::Int(y >= 64 ? (x < 0 ? -1 : 0) : (x >> y));
  }
  return Value::Int(0);
}

Result<Value> BitwiseNot(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t x, IntArg("BITWISE_NOT", args, 0));
  return Value::Int(~x);
}

Result<Value> BitCount(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t x, IntArg("BIT_COUNT", args, 0));
  int64_t bits = 64;
  if (args.size() > 1) {
    BASALT_ASSIGN_OR_RETURN(bits, IntArg("BIT_COUNT", args, 1));
  }
  if (bits < 2 || bits > 64) {
    return FunctionError("BIT_COUNT", "bits must be between 2 and 64");
  }
  if (bits < 64) {
    int64_t low = -(int64_t(1) << (bits - 1));
    int64_t high = (int64_t(1) << (bits - 1)) - 1;
    if (x < low || x > high) {
      return FunctionError("BIT_COUNT", "number must be representable with the bits specified");
    }
  }
  uint64_t mask = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  return Value::Int(std::popcount(static_cast<uint64_t>(x) & mask));
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef BitwiseAndFunction() {
  return Def("BITWISE_AND", 2, 2, BinaryBits<"BITWISE_AND", BitOp::kAnd>,
             "BITWISE_AND(x, y) -> int", "Bitwise and.", "BITWISE_AND(12, 10) = 8");
}
FunctionDef BitwiseOrFunction() {
  return Def("BITWISE_OR", 2, 2, BinaryBits<"BITWISE_OR", BitOp::kOr>, "BITWISE_OR(x, y) -> int",
             "Bitwise or.", "BITWISE_OR(12, 10) = 14");
}
FunctionDef BitwiseXorFunction() {
  return Def("BITWISE_XOR", 2, 2, BinaryBits<"BITWISE_XOR", BitOp::kXor>,
             "BITWISE_XOR(x, y) -> int", "Bitwise exclusive or.", "BITWISE_XOR(5, 3) = 6");
}
FunctionDef BitwiseNotFunction() {
  return Def("BITWISE_NOT", 1, 1, BitwiseNot, "BITWISE_NOT(x) -> int", "Bitwise complement.",
             "BITWISE_NOT(0) = -1");
}
FunctionDef BitwiseShiftLeftFunction() {
  return Def("BITWISE_SHIFT_LEFT", 2, 2, BinaryBits<"BITWISE_SHIFT_LEFT", BitOp::kShiftLeft>,
             "BITWISE_SHIFT_LEFT(x, n) -> int", "x shifted left by n bits (0 for n >= 64).",
             "BITWISE_SHIFT_LEFT(1, 4) = 16");
}
FunctionDef BitwiseShiftRightFunction() {
  return Def("BITWISE_SHIFT_RIGHT", 2, 2, BinaryBits<"BITWISE_SHIFT_RIGHT", BitOp::kShiftRight>,
             "BITWISE_SHIFT_RIGHT(x, n) -> int",
             "x shifted right by n bits, filling with zeros (logical shift).",
             "BITWISE_SHIFT_RIGHT(16, 2) = 4");
}
FunctionDef BitwiseShiftRightArithmeticFunction() {
  return Def("BITWISE_SHIFT_RIGHT_ARITHMETIC", 2, 2,
             BinaryBits<"BITWISE_SHIFT_RIGHT_ARITHMETIC", BitOp::kShiftRightArithmetic>,
             "BITWISE_SHIFT_RIGHT_ARITHMETIC(x, n) -> int",
             "x shifted right by n bits, keeping the sign.",
             "BITWISE_SHIFT_RIGHT_ARITHMETIC(-16, 2) = -4");
}
FunctionDef BitCountFunction() {
  return Def("BIT_COUNT", 1, 2, BitCount, "BIT_COUNT(x[, bits]) -> int",
             "Number of 1 bits of x viewed as a bits-bit (default 64) signed integer.",
             "BIT_COUNT(9, 64) = 2 AND BIT_COUNT(-1, 8) = 8");
}

}  // namespace basalt::sql
