#include "catalog/scheduled_lambdas.h"

#include <utility>

#include "catalog/ids.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr std::string_view kPrefix = "sl/";
constexpr std::string_view kKind = "scheduled lambda";

Value StringOrNull(const std::optional<std::string>& text) {
  return text ? Value::String(*text) : Value::Null();
}

Value IntOrNull(const std::optional<int64_t>& number) {
  return number ? Value::Int(*number) : Value::Null();
}

Value StatusOrNull(const std::optional<ExecutionStatusInfo>& status) {
  if (!status) {
    return Value::Null();
  }
  return Value::MakeObject(
      {{"state", Value::String(status->state)}, {"message", Value::String(status->message)}});
}

void ReadString(const Value& record, std::string_view key, std::optional<std::string>* out) {
  if (record.Get(key).is_string()) {
    *out = std::string(record.Get(key).string_value());
  }
}

void ReadInt(const Value& record, std::string_view key, std::optional<int64_t>* out) {
  if (record.Get(key).type() == ValueType::kInt) {
    *out = record.Get(key).int_value();
  }
}

void ReadStatus(const Value& record, std::string_view key,
                std::optional<ExecutionStatusInfo>* out) {
  const Value& field = record.Get(key);
  if (field.Get("state").is_string() && field.Get("message").is_string()) {
    *out = ExecutionStatusInfo{std::string(field.Get("state").string_value()),
                               std::string(field.Get("message").string_value())};
  }
}

Status NotFoundIn(std::string_view workspace, std::string_view rrn) {
  return NotFound("Scheduled lambda '" + std::string(rrn) + "' not found in workspace '" +
                  std::string(workspace) + "'");
}

}  // namespace

Value ScheduledLambdaInfo::ToValue() const {
  return Value::MakeObject({
      {"rrn", Value::String(rrn)},
      {"workspace", Value::String(workspace)},
      {"ql_name", Value::String(ql_name)},
      {"tag", StringOrNull(tag)},
      {"version", StringOrNull(version)},
      {"cron_string", Value::String(cron_string)},
      {"total_times_to_execute", IntOrNull(total_times_to_execute)},
      {"execution_count", Value::Int(execution_count)},
      {"next_execution_micros", IntOrNull(next_execution_micros)},
      {"last_completion_micros", IntOrNull(last_completion_micros)},
      {"last_query_id", StringOrNull(last_query_id)},
      {"webhook_url", StringOrNull(webhook_url)},
      {"webhook_auth_header", StringOrNull(webhook_auth_header)},
      {"webhook_payload", StringOrNull(webhook_payload)},
      {"resume_permanent_error", Value::Bool(resume_permanent_error)},
      {"query_execution_status", StatusOrNull(query_execution_status)},
      {"webhook_execution_status", StatusOrNull(webhook_execution_status)},
      {"run_as_email", Value::String(run_as_email)},
      {"run_as_apikey_name", Value::String(run_as_apikey_name)},
      {"created_at_micros", Value::Int(created_at_micros)},
  });
}

Result<ScheduledLambdaInfo> ScheduledLambdaInfo::FromValue(const Value& value) {
  ScheduledLambdaInfo info;
  for (auto [key, out] : {std::pair{"rrn", &info.rrn},
                          {"workspace", &info.workspace},
                          {"ql_name", &info.ql_name},
                          {"cron_string", &info.cron_string},
                          {"run_as_email", &info.run_as_email},
                          {"run_as_apikey_name", &info.run_as_apikey_name}}) {
    if (!value.Get(key).is_string()) {
      return Corruption(std::string("scheduled lambda record lacks ") + key);
    }
    *out = std::string(value.Get(key).string_value());
  }
  if (value.Get("execution_count").type() != ValueType::kInt ||
      value.Get("created_at_micros").type() != ValueType::kInt) {
    return Corruption("scheduled lambda record lacks execution_count or created_at_micros");
  }
  info.execution_count = value.Get("execution_count").int_value();
  info.created_at_micros = value.Get("created_at_micros").int_value();
  info.resume_permanent_error = value.Get("resume_permanent_error").type() == ValueType::kBool &&
                                value.Get("resume_permanent_error").bool_value();
  ReadString(value, "tag", &info.tag);
  ReadString(value, "version", &info.version);
  ReadInt(value, "total_times_to_execute", &info.total_times_to_execute);
  ReadInt(value, "next_execution_micros", &info.next_execution_micros);
  ReadInt(value, "last_completion_micros", &info.last_completion_micros);
  ReadString(value, "last_query_id", &info.last_query_id);
  ReadString(value, "webhook_url", &info.webhook_url);
  ReadString(value, "webhook_auth_header", &info.webhook_auth_header);
  ReadString(value, "webhook_payload", &info.webhook_payload);
  ReadStatus(value, "query_execution_status", &info.query_execution_status);
  ReadStatus(value, "webhook_execution_status", &info.webhook_execution_status);
  return info;
}

std::string ScheduledLambdas::Key(std::string_view rrn) {
  return std::string(kPrefix) + std::string(rrn);
}

Result<std::unique_ptr<ScheduledLambdas>> ScheduledLambdas::Open(Backend& backend,
                                                                 Catalog& catalog) {
  std::unique_ptr<ScheduledLambdas> scheduled(new ScheduledLambdas(backend, catalog));
  BASALT_RETURN_IF_ERROR(scheduled->Load());
  return scheduled;
}

Status ScheduledLambdas::Load() {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues records, backend_.ScanMeta(kPrefix));
  for (const auto& [key, json] : records) {
    Result<Value> parsed = ParseJson(json, JsonParseOptions{.extended_json = false});
    if (!parsed.ok()) {
      return Corruption("scheduled lambda record '" + key + "': " + parsed.status().message());
    }
    BASALT_ASSIGN_OR_RETURN(ScheduledLambdaInfo info, ScheduledLambdaInfo::FromValue(*parsed));
    if (!catalog_.RetainWorkspace(info.workspace, kKind).ok()) {
      return Corruption("scheduled lambda '" + info.rrn + "' belongs to missing workspace '" +
                        info.workspace + "'");
    }
    std::string rrn = info.rrn;
    by_rrn_[rrn] = std::move(info);
  }
  return Status::Ok();
}

Result<std::map<std::string, ScheduledLambdaInfo>::iterator> ScheduledLambdas::FindLocked(
    std::string_view workspace, std::string_view rrn) {
  auto it = by_rrn_.find(std::string(rrn));
  if (it == by_rrn_.end() || it->second.workspace != workspace) {
    return NotFoundIn(workspace, rrn);
  }
  return it;
}

Result<ScheduledLambdaInfo> ScheduledLambdas::Create(ScheduledLambdaInfo info) {
  info.rrn = "rrn:sl:use1a1:" + NewUuid();
  info.created_at_micros = NowMicros();
  std::lock_guard lock(mu_);
  BASALT_RETURN_IF_ERROR(catalog_.RetainWorkspace(info.workspace, kKind));
  Status written = backend_.WriteMeta({{Key(info.rrn), ToJson(info.ToValue())}}, {});
  if (!written.ok()) {
    catalog_.ReleaseWorkspace(info.workspace, kKind);
    return written;
  }
  by_rrn_[info.rrn] = info;
  return info;
}

Result<ScheduledLambdaInfo> ScheduledLambdas::Get(std::string_view workspace,
                                                  std::string_view rrn) const {
  std::lock_guard lock(mu_);
  auto it = by_rrn_.find(std::string(rrn));
  if (it == by_rrn_.end() || it->second.workspace != workspace) {
    return NotFoundIn(workspace, rrn);
  }
  return it->second;
}

std::vector<ScheduledLambdaInfo> ScheduledLambdas::List() const {
  std::lock_guard lock(mu_);
  std::vector<ScheduledLambdaInfo> out;
  for (const auto& [rrn, info] : by_rrn_) {
    out.push_back(info);
  }
  return out;
}

Result<ScheduledLambdaInfo> ScheduledLambdas::Update(
    std::string_view workspace, std::string_view rrn,
    const std::function<Status(ScheduledLambdaInfo&)>& change) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(auto it, FindLocked(workspace, rrn));
  ScheduledLambdaInfo updated = it->second;
  BASALT_RETURN_IF_ERROR(change(updated));
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({{Key(updated.rrn), ToJson(updated.ToValue())}}, {}));
  it->second = updated;
  return updated;
}

Result<ScheduledLambdaInfo> ScheduledLambdas::Delete(std::string_view workspace,
                                                     std::string_view rrn) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(auto it, FindLocked(workspace, rrn));
  ScheduledLambdaInfo info = it->second;
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {Key(info.rrn)}));
  by_rrn_.erase(it);
  catalog_.ReleaseWorkspace(info.workspace, kKind);
  return info;
}

}  // namespace basalt::catalog
