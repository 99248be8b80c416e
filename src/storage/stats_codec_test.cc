#include "storage/stats_codec.h"

#include <gtest/gtest.h>

namespace basalt::storage {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::string Updates(uint64_t first, int count) {
  HllUpdate update;
  for (int idx = 0; idx < count; ++idx) {
    update.AddHash(Mix(first + uint64_t(idx)));
  }
  return update.Finish();
}

std::string Merge(const std::vector<std::string>& operands) {
  std::vector<std::string_view> views(operands.begin(), operands.end());
  auto merged = MergeHll(nullptr, views);
  EXPECT_TRUE(merged.ok());
  return merged.ok() ? *merged : "";
}

TEST(StatsCodecTest, CombinedHllOperandsMergeLikeTheOriginals) {
  std::vector<std::string> operands;
  for (int idx = 0; idx < 40; ++idx) {
    operands.push_back(Updates(uint64_t(idx) * 100, 100));
  }
  std::string direct = Merge(operands);
  // Combined in two groups (as partial merges would), then merged.
  std::vector<std::string_view> first(operands.begin(), operands.begin() + 25);
  std::vector<std::string_view> second(operands.begin() + 25, operands.end());
  auto a = CombineHll(first);
  auto b = CombineHll(second);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), size_t(kHllRegisters));  // many updates: registers
  EXPECT_EQ(Merge({*a, *b}), direct);
  // With an older value underneath.
  std::string_view base = direct;
  std::vector<std::string_view> more = {*a};
  auto merged = MergeHll(&base, more);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(*merged, direct);
  EXPECT_GT(HllEstimate(direct), 3000);
  EXPECT_LT(HllEstimate(direct), 5000);
}

TEST(StatsCodecTest, ShortHllOperandsStayUpdates) {
  std::string x = Updates(1, 3), y = Updates(50, 4);
  auto combined = CombineHll({x, y});
  ASSERT_TRUE(combined.ok());
  EXPECT_EQ(*combined, x + y);
  EXPECT_EQ(Merge({*combined}), Merge({x, y}));
  // A combined registers operand next to short ones.
  auto registers = CombineHll({Updates(7, 400), x});
  ASSERT_TRUE(registers.ok());
  ASSERT_EQ(registers->size(), size_t(kHllRegisters));
  auto mixed = CombineHll({*registers, y});
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(*mixed, Merge({Updates(7, 400), x, y}));
  EXPECT_FALSE(CombineHll({"ab"}).ok());
}

TEST(StatsCodecTest, CountersCombineBySumming) {
  std::string a = EncodeCounters({1, 2}), b = EncodeCounters({10, 20, 30});
  auto sum = MergeCounters(nullptr, {a, b});
  ASSERT_TRUE(sum.ok());
  auto decoded = DecodeCounters(*sum);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, std::vector<int64_t>({11, 22, 30}));
}

}  // namespace
}  // namespace basalt::storage
