#include "storage/inverted/posting_set.h"

#include <gtest/gtest.h>

namespace basalt::storage {
namespace {

// A block's serialized bitmap of low 16-bit values, as the index stores it.
std::string Block(const std::vector<uint64_t>& lows) {
  return PostingSet::Of(lows).Serialize();
}

std::vector<uint64_t> Shifted(uint64_t block, const std::vector<uint64_t>& lows) {
  std::vector<uint64_t> out;
  for (uint64_t low : lows) {
    out.push_back((block << 16) + low);
  }
  return out;
}

TEST(PostingSetTest, AddBlockShiftsValuesIntoTheirBlock) {
  PostingSet set;
  ASSERT_TRUE(set.AddBlock(0, Block({1, 5, 65535})).ok());
  ASSERT_TRUE(set.AddBlock(3, Block({0, 7})).ok());
  std::vector<uint64_t> want = {1, 5, 65535, 3 * 65536, 3 * 65536 + 7};
  EXPECT_EQ(set.ToVector(), want);
}

TEST(PostingSetTest, AddBlockMergesWithExistingValuesOfTheBlock) {
  PostingSet set = PostingSet::Of({2 * 65536 + 4, 2 * 65536 + 9, 70});
  ASSERT_TRUE(set.AddBlock(2, Block({9, 12})).ok());
  std::vector<uint64_t> want = {70, 2 * 65536 + 4, 2 * 65536 + 9, 2 * 65536 + 12};
  EXPECT_EQ(set.ToVector(), want);
}

TEST(PostingSetTest, AddBlockHandlesDenseAndRunContainers) {
  std::vector<uint64_t> dense;  // a bitset container (more than 4096 values)
  for (uint64_t low = 0; low < 65536; low += 3) {
    dense.push_back(low);
  }
  PostingSet runs;  // a run container after optimisation: Serialize keeps what it has
  runs.AddRange(100, 30000);
  PostingSet set;
  ASSERT_TRUE(set.AddBlock(5, Block(dense)).ok());
  ASSERT_TRUE(set.AddBlock(7, runs.Serialize()).ok());
  EXPECT_EQ(set.Cardinality(), dense.size() + 29901);
  EXPECT_TRUE(set.Contains(5 * 65536 + 3));
  EXPECT_FALSE(set.Contains(5 * 65536 + 4));
  EXPECT_TRUE(set.Contains(7 * 65536 + 100));
  EXPECT_TRUE(set.Contains(7 * 65536 + 30000));
  EXPECT_FALSE(set.Contains(7 * 65536 + 30001));
  EXPECT_FALSE(set.Contains(100));
  PostingSet expected = PostingSet::Of(Shifted(5, dense));
  expected.AddRange(7 * 65536 + 100, 7 * 65536 + 30000);
  EXPECT_TRUE(set == expected);
}

TEST(PostingSetTest, AddBlockOfAnEmptyBitmapAddsNothing) {
  PostingSet set = PostingSet::Of({1});
  ASSERT_TRUE(set.AddBlock(4, Block({})).ok());
  EXPECT_EQ(set.ToVector(), std::vector<uint64_t>({1}));
}

TEST(PostingSetTest, AddBlockRejectsGarbage) {
  PostingSet set;
  EXPECT_FALSE(set.AddBlock(1, "not a bitmap").ok());
  EXPECT_TRUE(set.Empty());
}

}  // namespace
}  // namespace basalt::storage
