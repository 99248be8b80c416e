#include "sql/executor/operators/parallel_scan.h"

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "sql/engine.h"
#include "sql/planner/plan.h"
#include "sql/sql_test_util.h"
#include "storage/store_test_util.h"

namespace basalt::sql {
namespace {

constexpr int kDocs = 50000;

std::string Text(int n) {
  static const char* const kWords[] = {"alpha", "Bravo", "charlie", "delta", "ECHO", "foxtrot"};
  std::string text;
  for (int word = 0; word < 3 + n % 4; ++word) {
    text += kWords[(n / (word + 1)) % 6];
    text += ' ';
  }
  if (n % 1234 == 17) {
    text += n % 2 == 0 ? "the Needle." : "needles and a NEEDLE";
  }
  return text;
}

// 50,000 documents, n = 0..49,999 in seq order, then a few thousand deleted: a whole column
// chunk (n in [12,000, 17,000)) and every 777th, so that morsels have gaps and one chunk is
// missing.
class ParallelScanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    temp_ = new storage::testing::TempStore();
    collection_ = *temp_->store().CreateCollection();
    std::vector<storage::Mutation> mutations;
    for (int n = 0; n < kDocs; ++n) {
      char id[16];
      std::snprintf(id, sizeof(id), "d%05d", n);
      Value doc = Value::MakeObject(
          {{"n", Value::Int(n)},
           {"g", Value::Int(n % 7)},
           {"text", Value::String(Text(n))},
           {"obj", Value::MakeObject({{"a", Value::Int(n % 3)}})},
           // A string, but an int in five documents.
           {"m",
            n >= 30000 && n < 30005 ? Value::Int(n) : Value::String("m" + std::to_string(n))}});
      mutations.push_back(storage::testing::PutDoc(id, doc));
      if (mutations.size() == 5000) {
        ASSERT_TRUE(temp_->store().Apply(collection_, mutations).ok());
        mutations.clear();
      }
    }
    for (int n = 0; n < kDocs; ++n) {
      if ((n >= 12000 && n < 17000) || n % 777 == 5) {
        char id[16];
        std::snprintf(id, sizeof(id), "d%05d", n);
        mutations.push_back(storage::testing::DeleteDoc(id));
      }
    }
    ASSERT_TRUE(temp_->store().Apply(collection_, mutations).ok());
  }
  static void TearDownTestSuite() {
    delete temp_;
    temp_ = nullptr;
  }

  // Rows as JSON lines, or "ERROR <code>: <message>". Full scans only (no index).
  static std::string Run(const std::string& sql, int threads, bool columns = true,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(60000),
                         const std::atomic<bool>* cancelled = nullptr) {
    testing::MapCatalog catalog;
    catalog.collections["commons.docs"] = collection_;
    QueryOptions options;
    options.threads = threads;
    options.use_indexes = false;
    options.use_column_store = columns;
    options.timeout = timeout;
    options.cancelled = cancelled;
    return testing::RowsText(ExecuteSql(sql, catalog, temp_->store(), options));
  }

  static size_t Lines(const std::string& text) {
    return size_t(std::count(text.begin(), text.end(), '\n'));
  }

  static storage::testing::TempStore* temp_;
  static uint32_t collection_;
};

storage::testing::TempStore* ParallelScanTest::temp_ = nullptr;
uint32_t ParallelScanTest::collection_ = 0;

TEST_F(ParallelScanTest, FiltersGiveTheSerialRowsInTheSameOrder) {
  const char* const queries[] = {
      "SELECT _id, n FROM docs WHERE n % 97 = 3",
      "SELECT * FROM docs WHERE n % 101 = 5",
      "SELECT _id, obj FROM docs WHERE obj.a = 1 AND n % 13 = 0",
      "SELECT _id FROM docs WHERE REGEXP_LIKE(text, '(?i)\\bneedle\\b')",
      "SELECT _id, text FROM docs WHERE REGEXP_LIKE(text, 'Bravo|ECHO') AND g = 3",
      "SELECT n FROM docs WHERE text LIKE '%needle%' OR n > 49990",
      "SELECT n FROM docs WHERE text ILIKE '%NEEDLE%' AND n % 3 = 0",
      "SELECT _id, g FROM docs WHERE text NOT LIKE '%a%'",
      "SELECT _id, m FROM docs WHERE m LIKE '%77' AND n > 100",
      "SELECT g, COUNT(*) AS c, MAX(LENGTH(text)) AS m FROM docs WHERE n % 3 = 1 GROUP BY g "
      "ORDER BY g",
      // Not evaluated on workers (a subquery): the same rows all the same.
      "SELECT _id FROM docs WHERE n IN (SELECT n + 40000 FROM docs WHERE n < 50)",
  };
  for (const char* sql : queries) {
    for (bool columns : {true, false}) {
      SCOPED_TRACE(std::string(sql) + (columns ? " (columns)" : " (documents)"));
      uint64_t started = ParallelScan::StartedCount();
      std::string serial = Run(sql, 1, columns);
      ASSERT_EQ(serial.rfind("ERROR", 0), std::string::npos) << serial;
      EXPECT_EQ(ParallelScan::StartedCount(), started);
      EXPECT_GT(Lines(serial), 0u);
      EXPECT_EQ(Run(sql, 4, columns), serial);
      EXPECT_EQ(Run(sql, 2, columns), serial);
      // One scan each (with a subquery: the subquery's, not the outer one).
      EXPECT_EQ(ParallelScan::StartedCount(), started + 2);
    }
  }
  EXPECT_EQ(Lines(Run("SELECT _id FROM docs WHERE n % 2 = 0 OR n % 2 = 1", 4)),
            size_t(kDocs - 5000 - 59));
}

TEST_F(ParallelScanTest, LimitStopsTheScanWithTheSerialRows) {
  for (const char* sql : {"SELECT _id FROM docs WHERE n % 3 = 0 LIMIT 10",
                          "SELECT _id FROM docs WHERE n % 11 = 0 LIMIT 5 OFFSET 3000",
                          "SELECT * FROM docs WHERE n % 1000 = 999 LIMIT 7"}) {
    SCOPED_TRACE(sql);
    std::string serial = Run(sql, 1);
    EXPECT_GT(Lines(serial), 0u);
    EXPECT_EQ(Run(sql, 4), serial);
    EXPECT_EQ(Run(sql, 4, false), Run(sql, 1, false));
  }
}

TEST_F(ParallelScanTest, AnErrorInThePredicateIsTheSerialError) {
  // Division by zero at n = 40,000 only.
  std::string sql = "SELECT _id FROM docs WHERE (n - 40000) / (n - 40000) = 1 AND n % 9973 = 1";
  for (bool columns : {true, false}) {
    std::string serial = Run(sql, 1, columns);
    EXPECT_EQ(serial.rfind("ERROR QUERY_ERROR", 0), 0u) << serial;
    EXPECT_NE(serial.find("division by zero"), std::string::npos) << serial;
    EXPECT_EQ(Run(sql, 4, columns), serial);
    // Rows before the failing document are enough: the error is never reached.
    std::string limited = Run(sql + " LIMIT 3", 1, columns);
    EXPECT_EQ(limited, "{\"_id\":\"d00001\"}\n{\"_id\":\"d09974\"}\n{\"_id\":\"d19947\"}\n");
    EXPECT_EQ(Run(sql + " LIMIT 3", 4, columns), limited);
    EXPECT_EQ(Run(sql + " LIMIT 6", 4, columns), serial);
  }
  // REGEXP_LIKE on the five ints, and a bad pattern.
  for (std::string bad : {"SELECT _id FROM docs WHERE REGEXP_LIKE(m, '^m.*7$')",
                          "SELECT _id FROM docs WHERE REGEXP_LIKE(text, '(') AND n > 10"}) {
    for (bool columns : {true, false}) {
      std::string serial = Run(bad, 1, columns);
      EXPECT_EQ(serial.rfind("ERROR QUERY_ERROR", 0), 0u) << serial;
      EXPECT_EQ(Run(bad, 4, columns), serial);
    }
  }
}

TEST_F(ParallelScanTest, TimeoutAndCancellation) {
  std::string sql = "SELECT _id FROM docs WHERE REGEXP_LIKE(text, 'a.*b.*c.*d') AND n < 0";
  for (int threads : {1, 4}) {
    std::string timed_out = Run(sql, threads, true, std::chrono::milliseconds(0));
    EXPECT_EQ(timed_out.rfind("ERROR QUERY_TIMEOUT", 0), 0u) << timed_out;
    std::atomic<bool> cancelled{true};
    std::string stopped = Run(sql, threads, true, std::chrono::milliseconds(60000), &cancelled);
    EXPECT_EQ(stopped.rfind("ERROR QUERY_CANCELLED", 0), 0u) << stopped;
  }
}

// The operator itself: a parallel scan does start, hands out the serial rows, stops when
// cancelled mid-way, and can be dropped half-read.
class ParallelScanOperatorTest : public ParallelScanTest {
 protected:
  void SetUp() override {
    reader_ = temp_->store().NewReader(collection_).value();
    seqs_ = reader_->AllDocuments()->ToVector();
    // n % 5 = 0
    auto modulo = std::make_unique<BoundExpr>();
    modulo->kind = BoundKind::kArithmetic;
    modulo->op = "%";
    modulo->args.push_back(MakeSlot(0, {"n"}));
    modulo->args.push_back(MakeConstant(Value::Int(5)));
    auto equal = std::make_unique<BoundExpr>();
    equal->kind = BoundKind::kCompare;
    equal->op = "=";
    equal->args.push_back(std::move(modulo));
    equal->args.push_back(MakeConstant(Value::Int(0)));
    node_.kind = PlanNode::Kind::kScan;
    node_.predicate = std::move(equal);
    columns_ = {ScanColumn{{"_id"}, "_id"}, ScanColumn{{"n"}, "n"}};
  }

  ParallelScan::Source MakeSource(bool columns) {
    return ParallelScan::Source{.predicate = node_.predicate.get(),
                                .reader = reader_.get(),
                                .seqs = &seqs_,
                                .columns = columns ? &columns_ : nullptr};
  }

  std::unique_ptr<storage::CollectionReader> reader_;
  std::vector<uint64_t> seqs_;
  std::vector<ScanColumn> columns_;
  PlanNode node_;
};

TEST_F(ParallelScanOperatorTest, HandsOutEveryKeptRowInSeqOrder) {
  for (bool columns : {true, false}) {
    ExecContext ctx(temp_->store(), FunctionContext{});
    ctx.SetThreads(4);
    auto scan = ParallelScan::Start(MakeSource(columns), ctx);
    ASSERT_TRUE(scan.ok());
    ASSERT_NE(*scan, nullptr);
    std::vector<int64_t> seen;
    std::vector<Row> batch;
    while (true) {
      auto more = (*scan)->Next(&batch);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) {
        break;
      }
      EXPECT_LE(batch.size(), kBatchSize);
      for (const Row& row : batch) {
        seen.push_back(row[0].Get("n").int_value());
      }
    }
    std::vector<int64_t> expected;
    for (int n = 0; n < kDocs; n += 5) {
      if (!((n >= 12000 && n < 17000) || n % 777 == 5)) {
        expected.push_back(n);
      }
    }
    EXPECT_EQ(seen, expected);
  }
}

TEST_F(ParallelScanOperatorTest, SerialWhenOneThreadOrFewMorsels) {
  ExecContext ctx(temp_->store(), FunctionContext{});
  ctx.SetThreads(1);
  EXPECT_EQ(*ParallelScan::Start(MakeSource(true), ctx), nullptr);
  ctx.SetThreads(4);
  while (seqs_.back() >= 2 * storage::kChunkSize) {  // two morsels
    seqs_.pop_back();
  }
  EXPECT_EQ(*ParallelScan::Start(MakeSource(true), ctx), nullptr);
}

TEST_F(ParallelScanOperatorTest, AWorkerTimeoutComesOut) {
  ExecContext ctx(temp_->store(), FunctionContext{});
  ctx.SetThreads(4);
  ctx.SetDeadline(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  auto scan = ParallelScan::Start(MakeSource(true), ctx).value();
  ASSERT_NE(scan, nullptr);
  std::vector<Row> batch;
  auto more = scan->Next(&batch);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), ErrorCode::kQueryTimeout);
  // The error stays.
  EXPECT_EQ(scan->Next(&batch).status().code(), ErrorCode::kQueryTimeout);
}

TEST_F(ParallelScanOperatorTest, StopsWhenCancelledAndWhenDropped) {
  for (bool columns : {true, false}) {
    std::atomic<bool> cancelled{false};
    ExecContext ctx(temp_->store(), FunctionContext{});
    ctx.SetThreads(4);
    ctx.SetCancelFlag(&cancelled);
    auto scan = ParallelScan::Start(MakeSource(columns), ctx).value();
    ASSERT_NE(scan, nullptr);
    std::vector<Row> batch;
    ASSERT_TRUE(*scan->Next(&batch));
    cancelled = true;
    Status status;
    while (status.ok()) {
      auto more = scan->Next(&batch);
      if (!more.ok()) {
        status = more.status();
      } else if (!*more) {
        break;
      }
    }
    // Every morsel may have been read before the flag was seen; otherwise: cancelled.
    if (!status.ok()) {
      EXPECT_EQ(status.code(), ErrorCode::kQueryCancelled) << status.ToString();
    }
    // Dropped after one batch: the destructor stops and joins the workers.
    cancelled = false;
    auto dropped = ParallelScan::Start(MakeSource(columns), ctx).value();
    ASSERT_TRUE(*dropped->Next(&batch));
    dropped.reset();
  }
}

TEST(ParallelSafeTest, SubqueriesAndOuterReferencesStaySerial) {
  EXPECT_TRUE(ParallelSafe(*MakeSlot(0, {"a"})));
  auto outer = std::make_unique<BoundExpr>();
  outer->kind = BoundKind::kOuterSlot;
  outer->depth = 1;
  EXPECT_FALSE(ParallelSafe(*outer));
  auto exists = std::make_unique<BoundExpr>();
  exists->kind = BoundKind::kExists;
  auto negated = std::make_unique<BoundExpr>();
  negated->kind = BoundKind::kNot;
  negated->args.push_back(std::move(exists));
  EXPECT_FALSE(ParallelSafe(*negated));
}

}  // namespace
}  // namespace basalt::sql
