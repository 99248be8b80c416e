#include "catalog/api_keys.h"

#include <mutex>
#include <utility>

#include "catalog/ids.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr std::string_view kApiKeyPrefix = "apikey/";

Value ToValue(const ApiKeyInfo& info) {
  return Value::MakeObject({{"name", Value::String(info.name)},
                            {"role", Value::String(info.role)},
                            {"owner_email", Value::String(info.owner_email)},
                            {"created_at_micros", Value::Int(info.created_at_micros)},
                            {"secret_sha256", Value::String(info.secret_sha256)}});
}

Result<ApiKeyInfo> FromValue(const Value& value) {
  const Value& name = value.Get("name");
  const Value& role = value.Get("role");
  const Value& owner = value.Get("owner_email");
  const Value& created = value.Get("created_at_micros");
  const Value& hash = value.Get("secret_sha256");
  if (!name.is_string() || !role.is_string() || !owner.is_string() ||
      created.type() != ValueType::kInt || !hash.is_string()) {
    return Corruption("malformed API key record");
  }
  return ApiKeyInfo{.name = std::string(name.string_value()),
                    .role = std::string(role.string_value()),
                    .owner_email = std::string(owner.string_value()),
                    .created_at_micros = created.int_value(),
                    .secret_sha256 = std::string(hash.string_value())};
}

}  // namespace

Result<std::unique_ptr<ApiKeys>> ApiKeys::Open(Backend& backend) {
  std::unique_ptr<ApiKeys> keys(new ApiKeys(backend));
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues records, backend.ScanMeta(kApiKeyPrefix));
  for (const auto& [key, json] : records) {
    Result<Value> parsed = ParseJson(json, JsonParseOptions{.extended_json = false});
    if (!parsed.ok()) {
      return Corruption("API key record: " + parsed.status().message());
    }
    BASALT_ASSIGN_OR_RETURN(ApiKeyInfo info, FromValue(*parsed));
    std::string hash = info.secret_sha256;
    keys->by_hash_[hash] = std::move(info);
  }
  return keys;
}

bool ApiKeys::empty() const {
  std::shared_lock lock(mu_);
  return by_hash_.empty();
}

Status ApiKeys::Add(std::string_view secret, std::string name, std::string role,
                    std::string owner_email) {
  if (secret.empty()) {
    return InvalidInput("an API key must not be empty");
  }
  ApiKeyInfo info{.name = std::move(name),
                  .role = std::move(role),
                  .owner_email = std::move(owner_email),
                  .created_at_micros = NowMicros(),
                  .secret_sha256 = Sha256Hex(secret)};
  std::unique_lock lock(mu_);
  if (by_hash_.find(info.secret_sha256) != by_hash_.end()) {
    return AlreadyExists("this API key already exists");
  }
  std::string key = std::string(kApiKeyPrefix) + info.secret_sha256;
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({{key, ToJson(ToValue(info))}}, {}));
  std::string hash = info.secret_sha256;
  by_hash_[hash] = std::move(info);
  return Status::Ok();
}

Result<Principal> ApiKeys::Authenticate(std::string_view secret) const {
  if (!secret.empty()) {
    std::string hash = Sha256Hex(secret);
    std::shared_lock lock(mu_);
    auto it = by_hash_.find(hash);
    if (it != by_hash_.end()) {
      return Principal{.email = it->second.owner_email, .apikey_name = it->second.name};
    }
  }
  return Status(ErrorCode::kAuth, "Authentication Failure");
}

Result<std::optional<std::string>> ApiKeys::Bootstrap(const std::optional<std::string>& env_key) {
  bool fresh = empty();
  if (env_key && !env_key->empty()) {
    if (Authenticate(*env_key).ok()) {
      return std::optional<std::string>();
    }
    std::string name = fresh ? "root" : "root-" + Sha256Hex(*env_key).substr(0, 6);
    BASALT_RETURN_IF_ERROR(Add(*env_key, std::move(name), "admin", std::string(kAdminEmail)));
    return std::optional<std::string>(*env_key);
  }
  if (!fresh) {
    return std::optional<std::string>();
  }
  std::string secret = NewSecret(kApiKeyLength);
  BASALT_RETURN_IF_ERROR(Add(secret, "root", "admin", std::string(kAdminEmail)));
  return std::optional<std::string>(std::move(secret));
}

}  // namespace basalt::catalog
