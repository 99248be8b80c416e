#include "server/lambda_scheduler.h"

#include <atomic>
#include <memory>

#include <gtest/gtest.h>

#include "catalog/api_keys.h"
#include "catalog/catalog.h"
#include "catalog/lambdas.h"
#include "common/json.h"
#include "common/time_util.h"
#include "server/query_registry.h"
#include "storage/store_test_util.h"

namespace basalt::server {
namespace {

constexpr char kKey[] = "scheduler-test-key";
const catalog::Principal kAdmin{
    .email = "admin@example.com", .apikey_name = "root", .key_role = ""};

Value Json(std::string_view text) {
  Result<Value> parsed = ParseJson(text);
  BASALT_CHECK(parsed.ok()) << parsed.status().ToString();
  return std::move(parsed).value();
}

// Drives the scheduler by hand (RunDue with chosen times; no background thread) over a real
// store, so that runs execute SQL exactly as the server does.
class LambdaSchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = catalog::NewStoreBackend(temp_.store());
    access_ = std::move(catalog::AccessControl::Open(*backend_)).value();
    ASSERT_TRUE(access_->Bootstrap(std::string(kKey)).ok());
    catalog_ = std::move(catalog::Catalog::Open(*backend_, kAdmin)).value();
    lambdas_ = std::move(catalog::QueryLambdas::Open(*backend_, *catalog_)).value();
    context_ = std::make_unique<ApiContext>(
        ApiContext{*catalog_, *access_, *backend_, sequence_, &temp_.store(), &queries_});
    context_->lambdas = lambdas_.get();
    scheduler_ = std::move(LambdaScheduler::Open(*backend_, *context_)).value();
  }
  void TearDown() override {
    scheduler_->Stop();
    queries_.Shutdown();
  }

  std::string MakeLambda(std::string_view name, std::string query, std::string defaults = "[]") {
    catalog::LambdaVersionSpec spec;
    spec.query = std::move(query);
    spec.default_parameters = Json(defaults);
    Result<catalog::LambdaVersionInfo> made = lambdas_->Create("commons", name, spec, kAdmin);
    BASALT_CHECK(made.ok()) << made.status().ToString();
    return made->version;
  }

  catalog::ScheduledLambdaInfo Get(const std::string& rrn) {
    return *scheduler_->store().Get("commons", rrn);
  }

  storage::testing::TempStore temp_;
  std::unique_ptr<catalog::Backend> backend_;
  std::unique_ptr<catalog::AccessControl> access_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::QueryLambdas> lambdas_;
  std::atomic<uint64_t> sequence_{0};
  QueryRegistry queries_;
  std::unique_ptr<ApiContext> context_;
  std::unique_ptr<LambdaScheduler> scheduler_;
};

TEST_F(LambdaSchedulerTest, RunsWhenDueUntilTheTotalIsReached) {
  MakeLambda("echo", "SELECT :x AS x", R"([{"name": "x", "type": "int", "value": "5"}])");
  Result<catalog::ScheduledLambdaInfo> made = scheduler_->Create(
      "commons", Json(R"({"ql_name": "echo", "tag": "latest", "cron_string": "0 * * * *",
               "total_times_to_execute": 2})"),
      kAdmin);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ASSERT_TRUE(made->next_execution_micros.has_value());
  int64_t first = *made->next_execution_micros;
  EXPECT_EQ(first % (3600 * kMicrosPerSecond), 0);

  scheduler_->RunDue(first - 1);  // not yet
  EXPECT_EQ(Get(made->rrn).execution_count, 0);

  scheduler_->RunDue(first);
  catalog::ScheduledLambdaInfo after = Get(made->rrn);
  EXPECT_EQ(after.execution_count, 1);
  ASSERT_TRUE(after.last_query_id.has_value());
  EXPECT_FALSE(after.query_execution_status.has_value());
  ASSERT_TRUE(after.next_execution_micros.has_value());
  EXPECT_GT(*after.next_execution_micros, first);
  // The run's results are kept like any query's.
  std::shared_ptr<QueryRecord> record = queries_.Find(*after.last_query_id);
  ASSERT_NE(record, nullptr);
  {
    std::lock_guard lock(record->mu);
    ASSERT_EQ(record->rows.size(), 1u);
    EXPECT_EQ(ToJson(record->rows[0]), R"({"x":5})");
    EXPECT_EQ(record->executed_by, "admin@example.com");
  }
  // The lambda's stats saw the run.
  EXPECT_TRUE(lambdas_->ResolveTag("commons", "echo", "latest")->stats.last_executed_micros);

  scheduler_->RunDue(*after.next_execution_micros);
  after = Get(made->rrn);
  EXPECT_EQ(after.execution_count, 2);
  EXPECT_FALSE(after.next_execution_micros.has_value());  // total reached
  scheduler_->RunDue(*after.last_completion_micros + 10 * 3600 * kMicrosPerSecond);
  EXPECT_EQ(Get(made->rrn).execution_count, 2);
}

TEST_F(LambdaSchedulerTest, AQueryErrorIsAWarningAndTheScheduleGoesOn) {
  MakeLambda("needs_x", "SELECT :x AS x");  // no default: every run misses the parameter
  auto made = scheduler_->Create(
      "commons", Json(R"({"ql_name": "needs_x", "tag": "latest", "cron_string": "*/5 * * * *"})"),
      kAdmin);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  scheduler_->RunDue(*made->next_execution_micros);
  catalog::ScheduledLambdaInfo after = Get(made->rrn);
  ASSERT_TRUE(after.query_execution_status.has_value());
  EXPECT_EQ(after.query_execution_status->state, "WARNING");
  EXPECT_EQ(after.execution_count, 1);
  EXPECT_TRUE(after.next_execution_micros.has_value());
  EXPECT_TRUE(
      lambdas_->ResolveTag("commons", "needs_x", "latest")->stats.last_execution_error_micros);
}

TEST_F(LambdaSchedulerTest, AMissingTagStopsTheScheduleUntilResumed) {
  std::string version = MakeLambda("tagged", "SELECT 1 AS one");
  ASSERT_TRUE(lambdas_->SetTag("commons", "tagged", "prod", version).ok());
  auto made = scheduler_->Create(
      "commons", Json(R"({"ql_name": "tagged", "tag": "prod", "cron_string": "@hourly"})"), kAdmin);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  ASSERT_TRUE(lambdas_->DeleteTag("commons", "tagged", "prod").ok());
  scheduler_->RunDue(*made->next_execution_micros);
  catalog::ScheduledLambdaInfo after = Get(made->rrn);
  ASSERT_TRUE(after.query_execution_status.has_value());
  EXPECT_EQ(after.query_execution_status->state, "ERROR");
  EXPECT_FALSE(after.next_execution_micros.has_value());
  EXPECT_EQ(after.execution_count, 0);

  ASSERT_TRUE(lambdas_->SetTag("commons", "tagged", "prod", version).ok());
  auto resumed =
      scheduler_->Update("commons", made->rrn, Json(R"({"resume_permanent_error": true})"));
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  ASSERT_TRUE(resumed->next_execution_micros.has_value());
  scheduler_->RunDue(*resumed->next_execution_micros);
  after = Get(made->rrn);
  EXPECT_EQ(after.execution_count, 1);
  EXPECT_FALSE(after.query_execution_status.has_value());
}

TEST_F(LambdaSchedulerTest, CreateChecksItsInput) {
  MakeLambda("q", "SELECT 1 AS one");
  auto code = [&](std::string_view body) {
    return scheduler_->Create("commons", Json(body), kAdmin).status().code();
  };
  EXPECT_EQ(code(R"({"ql_name": "q", "tag": "latest", "cron_string": "bad"})"),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"ql_name": "q", "cron_string": "* * * * *"})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"ql_name": "nope", "tag": "latest", "cron_string": "* * * * *"})"),
            ErrorCode::kNotFound);
  EXPECT_EQ(code(R"({"ql_name": "q", "tag": "latest", "cron_string": "* * * * *",
                     "apikey": "wrong"})"),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"ql_name": "q", "tag": "latest", "cron_string": "* * * * *",
                     "webhook_url": "https://example.com"})"),
            ErrorCode::kNotImplemented);
  EXPECT_EQ(scheduler_->Create("nows", Json("{}"), kAdmin).status().code(), ErrorCode::kNotFound);
  auto made = scheduler_->Create(
      "commons",
      Json(R"({"ql_name": "q", "tag": "latest", "cron_string": "* * * * *", "apikey": ")" +
           std::string(kKey) + "\"}"),
      kAdmin);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(made->run_as_apikey_name, "root");
  EXPECT_TRUE(scheduler_->store().List().size() == 1);
}

}  // namespace
}  // namespace basalt::server
