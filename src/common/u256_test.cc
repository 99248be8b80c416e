#include "common/u256.h"

#include <gtest/gtest.h>

namespace basalt {
namespace {

constexpr std::string_view kMax =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";

U256 Parse(std::string_view text) {
  auto parsed = U256::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : U256();
}

TEST(U256Test, ParsesAndPrintsDecimalAndHex) {
  EXPECT_EQ(Parse("0").ToDecimal(), "0");
  EXPECT_EQ(Parse("10").ToDecimal(), "10");
  EXPECT_EQ(Parse("0xff").ToDecimal(), "255");
  EXPECT_EQ(Parse("18446744073709551616").ToDecimal(), "18446744073709551616");  // 2^64
  EXPECT_EQ(Parse(kMax).ToDecimal(), kMax);
  EXPECT_EQ(Parse("0x" + std::string(64, 'f')).ToDecimal(), kMax);
}

TEST(U256Test, RejectsBadText) {
  EXPECT_FALSE(U256::Parse("").ok());
  EXPECT_FALSE(U256::Parse("-1").ok());
  EXPECT_FALSE(U256::Parse("1.5").ok());
  EXPECT_FALSE(U256::Parse("0x").ok());
  EXPECT_FALSE(U256::Parse("0xfg").ok());
  EXPECT_FALSE(U256::Parse(" 1").ok());
  // 2^256 is one too many.
  EXPECT_FALSE(
      U256::Parse("115792089237316195423570985008687907853269984665640564039457584007913129639936")
          .ok());
}

TEST(U256Test, BigEndianBytesKeepNumericOrder) {
  U256 small = Parse("255");
  U256 big = Parse("256");
  EXPECT_LT(small.ToBigEndian(), big.ToBigEndian());
  EXPECT_EQ(U256::FromBigEndian(big.ToBigEndian()).Compare(big), 0);
  EXPECT_EQ(small.Compare(big), -1);
  EXPECT_EQ(Parse(kMax).ToBigEndian(), std::string(32, '\xff'));
}

TEST(U256Test, ArithmeticReportsOverflowAndUnderflow) {
  U256 max = Parse(kMax);
  U256 one = U256::FromUint64(1);
  EXPECT_FALSE(U256::Add(max, one).has_value());
  EXPECT_EQ(U256::Add(Parse("18446744073709551615"), one)->ToDecimal(), "18446744073709551616");
  EXPECT_FALSE(U256::Subtract(one, U256::FromUint64(2)).has_value());
  EXPECT_EQ(U256::Subtract(Parse("18446744073709551616"), one)->ToDecimal(),
            "18446744073709551615");
  EXPECT_EQ(U256::Multiply(Parse("340282366920938463463374607431768211456"),
                           Parse("340282366920938463463374607431768211455"))
                ->ToDecimal(),
            "115792089237316195423570985008687907852929702298719625575994209400481361428480");
  EXPECT_FALSE(U256::Multiply(max, U256::FromUint64(2)).has_value());
  EXPECT_EQ(U256::Divide(max, Parse("340282366920938463463374607431768211456"))->ToDecimal(),
            "340282366920938463463374607431768211455");
  EXPECT_EQ(U256::Modulo(Parse("1000000000000000000000000000007"), Parse("1000"))->ToDecimal(),
            "7");
  EXPECT_FALSE(U256::Divide(one, U256()).has_value());
  EXPECT_FALSE(U256::Modulo(one, U256()).has_value());
}

TEST(U256Test, ConvertsToAndFromNumbers) {
  EXPECT_EQ(Parse("9223372036854775807").ToInt64(), INT64_MAX);
  EXPECT_FALSE(Parse("9223372036854775808").ToInt64().has_value());
  EXPECT_DOUBLE_EQ(Parse("18446744073709551616").ToDouble(), 0x1p64);
  EXPECT_EQ(U256::FromDouble(0x1p64)->ToDecimal(), "18446744073709551616");
  EXPECT_EQ(U256::FromDouble(12.9)->ToDecimal(), "12");
  EXPECT_FALSE(U256::FromDouble(-1).has_value());
  EXPECT_FALSE(U256::FromDouble(0x1p256).has_value());
  EXPECT_EQ(U256::Xor(Parse("12"), Parse("10")).ToDecimal(), "6");
}

}  // namespace
}  // namespace basalt
