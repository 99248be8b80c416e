#include "catalog/integrations.h"

#include <mutex>
#include <utility>

#include "catalog/names.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr std::string_view kIntegrationPrefix = "integration/";

enum class FieldType { kString, kBool, kStringArray, kObject, kJsonText, kDataFormat };

// One field of a kind object: `path` is "field" or "object.field". A required nested field
// is required only when its object is present.
struct FieldRule {
  std::string_view path;
  FieldType type;
  bool required = false;
};

const std::vector<FieldRule> kAwsRules = {
    {"aws_access_key", FieldType::kObject},
    {"aws_access_key.aws_access_key_id", FieldType::kString, true},
    {"aws_access_key.aws_secret_access_key", FieldType::kString, true},
    {"aws_role", FieldType::kObject},
    {"aws_role.aws_role_arn", FieldType::kString, true},
    {"aws_role.aws_external_id", FieldType::kString},
};

std::vector<FieldRule> Concat(std::vector<FieldRule> a, const std::vector<FieldRule>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The rules of each kind, and whether it needs exactly one of aws_access_key / aws_role.
struct KindRules {
  std::string_view kind;
  std::vector<FieldRule> rules;
  bool needs_aws = false;
  std::vector<std::string_view> read_only;  // dropped from requests
};

const std::vector<KindRules>& AllKindRules() {
  static const std::vector<KindRules> rules = {
      {"s3", kAwsRules, true, {}},
      {"kinesis", kAwsRules, true, {}},
      {"dynamodb", Concat(kAwsRules, {{"s3_export_bucket_name", FieldType::kString}}), true, {}},
      {"gcs",
       {{"gcp_service_account", FieldType::kObject, true},
        {"gcp_service_account.service_account_key_file_json", FieldType::kJsonText, true}},
       false,
       {}},
      {"azure_blob_storage", {{"connection_string", FieldType::kString, true}}, false, {}},
      {"azure_event_hubs", {{"connection_string", FieldType::kString}}, false, {}},
      {"azure_service_bus", {{"connection_string", FieldType::kString, true}}, false, {}},
      {"kafka",
       {{"kafka_data_format", FieldType::kDataFormat},
        {"kafka_topic_names", FieldType::kStringArray},
        {"connection_string", FieldType::kString},
        {"use_v3", FieldType::kBool},
        {"bootstrap_servers", FieldType::kString},
        {"security_config", FieldType::kObject},
        {"security_config.api_key", FieldType::kString},
        {"security_config.secret", FieldType::kString},
        {"schema_registry_config", FieldType::kObject},
        {"schema_registry_config.url", FieldType::kString},
        {"schema_registry_config.key", FieldType::kString},
        {"schema_registry_config.secret", FieldType::kString},
        {"aws_role", FieldType::kObject},
        {"aws_role.aws_role_arn", FieldType::kString, true},
        {"aws_role.aws_external_id", FieldType::kString}},
       false,
       {"source_status_by_topic"}},
      {"mongodb",
       {{"connection_uri", FieldType::kString, true},
        {"tls", FieldType::kObject},
        {"tls.ca_cert", FieldType::kString},
        {"tls.client_cert", FieldType::kString, true},
        {"tls.client_key", FieldType::kString, true}},
       false,
       {"tls.client_cert_expiry", "tls.client_cert_subject"}},
      {"snowflake",
       Concat(kAwsRules, {{"snowflake_url", FieldType::kString, true},
                          {"username", FieldType::kString, true},
                          {"password", FieldType::kString, true},
                          {"default_warehouse", FieldType::kString, true},
                          {"user_role", FieldType::kString},
                          {"s3_export_path", FieldType::kString, true}}),
       false,
       {}},
      // Basalt's native change-data-capture connectors (outside Rockset's API).
      {"mysql",
       {{"connection_uri", FieldType::kString},
        {"host", FieldType::kString},
        {"username", FieldType::kString},
        {"password", FieldType::kString},
        {"database", FieldType::kString}},
       false,
       {}},
      {"postgres",
       {{"connection_uri", FieldType::kString},
        {"host", FieldType::kString},
        {"username", FieldType::kString},
        {"password", FieldType::kString},
        {"database", FieldType::kString}},
       false,
       {}},
  };
  return rules;
}

// Field names whose values are secrets, wherever they appear in a kind object.
bool IsSecretField(std::string_view name) {
  return name == "aws_secret_access_key" || name == "service_account_key_file_json" ||
         name == "connection_string" || name == "connection_uri" || name == "password" ||
         name == "secret" || name == "client_key";
}

Value Masked(const Value& config) {
  if (!config.is_object()) {
    return config;
  }
  Object out;
  for (const auto& [key, value] : config.object()) {
    if (IsSecretField(key) && value.is_string()) {
      out.emplace_back(key, Value::String(kSecretMask));
    } else {
      out.emplace_back(key, Masked(value));
    }
  }
  return Value::MakeObject(std::move(out));
}

// `fresh` with every masked secret replaced by the value at the same place in `stored`.
Value Unmasked(const Value& fresh, const Value& stored) {
  if (!fresh.is_object()) {
    return fresh;
  }
  Object out;
  for (const auto& [key, value] : fresh.object()) {
    const Value& old = stored.Get(key);
    if (IsSecretField(key) && value.is_string() && value.string_value() == kSecretMask &&
        old.is_string()) {
      out.emplace_back(key, old);
    } else {
      out.emplace_back(key, Unmasked(value, old));
    }
  }
  return Value::MakeObject(std::move(out));
}

const Value& AtPath(const Value& root, std::string_view path) {
  size_t dot = path.find('.');
  if (dot == std::string_view::npos) {
    return root.Get(path);
  }
  return root.Get(path.substr(0, dot)).Get(path.substr(dot + 1));
}

Status CheckField(std::string_view kind, const FieldRule& rule, const Value& config) {
  size_t dot = rule.path.find('.');
  if (dot != std::string_view::npos && config.Get(rule.path.substr(0, dot)).is_nullish()) {
    return Status::Ok();  // the enclosing object is absent
  }
  const Value& value = AtPath(config, rule.path);
  std::string where = std::string(kind) + "." + std::string(rule.path);
  if (value.is_nullish()) {
    return rule.required ? InvalidInput(where + " is required") : Status::Ok();
  }
  switch (rule.type) {
    case FieldType::kString:
      return value.is_string() ? Status::Ok() : InvalidInput(where + " must be a string");
    case FieldType::kBool:
      return value.type() == ValueType::kBool ? Status::Ok()
                                              : InvalidInput(where + " must be a boolean");
    case FieldType::kObject:
      return value.is_object() ? Status::Ok() : InvalidInput(where + " must be an object");
    case FieldType::kStringArray:
      if (value.is_array()) {
        bool all_strings = true;
        for (const Value& item : value.array()) {
          all_strings = all_strings && item.is_string();
        }
        if (all_strings) {
          return Status::Ok();
        }
      }
      return InvalidInput(where + " must be an array of strings");
    case FieldType::kJsonText:
      if (value.is_string() &&
          ParseJson(value.string_value(), JsonParseOptions{.extended_json = false}).ok()) {
        return Status::Ok();
      }
      return InvalidInput(where + " must be the service account's JSON key file as a string");
    case FieldType::kDataFormat:
      if (value.is_string() && (value.string_value() == "JSON" || value.string_value() == "AVRO")) {
        return Status::Ok();
      }
      return InvalidInput(where + " must be JSON or AVRO");
  }
  return Status::Ok();
}

Result<Value> ValidateConfig(const KindRules& kind, const Value& config) {
  if (!config.is_object()) {
    return InvalidInput(std::string(kind.kind) + " must be an object");
  }
  for (const FieldRule& rule : kind.rules) {
    BASALT_RETURN_IF_ERROR(CheckField(kind.kind, rule, config));
  }
  bool has_key = !config.Get("aws_access_key").is_nullish();
  bool has_role = !config.Get("aws_role").is_nullish();
  if (has_key && has_role) {
    return InvalidInput(std::string(kind.kind) + " takes aws_access_key or aws_role, not both");
  }
  if (kind.needs_aws && !has_key && !has_role) {
    return InvalidInput(std::string(kind.kind) + " needs aws_access_key or aws_role");
  }
  Value out = config;
  for (std::string_view path : kind.read_only) {
    size_t dot = path.find('.');
    if (dot == std::string_view::npos) {
      out.Erase(path);
    } else if (out.Get(path.substr(0, dot)).is_object()) {
      Value inner = out.Get(path.substr(0, dot));
      inner.Erase(path.substr(dot + 1));
      out.Set(path.substr(0, dot), std::move(inner));
    }
  }
  // Explicit nulls mean absent (api.md §1).
  std::erase_if(out.MutableObject(), [](const Field& field) { return field.second.is_null(); });
  return out;
}

Status ParseCommon(const Value& body, IntegrationSpec* spec) {
  const Value& description = body.Get("description");
  if (!description.is_nullish()) {
    if (!description.is_string()) {
      return InvalidInput("description must be a string");
    }
    spec->description = std::string(description.string_value());
  }
  const Value& write_enabled = body.Get("is_write_enabled");
  if (!write_enabled.is_nullish()) {
    if (write_enabled.type() != ValueType::kBool) {
      return InvalidInput("is_write_enabled must be a boolean");
    }
    spec->is_write_enabled = write_enabled.bool_value();
  }
  for (const KindRules& kind : AllKindRules()) {
    const Value& config = body.Get(kind.kind);
    if (config.is_nullish()) {
      continue;
    }
    if (!spec->kind.empty()) {
      return InvalidInput("an integration has exactly one kind; got " + spec->kind + " and " +
                          std::string(kind.kind));
    }
    spec->kind = std::string(kind.kind);
    BASALT_ASSIGN_OR_RETURN(spec->config, ValidateConfig(kind, config));
  }
  return Status::Ok();
}

std::string KindsList() {
  std::string out;
  for (std::string_view kind : IntegrationKinds()) {
    out += (out.empty() ? "" : ", ") + std::string(kind);
  }
  return out;
}

Value ToRecord(const IntegrationInfo& info, const std::string& sealed) {
  return Value::MakeObject({
      {"name", Value::String(info.name)},
      {"description", info.description ? Value::String(*info.description) : Value::Null()},
      {"is_write_enabled", Value::Bool(info.is_write_enabled)},
      {"created_at_micros", Value::Int(info.created_at_micros)},
      {"created_by", Value::String(info.created_by)},
      {"created_by_apikey_name",
       info.created_by_apikey_name ? Value::String(*info.created_by_apikey_name) : Value::Null()},
      {"kind", Value::String(info.kind)},
      {"masked_config", info.config},
      {"sealed_config", Value::String(sealed)},
  });
}

Status IntegrationNotFound(std::string_view name) {
  return NotFound("Integration '" + std::string(name) + "' not found");
}

}  // namespace

const std::vector<std::string_view>& IntegrationKinds() {
  static const std::vector<std::string_view> kinds = [] {
    std::vector<std::string_view> out;
    for (const KindRules& kind : AllKindRules()) {
      out.push_back(kind.kind);
    }
    return out;
  }();
  return kinds;
}

Result<IntegrationSpec> ParseCreateIntegrationRequest(const Value& body) {
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  IntegrationSpec spec;
  const Value& name = body.Get("name");
  if (name.is_nullish()) {
    return InvalidInput("integration name is required");
  }
  if (!name.is_string()) {
    return InvalidInput("integration name must be a string");
  }
  spec.name = std::string(name.string_value());
  BASALT_RETURN_IF_ERROR(ValidateName("integration", spec.name));
  BASALT_RETURN_IF_ERROR(ParseCommon(body, &spec));
  if (spec.kind.empty()) {
    return InvalidInput("an integration needs exactly one of: " + KindsList());
  }
  return spec;
}

Result<IntegrationSpec> ParseUpdateIntegrationRequest(const Value& body) {
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  IntegrationSpec spec;
  BASALT_RETURN_IF_ERROR(ParseCommon(body, &spec));
  return spec;
}

Result<std::unique_ptr<Integrations>> Integrations::Open(Backend& backend, const SecretBox& box) {
  std::unique_ptr<Integrations> out(new Integrations(backend, box));
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues records, backend.ScanMeta(kIntegrationPrefix));
  for (const auto& [key, json] : records) {
    Result<Value> parsed = ParseJson(json, JsonParseOptions{.extended_json = false});
    if (!parsed.ok()) {
      return Corruption("integration record: " + parsed.status().message());
    }
    const Value& record = *parsed;
    if (!record.Get("name").is_string() || !record.Get("kind").is_string() ||
        !record.Get("sealed_config").is_string() || !record.Get("created_by").is_string() ||
        record.Get("created_at_micros").type() != ValueType::kInt) {
      return Corruption("malformed integration record '" + key + "'");
    }
    Entry entry;
    entry.info.name = std::string(record.Get("name").string_value());
    if (record.Get("description").is_string()) {
      entry.info.description = std::string(record.Get("description").string_value());
    }
    entry.info.is_write_enabled = record.Get("is_write_enabled").type() == ValueType::kBool &&
                                  record.Get("is_write_enabled").bool_value();
    entry.info.created_at_micros = record.Get("created_at_micros").int_value();
    entry.info.created_by = std::string(record.Get("created_by").string_value());
    if (record.Get("created_by_apikey_name").is_string()) {
      entry.info.created_by_apikey_name =
          std::string(record.Get("created_by_apikey_name").string_value());
    }
    entry.info.kind = std::string(record.Get("kind").string_value());
    entry.info.config = record.Get("masked_config");
    entry.sealed = std::string(record.Get("sealed_config").string_value());
    std::string name = entry.info.name;
    out->entries_[name] = std::move(entry);
  }
  return out;
}

Status Integrations::PutLocked(const Entry& entry) {
  return backend_.WriteMeta({{std::string(kIntegrationPrefix) + entry.info.name,
                              ToJson(ToRecord(entry.info, entry.sealed))}},
                            {});
}

Result<Integrations::Entry> Integrations::MakeEntry(IntegrationInfo info,
                                                    const Value& clear_config) const {
  Entry entry;
  BASALT_ASSIGN_OR_RETURN(entry.sealed, box_.Seal(ToJson(clear_config), info.name));
  info.config = Masked(clear_config);
  entry.info = std::move(info);
  return entry;
}

Result<IntegrationInfo> Integrations::Create(const IntegrationSpec& spec,
                                             const Principal& principal) {
  IntegrationInfo info;
  info.name = spec.name;
  info.description = spec.description;
  info.is_write_enabled = spec.is_write_enabled.value_or(false);
  info.created_at_micros = NowMicros();
  info.created_by = principal.email;
  if (!principal.apikey_name.empty()) {
    info.created_by_apikey_name = principal.apikey_name;
  }
  info.kind = spec.kind;
  std::unique_lock lock(mu_);
  if (entries_.find(spec.name) != entries_.end()) {
    return AlreadyExists("Integration '" + spec.name + "' already exists");
  }
  BASALT_ASSIGN_OR_RETURN(Entry entry, MakeEntry(std::move(info), spec.config));
  BASALT_RETURN_IF_ERROR(PutLocked(entry));
  IntegrationInfo out = entry.info;
  entries_[spec.name] = std::move(entry);
  return out;
}

Result<IntegrationInfo> Integrations::Get(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    return IntegrationNotFound(name);
  }
  return it->second.info;
}

std::vector<IntegrationInfo> Integrations::List() const {
  std::shared_lock lock(mu_);
  std::vector<IntegrationInfo> out;
  for (const auto& [name, entry] : entries_) {
    out.push_back(entry.info);
  }
  return out;
}

Result<IntegrationInfo> Integrations::Update(std::string_view name, const IntegrationSpec& spec) {
  std::unique_lock lock(mu_);
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    return IntegrationNotFound(name);
  }
  IntegrationInfo info = it->second.info;
  if (spec.description) {
    info.description = spec.description;
  }
  if (spec.is_write_enabled) {
    info.is_write_enabled = *spec.is_write_enabled;
  }
  BASALT_ASSIGN_OR_RETURN(std::string stored_json, box_.Open(it->second.sealed, info.name));
  BASALT_ASSIGN_OR_RETURN(Value stored,
                          ParseJson(stored_json, JsonParseOptions{.extended_json = false}));
  Value clear = stored;
  if (!spec.kind.empty()) {
    clear = spec.kind == info.kind ? Unmasked(spec.config, stored) : spec.config;
    info.kind = spec.kind;
  }
  BASALT_ASSIGN_OR_RETURN(Entry entry, MakeEntry(std::move(info), clear));
  BASALT_RETURN_IF_ERROR(PutLocked(entry));
  it->second = entry;
  return entry.info;
}

Result<IntegrationInfo> Integrations::Delete(std::string_view name) {
  std::unique_lock lock(mu_);
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    return IntegrationNotFound(name);
  }
  IntegrationInfo info = it->second.info;
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {std::string(kIntegrationPrefix) + info.name}));
  entries_.erase(it);
  return info;
}

Result<Value> Integrations::RevealConfig(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    return IntegrationNotFound(name);
  }
  BASALT_ASSIGN_OR_RETURN(std::string json, box_.Open(it->second.sealed, it->second.info.name));
  return ParseJson(json, JsonParseOptions{.extended_json = false});
}

}  // namespace basalt::catalog
