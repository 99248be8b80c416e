#include "common/u256.h"

#include <algorithm>
#include <cmath>

namespace basalt {
namespace {

using uint128 = unsigned __int128;

// a = a * factor + addend; false on overflow.
bool MultiplyAdd(std::array<uint64_t, 4>& limbs, uint64_t factor, uint64_t addend) {
  uint128 carry = addend;
  for (uint64_t& limb : limbs) {
    uint128 product = uint128(limb) * factor + carry;
    limb = uint64_t(product);
    carry = product >> 64;
  }
  return carry == 0;
}

int DigitValue(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return 99;
}

Status NotU256(std::string_view text, std::string_view why) {
  std::string message = "'";
  message.append(text);
  message.append(why);
  return InvalidInput(std::move(message));
}

}  // namespace

U256 U256::FromUint64(uint64_t value) {
  U256 out;
  out.limbs_[0] = value;
  return out;
}

U256 U256::FromBigEndian(std::string_view bytes) {
  U256 out;
  for (size_t idx = 0; idx < kBytes && idx < bytes.size(); ++idx) {
    size_t bit = (kBytes - 1 - idx) * 8;
    out.limbs_[bit / 64] |= uint64_t(uint8_t(bytes[idx])) << (bit % 64);
  }
  return out;
}

Result<U256> U256::Parse(std::string_view text) {
  uint64_t base = 10;
  std::string_view digits = text;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits.remove_prefix(2);
  }
  if (digits.empty()) {
    return NotU256(text, "' is not a u256");
  }
  U256 out;
  for (char ch : digits) {
    int digit = DigitValue(ch);
    if (uint64_t(digit) >= base) {
      return NotU256(text, "' is not a u256");
    }
    if (!MultiplyAdd(out.limbs_, base, uint64_t(digit))) {
      return NotU256(text, "' is out of range for u256");
    }
  }
  return out;
}

std::optional<U256> U256::FromDouble(double value) {
  if (!std::isfinite(value) || value < 0 || value >= 0x1p256) {
    return std::nullopt;
  }
  value = std::trunc(value);
  U256 out;
  for (int limb = 3; limb >= 0; --limb) {
    double scale = std::ldexp(1.0, 64 * limb);
    double part = std::floor(value / scale);
    out.limbs_[limb] = part >= 0x1p64 ? UINT64_MAX : uint64_t(part);
    value -= double(out.limbs_[limb]) * scale;
    if (value < 0) {
      value = 0;
    }
  }
  return out;
}

std::string U256::ToBigEndian() const {
  std::string out(kBytes, '\0');
  for (size_t idx = 0; idx < kBytes; ++idx) {
    size_t bit = (kBytes - 1 - idx) * 8;
    out[idx] = char(uint8_t(limbs_[bit / 64] >> (bit % 64)));
  }
  return out;
}

std::string U256::ToDecimal() const {
  if (IsZero()) {
    return "0";
  }
  std::string out;
  std::array<uint64_t, 4> rest = limbs_;
  auto is_zero = [&] { return rest[0] == 0 && rest[1] == 0 && rest[2] == 0 && rest[3] == 0; };
  while (!is_zero()) {
    // Divide by 10^19 (the largest power of ten in 64 bits), keep the remainder's digits.
    constexpr uint64_t kChunk = 10000000000000000000ULL;
    uint128 remainder = 0;
    for (int limb = 3; limb >= 0; --limb) {
      uint128 current = (remainder << 64) | rest[limb];
      rest[limb] = uint64_t(current / kChunk);
      remainder = current % kChunk;
    }
    uint64_t chunk = uint64_t(remainder);
    for (int digit = 0; digit < 19 && (chunk != 0 || !is_zero()); ++digit) {
      out.push_back(char('0' + chunk % 10));
      chunk /= 10;
    }
  }
  std::reverse(out.begin(), out.end());
  return out;
}

double U256::ToDouble() const {
  double out = 0;
  for (int limb = 3; limb >= 0; --limb) {
    out = out * 0x1p64 + double(limbs_[limb]);
  }
  return out;
}

std::optional<int64_t> U256::ToInt64() const {
  if (limbs_[1] != 0 || limbs_[2] != 0 || limbs_[3] != 0 || limbs_[0] > uint64_t(INT64_MAX)) {
    return std::nullopt;
  }
  return int64_t(limbs_[0]);
}

int U256::Compare(const U256& other) const {
  for (int limb = 3; limb >= 0; --limb) {
    if (limbs_[limb] != other.limbs_[limb]) {
      return limbs_[limb] < other.limbs_[limb] ? -1 : 1;
    }
  }
  return 0;
}

std::optional<U256> U256::Add(const U256& a, const U256& b) {
  U256 out;
  uint64_t carry = 0;
  for (int limb = 0; limb < 4; ++limb) {
    uint128 sum = uint128(a.limbs_[limb]) + b.limbs_[limb] + carry;
    out.limbs_[limb] = uint64_t(sum);
    carry = uint64_t(sum >> 64);
  }
  if (carry != 0) {
    return std::nullopt;
  }
  return out;
}

std::optional<U256> U256::Subtract(const U256& a, const U256& b) {
  if (a.Compare(b) < 0) {
    return std::nullopt;
  }
  U256 out;
  uint64_t borrow = 0;
  for (int limb = 0; limb < 4; ++limb) {
    uint128 lhs = a.limbs_[limb];
    uint128 rhs = uint128(b.limbs_[limb]) + borrow;
    borrow = lhs < rhs ? 1 : 0;
    out.limbs_[limb] = uint64_t(lhs + (uint128(borrow) << 64) - rhs);
  }
  return out;
}

std::optional<U256> U256::Multiply(const U256& a, const U256& b) {
  std::array<uint64_t, 8> wide{};
  for (int i = 0; i < 4; ++i) {
    uint128 carry = 0;
    for (int k = 0; k < 4; ++k) {
      uint128 cell = uint128(a.limbs_[i]) * b.limbs_[k] + wide[i + k] + carry;
      wide[i + k] = uint64_t(cell);
      carry = cell >> 64;
    }
    wide[i + 4] = uint64_t(carry);
  }
  if (wide[4] != 0 || wide[5] != 0 || wide[6] != 0 || wide[7] != 0) {
    return std::nullopt;
  }
  U256 out;
  std::copy(wide.begin(), wide.begin() + 4, out.limbs_.begin());
  return out;
}

int U256::BitLength() const {
  for (int limb = 3; limb >= 0; --limb) {
    if (limbs_[limb] != 0) {
      return limb * 64 + 64 - __builtin_clzll(limbs_[limb]);
    }
  }
  return 0;
}

void U256::DivMod(const U256& dividend, const U256& divisor, U256* quotient, U256* remainder) {
  U256 q;
  U256 r;
  for (int bit = dividend.BitLength() - 1; bit >= 0; --bit) {
    // r = r * 2 + bit; r < divisor < 2^256 keeps the shift in range.
    for (int limb = 3; limb > 0; --limb) {
      r.limbs_[limb] = (r.limbs_[limb] << 1) | (r.limbs_[limb - 1] >> 63);
    }
    r.limbs_[0] = (r.limbs_[0] << 1) | uint64_t(dividend.Bit(bit));
    if (r.Compare(divisor) >= 0) {
      r = *Subtract(r, divisor);
      q.limbs_[bit / 64] |= uint64_t(1) << (bit % 64);
    }
  }
  *quotient = q;
  *remainder = r;
}

std::optional<U256> U256::Divide(const U256& a, const U256& b) {
  if (b.IsZero()) {
    return std::nullopt;
  }
  U256 q, r;
  DivMod(a, b, &q, &r);
  return q;
}

std::optional<U256> U256::Modulo(const U256& a, const U256& b) {
  if (b.IsZero()) {
    return std::nullopt;
  }
  U256 q, r;
  DivMod(a, b, &q, &r);
  return r;
}

U256 U256::And(const U256& a, const U256& b) {
  U256 out;
  for (int limb = 0; limb < 4; ++limb) out.limbs_[limb] = a.limbs_[limb] & b.limbs_[limb];
  return out;
}

U256 U256::Or(const U256& a, const U256& b) {
  U256 out;
  for (int limb = 0; limb < 4; ++limb) out.limbs_[limb] = a.limbs_[limb] | b.limbs_[limb];
  return out;
}

U256 U256::Xor(const U256& a, const U256& b) {
  U256 out;
  for (int limb = 0; limb < 4; ++limb) out.limbs_[limb] = a.limbs_[limb] ^ b.limbs_[limb];
  return out;
}

}  // namespace basalt
