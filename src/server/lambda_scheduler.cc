#include "server/lambda_scheduler.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "catalog/cron.h"
#include "catalog/ids.h"
#include "cli/http_client.h"
#include "common/json.h"
#include "common/time_util.h"
#include "server/lambda_exec.h"
#include "server/query_exec.h"

namespace basalt::server {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(500);
constexpr auto kWebhookTimeout = std::chrono::milliseconds(10000);
constexpr std::string_view kDefaultPayload =
    R"({"query_id": "{{QUERY_ID}}", "results": {{QUERY_RESULTS}}})";

Value IsoOrNull(const std::optional<int64_t>& micros) {
  return micros ? Value::String(catalog::FormatIsoSeconds(*micros)) : Value::Null();
}

Value StringOrNull(const std::optional<std::string>& text) {
  return text ? Value::String(*text) : Value::Null();
}

Value StatusOrNull(const std::optional<catalog::ExecutionStatusInfo>& status) {
  if (!status) {
    return Value::Null();
  }
  return Value::MakeObject(
      {{"state", Value::String(status->state)}, {"message", Value::String(status->message)}});
}

Status OptionalString(const Value& body, std::string_view key, std::optional<std::string>* out) {
  const Value& field = body.Get(key);
  if (field.is_nullish()) {
    return Status::Ok();
  }
  if (!field.is_string()) {
    return InvalidInput(std::string(key) + " must be a string");
  }
  *out = std::string(field.string_value());
  return Status::Ok();
}

// webhook_url: an http:// URL (https needs TLS, which the webhook client lacks).
Status CheckWebhookUrl(const std::string& url) {
  if (url.starts_with("https://")) {
    return NotImplemented("https webhooks are not supported yet: use an http:// webhook_url");
  }
  if (!url.starts_with("http://")) {
    return InvalidInput("webhook_url must be an http:// URL");
  }
  return cli::ParseServerUrl(url).status();
}

Status ParseTotalTimes(const Value& body, std::optional<int64_t>* out) {
  const Value& field = body.Get("total_times_to_execute");
  if (field.is_nullish()) {
    return Status::Ok();
  }
  if (field.type() != ValueType::kInt || field.int_value() < 1) {
    return InvalidInput("total_times_to_execute must be a positive integer");
  }
  *out = field.int_value();
  return Status::Ok();
}

// Whether the schedule has anything left to run, and when.
void Reschedule(catalog::ScheduledLambdaInfo& info, int64_t now_micros) {
  bool exhausted =
      info.total_times_to_execute && info.execution_count >= *info.total_times_to_execute;
  bool stopped = info.query_execution_status && info.query_execution_status->state == "ERROR" &&
                 !info.resume_permanent_error;
  if (exhausted || stopped) {
    info.next_execution_micros.reset();
    return;
  }
  Result<catalog::CronSchedule> cron = catalog::CronSchedule::Parse(info.cron_string);
  int64_t next = cron.ok() ? cron->NextAfter(now_micros) : -1;
  if (next < 0) {
    info.next_execution_micros.reset();
  } else {
    info.next_execution_micros = next;
  }
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// POSTs the webhook; the problem, if any, as a WARNING.
std::optional<catalog::ExecutionStatusInfo> PostWebhook(const catalog::ScheduledLambdaInfo& info,
                                                        const std::string& query_id,
                                                        const std::string& results_json) {
  std::string payload = info.webhook_payload ? *info.webhook_payload : std::string(kDefaultPayload);
  payload = ReplaceAll(ReplaceAll(std::move(payload), "{{QUERY_ID}}", query_id),
                       "{{QUERY_RESULTS}}", results_json);
  cli::HttpHeaders headers = {{"Content-Type", "application/json"}};
  if (info.webhook_auth_header) {
    headers.emplace_back("Authorization", *info.webhook_auth_header);
  }
  Result<cli::ServerUrl> url = cli::ParseServerUrl(*info.webhook_url);
  std::string_view path = url.ok() && url->base_path.empty() ? "/" : "";
  Result<cli::HttpReply> reply =
      cli::Post(*info.webhook_url, path, headers, payload, kWebhookTimeout);
  if (!reply.ok()) {
    return catalog::ExecutionStatusInfo{"WARNING", "Webhook failed: " + reply.status().message()};
  }
  if (reply->status < 200 || reply->status >= 300) {
    return catalog::ExecutionStatusInfo{"WARNING",
                                        "Webhook answered HTTP " + std::to_string(reply->status)};
  }
  return std::nullopt;
}

}  // namespace

Value ScheduledLambdaToApi(const catalog::ScheduledLambdaInfo& info) {
  return Value::MakeObject({
      {"rrn", Value::String(info.rrn)},
      {"workspace", Value::String(info.workspace)},
      {"ql_name", Value::String(info.ql_name)},
      {"tag", StringOrNull(info.tag)},
      {"version", StringOrNull(info.version)},
      {"cron_string", Value::String(info.cron_string)},
      {"total_times_to_execute",
       info.total_times_to_execute ? Value::Int(*info.total_times_to_execute) : Value::Null()},
      {"execution_count", Value::Int(info.execution_count)},
      {"next_execution_date", IsoOrNull(info.next_execution_micros)},
      {"last_completion_date", IsoOrNull(info.last_completion_micros)},
      {"last_query_id", StringOrNull(info.last_query_id)},
      {"webhook_url", StringOrNull(info.webhook_url)},
      {"webhook_payload", StringOrNull(info.webhook_payload)},
      {"resume_permanent_error", Value::Bool(info.resume_permanent_error)},
      {"query_execution_status", StatusOrNull(info.query_execution_status)},
      {"webhook_execution_status", StatusOrNull(info.webhook_execution_status)},
  });
}

Result<std::unique_ptr<LambdaScheduler>> LambdaScheduler::Open(catalog::Backend& backend,
                                                               ApiContext& context) {
  BASALT_ASSIGN_OR_RETURN(std::unique_ptr<catalog::ScheduledLambdas> store,
                          catalog::ScheduledLambdas::Open(backend, context.catalog));
  return std::unique_ptr<LambdaScheduler>(new LambdaScheduler(context, std::move(store)));
}

LambdaScheduler::~LambdaScheduler() {
  Stop();
}

void LambdaScheduler::Start() {
  std::lock_guard lock(mu_);
  if (!thread_.joinable() && !stopping_) {
    thread_ = std::thread([this]() { Loop(); });
  }
}

void LambdaScheduler::RequestStop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void LambdaScheduler::Stop() {
  RequestStop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

bool LambdaScheduler::stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

void LambdaScheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    RunDue(NowMicros());
    lock.lock();
    wake_.wait_for(lock, kPollInterval, [this]() { return stopping_; });
  }
}

void LambdaScheduler::RunDue(int64_t now_micros) {
  std::lock_guard run_lock(run_mu_);
  for (const catalog::ScheduledLambdaInfo& info : store_->List()) {
    if (stopping()) {
      return;
    }
    if (info.next_execution_micros && *info.next_execution_micros <= now_micros) {
      RunOne(info);
    }
  }
}

void LambdaScheduler::RunOne(const catalog::ScheduledLambdaInfo& info) {
  std::optional<catalog::ExecutionStatusInfo> query_status;
  std::optional<catalog::ExecutionStatusInfo> webhook_status = info.webhook_execution_status;
  std::optional<std::string> query_id;
  bool ran = false;

  Result<catalog::LambdaVersionInfo> version =
      context_.lambdas == nullptr
          ? Result<catalog::LambdaVersionInfo>(NotImplemented("query lambdas are not available"))
      : info.tag
          ? context_.lambdas->ResolveTag(info.workspace, info.ql_name, *info.tag)
          : context_.lambdas->GetVersion(info.workspace, info.ql_name, info.version.value_or(""));
  if (!version.ok()) {
    query_status = catalog::ExecutionStatusInfo{"ERROR", version.status().message()};
  } else {
    Result<std::map<std::string, Value>> parameters =
        ResolveLambdaParameters(*version, Value::Null());
    Result<std::shared_ptr<QueryRecord>> record = [&]() -> Result<std::shared_ptr<QueryRecord>> {
      BASALT_RETURN_IF_ERROR(parameters.status());
      sql::QueryOptions options;
      options.parameters = std::move(parameters).value();
      catalog::Principal runner;
      runner.email = info.run_as_email;
      runner.apikey_name = info.run_as_apikey_name;
      // Like any lambda execution: the SQL was checked against its author.
      return RunSqlSync(context_, version->query, options, QueryRunner{runner, false},
                        LambdaRunExtras(context_, *version, info.run_as_email));
    }();
    ran = true;
    if (!record.ok()) {
      query_status = catalog::ExecutionStatusInfo{"WARNING", record.status().message()};
    } else {
      std::string results_json;
      {
        std::lock_guard lock((*record)->mu);
        query_id = (*record)->id;
        if ((*record)->status == "COMPLETED") {
          results_json = ToJson(Value::MakeArray((*record)->rows));
        } else if ((*record)->status == "CANCELLED" && stopping()) {
          return;  // cut short by shutdown: runs again at the next start
        } else {
          query_status = catalog::ExecutionStatusInfo{"WARNING", (*record)->error.ok()
                                                                     ? "Query was cancelled"
                                                                     : (*record)->error.message()};
        }
      }
      if (!query_status && info.webhook_url) {
        webhook_status = PostWebhook(info, *query_id, results_json);
      }
    }
  }
  int64_t now = NowMicros();
  // Deleted meanwhile: nothing to record.
  store_
      ->Update(info.workspace, info.rrn,
               [&](catalog::ScheduledLambdaInfo& stored) {
                 if (ran) {
                   ++stored.execution_count;
                   stored.last_completion_micros = now;
                 }
                 if (query_id) {
                   stored.last_query_id = query_id;
                 }
                 stored.query_execution_status = query_status;
                 stored.webhook_execution_status = webhook_status;
                 // Never the same minute again, even if the clock is behind the schedule.
                 Reschedule(stored, std::max(now, info.next_execution_micros.value_or(now)));
                 return Status::Ok();
               })
      .status()
      .IgnoreError();
}

Result<catalog::ScheduledLambdaInfo> LambdaScheduler::Create(std::string_view workspace,
                                                             const Value& body,
                                                             const catalog::Principal& principal) {
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  BASALT_RETURN_IF_ERROR(context_.catalog.GetWorkspace(workspace).status());
  catalog::ScheduledLambdaInfo info;
  info.workspace = std::string(workspace);
  const Value& ql_name = body.Get("ql_name");
  const Value& cron_string = body.Get("cron_string");
  if (!ql_name.is_string() || !cron_string.is_string()) {
    return InvalidInput("ql_name and cron_string are required strings");
  }
  info.ql_name = std::string(ql_name.string_value());
  BASALT_ASSIGN_OR_RETURN(catalog::CronSchedule cron,
                          catalog::CronSchedule::Parse(cron_string.string_value()));
  info.cron_string = cron.text();
  BASALT_RETURN_IF_ERROR(OptionalString(body, "tag", &info.tag));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "version", &info.version));
  if (info.tag.has_value() == info.version.has_value()) {
    return InvalidInput("Give exactly one of tag and version");
  }
  if (context_.lambdas == nullptr) {
    return NotImplemented("Query lambdas are not available in this server");
  }
  BASALT_RETURN_IF_ERROR(
      (info.tag ? context_.lambdas->ResolveTag(workspace, info.ql_name, *info.tag)
                : context_.lambdas->GetVersion(workspace, info.ql_name, *info.version))
          .status());
  BASALT_RETURN_IF_ERROR(ParseTotalTimes(body, &info.total_times_to_execute));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "webhook_url", &info.webhook_url));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "webhook_auth_header", &info.webhook_auth_header));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "webhook_payload", &info.webhook_payload));
  if (info.webhook_url) {
    BASALT_RETURN_IF_ERROR(CheckWebhookUrl(*info.webhook_url));
  }
  std::optional<std::string> apikey;
  BASALT_RETURN_IF_ERROR(OptionalString(body, "apikey", &apikey));
  catalog::Principal run_as = principal;
  if (apikey) {
    Result<catalog::Principal> owner = context_.access.Authenticate(*apikey);
    if (!owner.ok()) {
      return InvalidInput("apikey is not a valid API key");
    }
    run_as = *owner;
  }
  info.run_as_email = run_as.email;
  info.run_as_apikey_name = run_as.apikey_name;
  Reschedule(info, NowMicros());
  BASALT_ASSIGN_OR_RETURN(catalog::ScheduledLambdaInfo created, store_->Create(std::move(info)));
  wake_.notify_all();
  return created;
}

Result<catalog::ScheduledLambdaInfo> LambdaScheduler::Update(std::string_view workspace,
                                                             std::string_view rrn,
                                                             const Value& body) {
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  std::optional<int64_t> total;
  std::optional<std::string> url, auth, payload, apikey;
  BASALT_RETURN_IF_ERROR(ParseTotalTimes(body, &total));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "webhook_url", &url));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "webhook_auth_header", &auth));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "webhook_payload", &payload));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "apikey", &apikey));
  if (url) {
    BASALT_RETURN_IF_ERROR(CheckWebhookUrl(*url));
  }
  const Value& resume = body.Get("resume_permanent_error");
  if (!resume.is_nullish() && resume.type() != ValueType::kBool) {
    return InvalidInput("resume_permanent_error must be a boolean");
  }
  std::optional<catalog::Principal> run_as;
  if (apikey) {
    Result<catalog::Principal> owner = context_.access.Authenticate(*apikey);
    if (!owner.ok()) {
      return InvalidInput("apikey is not a valid API key");
    }
    run_as = *owner;
  }
  BASALT_ASSIGN_OR_RETURN(catalog::ScheduledLambdaInfo updated,
                          store_->Update(workspace, rrn, [&](catalog::ScheduledLambdaInfo& info) {
                            if (total) {
                              info.total_times_to_execute = total;
                            }
                            if (url) {
                              info.webhook_url = url;
                            }
                            if (auth) {
                              info.webhook_auth_header = auth;
                            }
                            if (payload) {
                              info.webhook_payload = payload;
                            }
                            if (run_as) {
                              info.run_as_email = run_as->email;
                              info.run_as_apikey_name = run_as->apikey_name;
                            }
                            if (resume.type() == ValueType::kBool) {
                              info.resume_permanent_error = resume.bool_value();
                            }
                            if (!info.next_execution_micros) {
                              Reschedule(info, NowMicros());
                            }
                            return Status::Ok();
                          }));
  wake_.notify_all();
  return updated;
}

}  // namespace basalt::server
