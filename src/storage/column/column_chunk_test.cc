#include "storage/column/column_chunk.h"

#include <gtest/gtest.h>

namespace basalt::storage {
namespace {

std::vector<std::pair<uint16_t, Value>> Strings(size_t count, size_t distinct, bool bytes = false) {
  std::vector<std::pair<uint16_t, Value>> entries;
  for (size_t idx = 0; idx < count; ++idx) {
    std::string s = "value-" + std::to_string(idx % distinct);
    entries.emplace_back(uint16_t(idx * 3), bytes ? Value::Bytes(s) : Value::String(s));
  }
  return entries;
}

void ExpectRoundTrip(const std::vector<std::pair<uint16_t, Value>>& entries, bool coded) {
  std::string encoded = ColumnChunk::FromValues(7, entries).Encode();
  auto decoded = ColumnChunk::Decode(7, encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->dictionary_coded(), coded);
  ASSERT_EQ(decoded->size(), entries.size());
  for (size_t idx = 0; idx < entries.size(); ++idx) {
    EXPECT_EQ(decoded->slots[idx], entries[idx].first);
    EXPECT_EQ(decoded->ValueAt(idx).type(), entries[idx].second.type());
    EXPECT_TRUE(decoded->ValueAt(idx).Equals(entries[idx].second)) << idx;
  }
  EXPECT_EQ(decoded->Encode(), encoded);  // decoding loses nothing
}

TEST(ColumnChunkTest, FewDistinctStringsAreDictionaryCoded) {
  ExpectRoundTrip(Strings(1000, 7), true);
  ExpectRoundTrip(Strings(1000, 7, /*bytes=*/true), true);
  auto chunk = ColumnChunk::Decode(0, ColumnChunk::FromValues(0, Strings(100, 3)).Encode());
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ(chunk->string_ends.size(), 3u);  // each distinct string once
  EXPECT_EQ(chunk->StringAt(4), "value-1");
  EXPECT_EQ(chunk->StringEntry(chunk->dictionary_ids[4]), "value-1");
}

TEST(ColumnChunkTest, ManyDistinctOrFewValuesStayPlain) {
  ExpectRoundTrip(Strings(1000, 1000), false);
  ExpectRoundTrip(Strings(1000, 501), false);
  ExpectRoundTrip(Strings(10, 1), false);  // too few values to bother
  ExpectRoundTrip({}, false);
}

TEST(ColumnChunkTest, OtherLayoutsRoundTrip) {
  ExpectRoundTrip({{0, Value::Int(5)}, {1, Value::Int(-7)}, {9, Value::Int(INT64_MAX)}}, false);
  ExpectRoundTrip({{0, Value::Float(1.5)}, {2, Value::Float(-0.25)}}, false);
  ExpectRoundTrip({{0, Value::Int(1)}, {1, Value::String("a")}, {2, Value::Null()}}, false);
}

TEST(ColumnChunkTest, MergeIntoACodedChunkKeepsEveryValue) {
  std::string base = ColumnChunk::FromValues(0, Strings(200, 4)).Encode();
  ColumnDelta delta;
  delta.Set(3, Value::String("new"));  // slot 3 is value 1
  delta.Remove(6);                      // value 2
  delta.Set(4000, Value::String("value-0"));
  std::string operand = delta.Finish();
  std::string_view existing = base;
  auto merged = MergeColumnChunk(&existing, {operand});
  ASSERT_TRUE(merged.ok());
  auto chunk = ColumnChunk::Decode(0, *merged);
  ASSERT_TRUE(chunk.ok());
  EXPECT_TRUE(chunk->dictionary_coded());
  ASSERT_EQ(chunk->size(), 200u);
  EXPECT_EQ(chunk->slots[1], 3);
  EXPECT_EQ(chunk->StringAt(1), "new");
  EXPECT_EQ(chunk->slots[2], 9);
  EXPECT_EQ(chunk->slots.back(), 4000);
  EXPECT_EQ(chunk->StringAt(199), "value-0");
}

TEST(ColumnChunkTest, CorruptDictionaryIsAnError) {
  std::string encoded = ColumnChunk::FromValues(0, Strings(100, 2)).Encode();
  std::string bad = encoded;
  bad.back() = char(9);  // the last value's entry number: out of the dictionary
  EXPECT_FALSE(ColumnChunk::Decode(0, bad).ok());
  EXPECT_FALSE(ColumnChunk::Decode(0, encoded.substr(0, encoded.size() - 5)).ok());
}

}  // namespace
}  // namespace basalt::storage
