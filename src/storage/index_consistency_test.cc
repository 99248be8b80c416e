// Property test: after thousands of random add / upsert / replace / patch / delete operations
// on random nested documents, every field of every live document is found identically
// through the row store, the column store and the index, and nothing of a deleted document
// remains in any of them.
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "common/json.h"
#include "common/value_codec.h"
#include "storage/field_path.h"
#include "storage/store.h"
#include "storage/store_test_util.h"

namespace basalt::storage {
namespace {

class RandomDocs {
 public:
  explicit RandomDocs(uint32_t seed) : rng_(seed) {}

  Value Scalar() {
    switch (Pick(9)) {
      case 0:
        return Value::Null();
      case 1:
        return Value::Bool(Pick(2) == 0);
      case 2:
        return Value::Int(int64_t(Pick(20)) - 5);
      case 3:
        return Value::Int(int64_t(rng_()) * (Pick(2) ? 1 : -1));
      case 4:
        return Value::Float(double(Pick(40)) / 4.0 - 3);
      case 5:
        return Value::String(kWords[Pick(kWordCount)]);
      case 6:
        return Value::String(std::string(kWords[Pick(kWordCount)]) + std::string(1, '\0') + "z");
      case 7:
        return Value::Timestamp(int64_t(Pick(1000)) * 1000000);
      default:
        return Value::Date(int64_t(Pick(100)) - 50);
    }
  }

  Value Any(int depth) {
    int kind = depth >= 3 ? 0 : int(Pick(10));
    if (kind <= 5)
      return Scalar();
    if (kind <= 7) {
      Array elements;
      for (uint32_t idx = 0, n = Pick(4); idx < n; ++idx)
        elements.push_back(Any(depth + 1));
      return Value::MakeArray(std::move(elements));
    }
    return Object(depth + 1);
  }

  Value Object(int depth) {
    Value out = Value::EmptyObject();
    for (uint32_t idx = 0, n = Pick(5); idx < n; ++idx) {
      out.Set(kKeys[Pick(kKeyCount)], Any(depth));
    }
    return out;
  }

  uint32_t Pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_); }

 private:
  static constexpr const char* kWords[] = {"", "a", "ab", "abc", "b", "zeta", "élan", "x.y"};
  static constexpr uint32_t kWordCount = 8;
  static constexpr const char* kKeys[] = {"a", "b", "c", "nested", "tags", "k.dot", "w[1]", "z"};
  static constexpr uint32_t kKeyCount = 8;
  std::mt19937 rng_;
};

std::string Encoded(const Value& v) {
  return EncodeValue(v);
}

class IndexConsistencyTest : public ::testing::Test {
 protected:
  void Verify(const std::map<std::string, Value>& model, const std::set<std::string>& ever) {
    auto reader_or = temp_.store().NewReader(coll_);
    ASSERT_TRUE(reader_or.ok());
    CollectionReader& reader = **reader_or;
    ASSERT_EQ(*reader.DocumentCount(), model.size());

    std::map<uint64_t, Value> live;  // seq -> document
    for (const std::string& id : ever) {
      auto doc = reader.GetById(id);
      ASSERT_TRUE(doc.ok());
      auto expected = model.find(id);
      if (expected == model.end()) {
        EXPECT_FALSE(doc->has_value()) << "deleted document still in row store: " << id;
        continue;
      }
      ASSERT_TRUE(doc->has_value()) << "missing document " << id;
      EXPECT_EQ(Encoded(**doc), Encoded(expected->second)) << id;
      uint64_t seq = **reader.SeqOfId(id);
      live[seq] = expected->second;

      std::vector<PathValue> columns;
      FlattenForColumns(expected->second, &columns);
      for (const PathValue& pv : columns) {
        auto got = reader.ColumnValue(pv.path, seq);
        ASSERT_TRUE(got.ok());
        EXPECT_EQ(Encoded(*got), Encoded(pv.value)) << id << " column " << pv.path;
      }
      std::vector<PathValue> entries;
      FlattenForIndex(expected->second, &entries);
      for (const PathValue& pv : entries) {
        auto postings = pv.value.is_array() || pv.value.is_object()
                            ? reader.LookupType(pv.path, pv.value.type())
                            : reader.LookupEqual(pv.path, pv.value);
        ASSERT_TRUE(postings.ok());
        EXPECT_TRUE(postings->Contains(seq))
            << id << " index " << pv.path << " " << pv.value.DebugString();
      }
    }

    auto all = reader.AllDocuments();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->Cardinality(), live.size());
    for (const auto& [seq, doc] : live)
      EXPECT_TRUE(all->Contains(seq)) << seq;

    // Reverse direction: everything the column store and the index hold belongs to a live
    // document and matches it.
    std::map<std::string, std::vector<int64_t>> expected_counts;
    for (const auto& [seq, doc] : live) {
      std::vector<PathValue> entries;
      FlattenForIndex(doc, &entries);
      std::set<std::pair<std::string, std::string>> distinct;
      for (const PathValue& pv : entries)
        distinct.emplace(pv.path, Encoded(pv.value));
      for (const auto& [path, encoded] : distinct) {
        auto& counts = expected_counts[path];
        counts.resize(kValueTypeCount);
        Value v;
        ASSERT_TRUE(DecodeValue(encoded, &v).ok());
        counts[int(v.type())]++;
      }
    }
    auto paths = reader.ListPaths();
    ASSERT_TRUE(paths.ok());
    for (const std::string& path : *paths) {
      Status st = reader.ScanColumn(path, [&](const ColumnChunk& chunk) {
        for (size_t idx = 0; idx < chunk.size(); ++idx) {
          auto doc = live.find(chunk.SeqAt(idx));
          EXPECT_NE(doc, live.end()) << "column " << path << " holds dead seq " << chunk.SeqAt(idx);
          if (doc == live.end())
            continue;
          EXPECT_EQ(Encoded(chunk.ValueAt(idx)), Encoded(ValueAtPath(doc->second, path))) << path;
        }
        return Status::Ok();
      });
      ASSERT_TRUE(st.ok()) << st.ToString();
      st = reader.ScanIndex(path, false, [&](const Value& value, const PostingSet& postings) {
        postings.ForEach([&](uint64_t seq) {
          auto doc = live.find(seq);
          EXPECT_NE(doc, live.end()) << "index " << path << " holds dead seq " << seq;
          if (doc == live.end())
            return true;
          std::vector<PathValue> entries;
          FlattenForIndex(doc->second, &entries);
          bool found = false;
          for (const PathValue& pv : entries) {
            if (pv.path != path)
              continue;
            bool type_only = value.is_array() || value.is_object();
            if (type_only ? pv.value.type() == value.type() : Encoded(pv.value) == Encoded(value)) {
              found = true;
            }
          }
          EXPECT_TRUE(found) << "index " << path << " " << value.DebugString() << " seq " << seq;
          return true;
        });
        return Status::Ok();
      });
      ASSERT_TRUE(st.ok()) << st.ToString();
      auto stats = reader.GetPathStats(path);
      ASSERT_TRUE(stats.ok());
      std::vector<int64_t> counts = expected_counts[path];
      counts.resize(kValueTypeCount);
      for (int type = 0; type < kValueTypeCount; ++type) {
        EXPECT_EQ(stats->count_by_type[type], counts[type]) << path << " type " << type;
      }
    }
  }

  testing::TempStore temp_;
  uint32_t coll_ = 0;
};

TEST_F(IndexConsistencyTest, RandomOperationsKeepIndexesIdentical) {
  coll_ = *temp_.store().CreateCollection();
  RandomDocs random(20261121);
  std::map<std::string, Value> model;
  std::set<std::string> ever;
  constexpr int kOperations = 6000;
  int done = 0;
  while (done < kOperations) {
    std::vector<Mutation> batch;
    std::map<std::string, Value> next_model = model;
    for (uint32_t idx = 0, n = 1 + random.Pick(40); idx < n; ++idx, ++done) {
      std::string id = "doc" + std::to_string(random.Pick(300));
      ever.insert(id);
      uint32_t op = random.Pick(10);
      auto current = next_model.find(id);
      if (op < 3) {  // add (replace whole document / insert)
        Value doc = random.Object(0);
        doc.Set("_id", Value::String(id));
        next_model[id] = doc;
        batch.push_back(testing::PutDoc(id, doc));
      } else if (op < 6) {  // upsert: merge top-level fields
        Value fields = random.Object(0);
        Value merged = current != next_model.end() ? current->second : Value::EmptyObject();
        for (const Field& f : fields.object())
          merged.Set(f.first, f.second);
        merged.Set("_id", Value::String(id));
        next_model[id] = merged;
        batch.push_back(Mutation{id, [fields, id](const Value* cur) -> Result<MutationOutcome> {
                                   Value m = cur != nullptr ? *cur : Value::EmptyObject();
                                   for (const Field& f : fields.object())
                                     m.Set(f.first, f.second);
                                   m.Set("_id", Value::String(id));
                                   return MutationOutcome{MutationKind::kPut, m};
                                 }});
      } else if (op < 8) {  // patch one nested field when the document exists
        Value nested = random.Any(1);
        if (current != next_model.end()) {
          Value patched = current->second;
          Value inner =
              patched.Get("nested").is_object() ? patched.Get("nested") : Value::EmptyObject();
          inner.Set("p", nested);
          patched.Set("nested", inner);
          next_model[id] = patched;
        }
        batch.push_back(Mutation{id, [nested](const Value* cur) -> Result<MutationOutcome> {
                                   if (cur == nullptr)
                                     return MutationOutcome{MutationKind::kNoop, Value()};
                                   Value patched = *cur;
                                   Value inner = patched.Get("nested").is_object()
                                                     ? patched.Get("nested")
                                                     : Value::EmptyObject();
                                   inner.Set("p", nested);
                                   patched.Set("nested", inner);
                                   return MutationOutcome{MutationKind::kPut, patched};
                                 }});
      } else {  // delete
        next_model.erase(id);
        batch.push_back(testing::DeleteDoc(id));
      }
    }
    auto summary = temp_.store().Apply(coll_, batch);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    for (const auto& r : summary->results)
      ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    model = std::move(next_model);
    if (done % 2000 < 40)
      Verify(model, ever);
  }
  Verify(model, ever);
  // Recovery from the WAL and a full compaction (merge operators fold every operand) must
  // not change anything.
  temp_.Reopen();
  Verify(model, ever);
  ASSERT_TRUE(temp_.store().CompactAll().ok());
  Verify(model, ever);
}

}  // namespace
}  // namespace basalt::storage
