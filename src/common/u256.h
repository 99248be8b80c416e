#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace basalt {

// An unsigned 256-bit integer (sql.md §2, type `u256`), as four 64-bit limbs, least
// significant first. Arithmetic reports overflow instead of wrapping.
class U256 {
 public:
  static constexpr size_t kBytes = 32;

  U256() = default;
  static U256 FromUint64(uint64_t value);
  // From 32 big-endian bytes (the stored form); REQUIRES: bytes.size() == kBytes.
  static U256 FromBigEndian(std::string_view bytes);
  // Decimal digits, or hexadecimal after `0x`/`0X`; INVALIDINPUT on anything else, on an
  // empty string and on values of 2^256 or more.
  static Result<U256> Parse(std::string_view text);
  // The integral part of a finite, non-negative double below 2^256; nullopt otherwise.
  static std::optional<U256> FromDouble(double value);

  std::string ToBigEndian() const;  // 32 bytes; byte order equals numeric order
  std::string ToDecimal() const;
  double ToDouble() const;
  // The value as int64 when it fits.
  std::optional<int64_t> ToInt64() const;
  bool IsZero() const { return limbs_[0] == 0 && limbs_[1] == 0 && limbs_[2] == 0 && limbs_[3] == 0; }

  int Compare(const U256& other) const;

  // Results are nullopt on overflow (add, multiply), underflow (subtract) or a zero divisor.
  static std::optional<U256> Add(const U256& a, const U256& b);
  static std::optional<U256> Subtract(const U256& a, const U256& b);
  static std::optional<U256> Multiply(const U256& a, const U256& b);
  static std::optional<U256> Divide(const U256& a, const U256& b);
  static std::optional<U256> Modulo(const U256& a, const U256& b);

  static U256 And(const U256& a, const U256& b);
  static U256 Or(const U256& a, const U256& b);
  static U256 Xor(const U256& a, const U256& b);

 private:
  // Quotient and remainder; REQUIRES: divisor is not zero.
  static void DivMod(const U256& dividend, const U256& divisor, U256* quotient, U256* remainder);
  bool Bit(int index) const { return (limbs_[index / 64] >> (index % 64)) & 1; }
  int BitLength() const;

  std::array<uint64_t, 4> limbs_{};
};

}  // namespace basalt
