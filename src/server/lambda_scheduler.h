#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "catalog/scheduled_lambdas.h"
#include "common/result.h"
#include "common/value.h"
#include "server/router.h"

namespace basalt::server {

// Scheduled lambdas (api.md §9.1): validates and stores them, and runs each due one on a
// background thread through the Query API's execution code, as the principal of the API key
// it was made with. After a run it records execution_count, last_query_id,
// last_completion_date and the next date, and POSTs the webhook (if any) with {{QUERY_ID}}
// and {{QUERY_RESULTS}} in its payload replaced. A query error is a WARNING (the schedule
// goes on); a lambda, tag or version that no longer exists is an ERROR that stops the
// schedule unless resume_permanent_error is set. Runs missed while the server was down run
// once at start, then the schedule continues from then.
//
// Thread-safety: all methods are safe to call concurrently. `context` must outlive it; call
// Stop before what runs reference (the query registry) goes away.
class LambdaScheduler {
 public:
  static Result<std::unique_ptr<LambdaScheduler>> Open(catalog::Backend& backend,
                                                       ApiContext& context);
  ~LambdaScheduler();
  LambdaScheduler(const LambdaScheduler&) = delete;
  LambdaScheduler& operator=(const LambdaScheduler&) = delete;

  void Start();
  // Runs no more scheduled lambdas; a run in progress goes on (cancel its query through the
  // query registry to end it early: a run cancelled while stopping is not recorded, so it
  // runs again at the next start). Does not wait.
  void RequestStop();
  void Stop();  // RequestStop, then waits for a run in progress; idempotent

  // A CreateScheduledLambdaRequest body in `workspace`. INVALIDINPUT/BADREQUEST for bad
  // fields, NOTFOUND for a missing workspace, lambda, tag or version, NOTIMPLEMENTEDYET for
  // an https webhook.
  Result<catalog::ScheduledLambdaInfo> Create(std::string_view workspace, const Value& body,
                                              const catalog::Principal& principal);
  // An UpdateScheduledLambdaRequest body.
  Result<catalog::ScheduledLambdaInfo> Update(std::string_view workspace, std::string_view rrn,
                                              const Value& body);
  catalog::ScheduledLambdas& store() { return *store_; }

  // Runs every scheduled lambda due at `now_micros` (the background thread's step).
  void RunDue(int64_t now_micros);

 private:
  LambdaScheduler(ApiContext& context, std::unique_ptr<catalog::ScheduledLambdas> store)
      : context_(context), store_(std::move(store)) {}
  void Loop();
  bool stopping();
  void RunOne(const catalog::ScheduledLambdaInfo& info);

  ApiContext& context_;
  std::unique_ptr<catalog::ScheduledLambdas> store_;
  std::mutex run_mu_;  // one run at a time (the thread, or a test calling RunDue)
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

// The ScheduledLambda object (api.md §9.1); the webhook auth header is never shown.
Value ScheduledLambdaToApi(const catalog::ScheduledLambdaInfo& info);

}  // namespace basalt::server
