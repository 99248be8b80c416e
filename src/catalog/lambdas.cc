#include "catalog/lambdas.h"

#include <algorithm>
#include <utility>

#include "catalog/ids.h"
#include "catalog/names.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr std::string_view kVersionPrefix = "qlv/";
constexpr std::string_view kTagPrefix = "qlt/";
constexpr std::string_view kLambdaKind = "query lambda";

Value StringOrNull(const std::optional<std::string>& text) {
  return text ? Value::String(*text) : Value::Null();
}

Value IntOrNull(const std::optional<int64_t>& number) {
  return number ? Value::Int(*number) : Value::Null();
}

void ReadOptionalString(const Value& record, std::string_view key,
                        std::optional<std::string>* out) {
  const Value& field = record.Get(key);
  if (field.is_string()) {
    *out = std::string(field.string_value());
  }
}

void ReadOptionalInt(const Value& record, std::string_view key, std::optional<int64_t>* out) {
  const Value& field = record.Get(key);
  if (field.type() == ValueType::kInt) {
    *out = field.int_value();
  }
}

Status VersionNotFound(std::string_view workspace, std::string_view name,
                       std::string_view version) {
  return NotFound("Query Lambda \"" + std::string(name) + "\" (version \"" + std::string(version) +
                  "\") not found in workspace \"" + std::string(workspace) + "\".");
}

Status TagNotFound(std::string_view workspace, std::string_view name, std::string_view tag) {
  return NotFound("Query Lambda \"" + std::string(name) + "\" (tag \"" + std::string(tag) +
                  "\") not found in workspace \"" + std::string(workspace) + "\".");
}

Status LambdaNotFound(std::string_view workspace, std::string_view name) {
  return NotFound("Query Lambda \"" + std::string(name) + "\" not found in workspace \"" +
                  std::string(workspace) + "\".");
}

Result<Value> ParseRecord(std::string_view key, std::string_view json) {
  Result<Value> parsed = ParseJson(json, JsonParseOptions{.extended_json = false});
  if (!parsed.ok()) {
    return Corruption("catalog record '" + std::string(key) + "': " + parsed.status().message());
  }
  return parsed;
}

// Splits "<prefix><ws>/<name>/<last>".
bool SplitKey(std::string_view key, std::string_view prefix, std::string* workspace,
              std::string* name, std::string* last) {
  key.remove_prefix(prefix.size());
  size_t first = key.find('/');
  size_t second = first == std::string_view::npos ? first : key.find('/', first + 1);
  if (second == std::string_view::npos) {
    return false;
  }
  *workspace = std::string(key.substr(0, first));
  *name = std::string(key.substr(first + 1, second - first - 1));
  *last = std::string(key.substr(second + 1));
  return true;
}

Result<LambdaVersionSpec> ParseVersionFields(const Value& body, bool sql_required) {
  LambdaVersionSpec spec;
  const Value& sql = body.Get("sql");
  if (sql.is_nullish()) {
    if (sql_required) {
      return InvalidInput("sql is required: {\"sql\": {\"query\": \"...\"}}");
    }
  } else {
    if (!sql.is_object()) {
      return InvalidInput("sql must be an object {\"query\": \"...\"}");
    }
    const Value& query = sql.Get("query");
    if (!query.is_string() || query.string_value().empty()) {
      return InvalidInput("sql.query is required and must be a non-empty string");
    }
    spec.query = std::string(query.string_value());
    const Value& defaults = sql.Get("default_parameters");
    if (!defaults.is_nullish()) {
      if (!defaults.is_array()) {
        return InvalidInput("sql.default_parameters must be an array");
      }
      spec.default_parameters = defaults;
    }
  }
  const Value& description = body.Get("description");
  if (!description.is_nullish()) {
    if (!description.is_string()) {
      return InvalidInput("description must be a string");
    }
    spec.description = std::string(description.string_value());
  }
  const Value& is_public = body.Get("is_public");
  if (!is_public.is_nullish()) {
    if (is_public.type() != ValueType::kBool) {
      return InvalidInput("is_public must be a boolean");
    }
    spec.is_public = is_public.bool_value();
  }
  return spec;
}

}  // namespace

Value LambdaVersionInfo::ToValue() const {
  Array collection_paths;
  for (const auto& path : collections) {
    collection_paths.push_back(Value::String(path));
  }
  return Value::MakeObject({
      {"workspace", Value::String(workspace)},
      {"name", Value::String(name)},
      {"version", Value::String(version)},
      {"description", StringOrNull(description)},
      {"query", Value::String(query)},
      {"default_parameters", default_parameters},
      {"collections", Value::MakeArray(std::move(collection_paths))},
      {"created_at_micros", Value::Int(created_at_micros)},
      {"created_by", Value::String(created_by)},
      {"created_by_apikey_name", StringOrNull(created_by_apikey_name)},
      {"public_access_id", StringOrNull(public_access_id)},
      {"serial", Value::Int(serial)},
      {"last_executed_micros", IntOrNull(stats.last_executed_micros)},
      {"last_executed_by", StringOrNull(stats.last_executed_by)},
      {"last_execution_error_micros", IntOrNull(stats.last_execution_error_micros)},
      {"last_execution_error_message", StringOrNull(stats.last_execution_error_message)},
  });
}

Result<LambdaVersionInfo> LambdaVersionInfo::FromValue(const Value& value) {
  LambdaVersionInfo info;
  for (auto [key, out] : {std::pair{"workspace", &info.workspace},
                          {"name", &info.name},
                          {"version", &info.version},
                          {"query", &info.query},
                          {"created_by", &info.created_by}}) {
    const Value& field = value.Get(key);
    if (!field.is_string()) {
      return Corruption(std::string("query lambda record lacks ") + key);
    }
    *out = std::string(field.string_value());
  }
  for (auto [key, out] :
       {std::pair{"created_at_micros", &info.created_at_micros}, {"serial", &info.serial}}) {
    const Value& field = value.Get(key);
    if (field.type() != ValueType::kInt) {
      return Corruption(std::string("query lambda record lacks ") + key);
    }
    *out = field.int_value();
  }
  const Value& defaults = value.Get("default_parameters");
  const Value& collections = value.Get("collections");
  if (!defaults.is_array() || !collections.is_array()) {
    return Corruption("query lambda record lacks default_parameters or collections");
  }
  info.default_parameters = defaults;
  for (const Value& path : collections.array()) {
    if (path.is_string()) {
      info.collections.emplace_back(path.string_value());
    }
  }
  ReadOptionalString(value, "description", &info.description);
  ReadOptionalString(value, "created_by_apikey_name", &info.created_by_apikey_name);
  ReadOptionalString(value, "public_access_id", &info.public_access_id);
  ReadOptionalInt(value, "last_executed_micros", &info.stats.last_executed_micros);
  ReadOptionalString(value, "last_executed_by", &info.stats.last_executed_by);
  ReadOptionalInt(value, "last_execution_error_micros", &info.stats.last_execution_error_micros);
  ReadOptionalString(value, "last_execution_error_message",
                     &info.stats.last_execution_error_message);
  return info;
}

Result<std::pair<std::string, LambdaVersionSpec>> ParseCreateLambdaRequest(const Value& body) {
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  const Value& name = body.Get("name");
  if (!name.is_string()) {
    return InvalidInput("name is required and must be a string");
  }
  BASALT_RETURN_IF_ERROR(ValidateName("query lambda", name.string_value()));
  BASALT_ASSIGN_OR_RETURN(LambdaVersionSpec spec, ParseVersionFields(body, true));
  return std::pair{std::string(name.string_value()), std::move(spec)};
}

Result<LambdaVersionSpec> ParseUpdateLambdaRequest(const Value& body) {
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  return ParseVersionFields(body, true);
}

std::string QueryLambdas::VersionKey(std::string_view workspace, std::string_view name,
                                     std::string_view version) {
  std::string key(kVersionPrefix);
  key.append(workspace).append("/").append(name).append("/").append(version);
  return key;
}

std::string QueryLambdas::TagKey(std::string_view workspace, std::string_view name,
                                 std::string_view tag) {
  std::string key(kTagPrefix);
  key.append(workspace).append("/").append(name).append("/").append(tag);
  return key;
}

Result<std::unique_ptr<QueryLambdas>> QueryLambdas::Open(Backend& backend, Catalog& catalog) {
  std::unique_ptr<QueryLambdas> lambdas(new QueryLambdas(backend, catalog));
  BASALT_RETURN_IF_ERROR(lambdas->Load());
  return lambdas;
}

Status QueryLambdas::Load() {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues versions, backend_.ScanMeta(kVersionPrefix));
  for (const auto& [key, json] : versions) {
    BASALT_ASSIGN_OR_RETURN(Value record, ParseRecord(key, json));
    BASALT_ASSIGN_OR_RETURN(LambdaVersionInfo info, LambdaVersionInfo::FromValue(record));
    Lambda& lambda = lambdas_[LambdaKey{info.workspace, info.name}];
    lambda.next_serial = std::max(lambda.next_serial, info.serial + 1);
    std::string version = info.version;
    lambda.versions[version] = std::move(info);
  }
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues tags, backend_.ScanMeta(kTagPrefix));
  for (const auto& [key, json] : tags) {
    std::string workspace, name, tag;
    BASALT_ASSIGN_OR_RETURN(Value record, ParseRecord(key, json));
    const Value& version = record.Get("version");
    if (!SplitKey(key, kTagPrefix, &workspace, &name, &tag) || !version.is_string()) {
      return Corruption("malformed query lambda tag record '" + key + "'");
    }
    auto lambda = lambdas_.find(LambdaKey{workspace, name});
    if (lambda == lambdas_.end() || !lambda->second.versions.count(version.string_value())) {
      return Corruption("query lambda tag '" + key + "' points at a missing version");
    }
    lambda->second.tags[tag] = std::string(version.string_value());
  }
  for (const auto& [key, lambda] : lambdas_) {
    Status retained = catalog_.RetainWorkspace(key.first, kLambdaKind);
    if (!retained.ok()) {
      return Corruption("query lambda '" + key.second + "' belongs to missing workspace '" +
                        key.first + "'");
    }
  }
  return Status::Ok();
}

const QueryLambdas::Lambda* QueryLambdas::FindLocked(std::string_view workspace,
                                                     std::string_view name) const {
  auto it = lambdas_.find(LambdaKey{std::string(workspace), std::string(name)});
  return it == lambdas_.end() ? nullptr : &it->second;
}

const LambdaVersionInfo& QueryLambdas::Newest(const Lambda& lambda) {
  const LambdaVersionInfo* newest = nullptr;
  for (const auto& [id, version] : lambda.versions) {
    if (newest == nullptr || version.serial > newest->serial) {
      newest = &version;
    }
  }
  return *newest;  // a stored lambda always has a version
}

Result<const LambdaVersionInfo*> QueryLambdas::FindVersionLocked(std::string_view workspace,
                                                                 std::string_view name,
                                                                 std::string_view version) const {
  const Lambda* lambda = FindLocked(workspace, name);
  if (lambda == nullptr) {
    return VersionNotFound(workspace, name, version);
  }
  auto it = lambda->versions.find(version);
  if (it == lambda->versions.end()) {
    return VersionNotFound(workspace, name, version);
  }
  return &it->second;
}

Result<const LambdaVersionInfo*> QueryLambdas::ResolveTagLocked(std::string_view workspace,
                                                                std::string_view name,
                                                                std::string_view tag) const {
  const Lambda* lambda = FindLocked(workspace, name);
  if (lambda == nullptr) {
    return TagNotFound(workspace, name, tag);
  }
  if (tag == kLatestTag) {
    return &Newest(*lambda);
  }
  auto it = lambda->tags.find(tag);
  if (it == lambda->tags.end()) {
    return TagNotFound(workspace, name, tag);
  }
  return &lambda->versions.find(it->second)->second;
}

LambdaSummary QueryLambdas::SummaryLocked(std::string_view workspace, std::string_view name,
                                          const Lambda& lambda) const {
  const LambdaVersionInfo& newest = Newest(lambda);
  return LambdaSummary{.workspace = std::string(workspace),
                       .name = std::string(name),
                       .last_updated_micros = newest.created_at_micros,
                       .last_updated_by = newest.created_by,
                       .version_count = static_cast<int64_t>(lambda.versions.size()),
                       .latest = newest};
}

Result<LambdaVersionInfo> QueryLambdas::AddVersionLocked(std::string_view workspace,
                                                         std::string_view name,
                                                         const LambdaVersionSpec& spec,
                                                         const Principal& principal) {
  const Lambda* existing = FindLocked(workspace, name);
  LambdaVersionInfo info;
  info.workspace = std::string(workspace);
  info.name = std::string(name);
  do {
    info.version = Sha256Hex(NewUuid()).substr(0, 16);
  } while (existing != nullptr && existing->versions.count(info.version) > 0);
  info.description = spec.description;
  info.query = spec.query;
  info.default_parameters = spec.default_parameters;
  info.collections = spec.collections;
  info.created_at_micros = NowMicros();
  info.created_by = principal.email;
  if (!principal.apikey_name.empty()) {
    info.created_by_apikey_name = principal.apikey_name;
  }
  if (spec.is_public) {
    info.public_access_id = NewUuid();
  }
  info.serial = existing == nullptr ? 1 : existing->next_serial;
  if (existing == nullptr) {
    BASALT_RETURN_IF_ERROR(catalog_.RetainWorkspace(workspace, kLambdaKind));
  }
  Status written =
      backend_.WriteMeta({{VersionKey(workspace, name, info.version), ToJson(info.ToValue())}}, {});
  if (!written.ok()) {
    if (existing == nullptr) {
      catalog_.ReleaseWorkspace(workspace, kLambdaKind);
    }
    return written;
  }
  Lambda& lambda = lambdas_[LambdaKey{info.workspace, info.name}];
  lambda.next_serial = info.serial + 1;
  lambda.versions[info.version] = info;
  return info;
}

Result<LambdaVersionInfo> QueryLambdas::Create(std::string_view workspace, std::string_view name,
                                               const LambdaVersionSpec& spec,
                                               const Principal& principal) {
  BASALT_RETURN_IF_ERROR(ValidateName("query lambda", name));
  std::lock_guard lock(mu_);
  if (FindLocked(workspace, name) != nullptr) {
    return AlreadyExists("Query Lambda \"" + std::string(name) +
                         "\" already exists in workspace \"" + std::string(workspace) + "\".");
  }
  return AddVersionLocked(workspace, name, spec, principal);
}

Result<LambdaVersionInfo> QueryLambdas::AddVersion(std::string_view workspace,
                                                   std::string_view name,
                                                   const LambdaVersionSpec& spec,
                                                   const Principal& principal,
                                                   bool create_missing) {
  std::lock_guard lock(mu_);
  if (FindLocked(workspace, name) == nullptr) {
    if (!create_missing) {
      return LambdaNotFound(workspace, name);
    }
    BASALT_RETURN_IF_ERROR(ValidateName("query lambda", name));
  }
  return AddVersionLocked(workspace, name, spec, principal);
}

Result<std::vector<LambdaVersionInfo>> QueryLambdas::ListVersions(std::string_view workspace,
                                                                  std::string_view name) const {
  std::lock_guard lock(mu_);
  const Lambda* lambda = FindLocked(workspace, name);
  if (lambda == nullptr) {
    return LambdaNotFound(workspace, name);
  }
  std::vector<LambdaVersionInfo> out;
  for (const auto& [id, version] : lambda->versions) {
    out.push_back(version);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.serial > b.serial; });
  return out;
}

Result<LambdaVersionInfo> QueryLambdas::GetVersion(std::string_view workspace,
                                                   std::string_view name,
                                                   std::string_view version) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const LambdaVersionInfo* found,
                          FindVersionLocked(workspace, name, version));
  return *found;
}

Result<LambdaVersionInfo> QueryLambdas::ResolveTag(std::string_view workspace,
                                                   std::string_view name,
                                                   std::string_view tag) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const LambdaVersionInfo* found, ResolveTagLocked(workspace, name, tag));
  return *found;
}

Result<LambdaVersionInfo> QueryLambdas::FindPublic(std::string_view public_access_id) const {
  std::lock_guard lock(mu_);
  for (const auto& [key, lambda] : lambdas_) {
    for (const auto& [id, version] : lambda.versions) {
      if (version.public_access_id && *version.public_access_id == public_access_id) {
        return version;
      }
    }
  }
  return NotFound("Public Query Lambda \"" + std::string(public_access_id) + "\" not found.");
}

Result<std::vector<LambdaTagInfo>> QueryLambdas::ListTags(std::string_view workspace,
                                                          std::string_view name) const {
  std::lock_guard lock(mu_);
  const Lambda* lambda = FindLocked(workspace, name);
  if (lambda == nullptr) {
    return LambdaNotFound(workspace, name);
  }
  std::vector<LambdaTagInfo> out;
  out.push_back(LambdaTagInfo{std::string(kLatestTag), Newest(*lambda)});
  for (const auto& [tag, version] : lambda->tags) {
    out.push_back(LambdaTagInfo{tag, lambda->versions.find(version)->second});
  }
  return out;
}

Result<LambdaTagInfo> QueryLambdas::GetTag(std::string_view workspace, std::string_view name,
                                           std::string_view tag) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const LambdaVersionInfo* found, ResolveTagLocked(workspace, name, tag));
  return LambdaTagInfo{std::string(tag), *found};
}

Result<LambdaTagInfo> QueryLambdas::SetTag(std::string_view workspace, std::string_view name,
                                           std::string_view tag, std::string_view version) {
  if (tag == kLatestTag) {
    return InvalidInput("Tag \"latest\" always points at the newest version and cannot be set");
  }
  BASALT_RETURN_IF_ERROR(ValidateName("tag", tag));
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const LambdaVersionInfo* found,
                          FindVersionLocked(workspace, name, version));
  LambdaVersionInfo target = *found;
  Value record = Value::MakeObject({{"version", Value::String(version)}});
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({{TagKey(workspace, name, tag), ToJson(record)}}, {}));
  lambdas_[LambdaKey{std::string(workspace), std::string(name)}].tags[std::string(tag)] =
      std::string(version);
  return LambdaTagInfo{std::string(tag), std::move(target)};
}

Result<LambdaTagInfo> QueryLambdas::DeleteTag(std::string_view workspace, std::string_view name,
                                              std::string_view tag) {
  if (tag == kLatestTag) {
    return InvalidInput("Tag \"latest\" always points at the newest version and cannot be deleted");
  }
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const LambdaVersionInfo* found, ResolveTagLocked(workspace, name, tag));
  LambdaTagInfo out{std::string(tag), *found};
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {TagKey(workspace, name, tag)}));
  lambdas_[LambdaKey{std::string(workspace), std::string(name)}].tags.erase(std::string(tag));
  return out;
}

Result<LambdaVersionInfo> QueryLambdas::DeleteVersion(std::string_view workspace,
                                                      std::string_view name,
                                                      std::string_view version) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const LambdaVersionInfo* found,
                          FindVersionLocked(workspace, name, version));
  LambdaVersionInfo out = *found;
  auto it = lambdas_.find(LambdaKey{std::string(workspace), std::string(name)});
  Lambda& lambda = it->second;
  std::vector<std::string> deletes{VersionKey(workspace, name, version)};
  std::vector<std::string> dropped_tags;
  for (const auto& [tag, target] : lambda.tags) {
    if (target == version) {
      deletes.push_back(TagKey(workspace, name, tag));
      dropped_tags.push_back(tag);
    }
  }
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, deletes));
  for (const auto& tag : dropped_tags) {
    lambda.tags.erase(tag);
  }
  lambda.versions.erase(std::string(version));
  if (lambda.versions.empty()) {
    lambdas_.erase(it);
    catalog_.ReleaseWorkspace(workspace, kLambdaKind);
  }
  return out;
}

Result<LambdaSummary> QueryLambdas::DeleteLambda(std::string_view workspace,
                                                 std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = lambdas_.find(LambdaKey{std::string(workspace), std::string(name)});
  if (it == lambdas_.end()) {
    return LambdaNotFound(workspace, name);
  }
  LambdaSummary out = SummaryLocked(workspace, name, it->second);
  std::vector<std::string> deletes;
  for (const auto& [id, version] : it->second.versions) {
    deletes.push_back(VersionKey(workspace, name, id));
  }
  for (const auto& [tag, version] : it->second.tags) {
    deletes.push_back(TagKey(workspace, name, tag));
  }
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, deletes));
  lambdas_.erase(it);
  catalog_.ReleaseWorkspace(workspace, kLambdaKind);
  return out;
}

Result<LambdaSummary> QueryLambdas::Get(std::string_view workspace, std::string_view name) const {
  std::lock_guard lock(mu_);
  const Lambda* lambda = FindLocked(workspace, name);
  if (lambda == nullptr) {
    return LambdaNotFound(workspace, name);
  }
  return SummaryLocked(workspace, name, *lambda);
}

Result<std::vector<LambdaSummary>> QueryLambdas::List(std::string_view workspace) const {
  BASALT_RETURN_IF_ERROR(catalog_.GetWorkspace(workspace).status());
  std::lock_guard lock(mu_);
  std::vector<LambdaSummary> out;
  for (const auto& [key, lambda] : lambdas_) {
    if (key.first == workspace) {
      out.push_back(SummaryLocked(key.first, key.second, lambda));
    }
  }
  return out;
}

std::vector<LambdaSummary> QueryLambdas::ListAll() const {
  std::lock_guard lock(mu_);
  std::vector<LambdaSummary> out;
  for (const auto& [key, lambda] : lambdas_) {
    out.push_back(SummaryLocked(key.first, key.second, lambda));
  }
  return out;
}

Status QueryLambdas::RecordExecution(std::string_view workspace, std::string_view name,
                                     std::string_view version, std::string_view executed_by,
                                     int64_t at_micros, const Status& error) {
  std::lock_guard lock(mu_);
  auto it = lambdas_.find(LambdaKey{std::string(workspace), std::string(name)});
  if (it == lambdas_.end()) {
    return Status::Ok();
  }
  auto found = it->second.versions.find(version);
  if (found == it->second.versions.end()) {
    return Status::Ok();
  }
  LambdaVersionInfo updated = found->second;
  updated.stats.last_executed_micros = at_micros;
  updated.stats.last_executed_by = std::string(executed_by);
  if (!error.ok()) {
    updated.stats.last_execution_error_micros = at_micros;
    updated.stats.last_execution_error_message = error.message();
  }
  BASALT_RETURN_IF_ERROR(
      backend_.WriteMeta({{VersionKey(workspace, name, version), ToJson(updated.ToValue())}}, {}));
  found->second = std::move(updated);
  return Status::Ok();
}

}  // namespace basalt::catalog
