#include "catalog/api_keys.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "catalog/ids.h"
#include "catalog/names.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr std::string_view kApiKeyPrefix = "apikey/";
constexpr size_t kIdentifierLength = 6;

Value ToValue(const ApiKeyInfo& info) {
  return Value::MakeObject({
      {"name", Value::String(info.name)},
      {"role", Value::String(info.role)},
      {"owner_email", Value::String(info.owner_email)},
      {"created_at_micros", Value::Int(info.created_at_micros)},
      {"secret_sha256", Value::String(info.secret_sha256)},
      {"identifier", Value::String(info.identifier)},
      {"created_by_apikey_name",
       info.created_by_apikey_name ? Value::String(*info.created_by_apikey_name) : Value::Null()},
      {"suspended", Value::Bool(info.suspended)},
      {"expiry_micros", info.expiry_micros ? Value::Int(*info.expiry_micros) : Value::Null()},
  });
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
  ApiKeyInfo info;
  info.name = std::string(name.string_value());
  info.role = std::string(role.string_value());
  info.owner_email = std::string(owner.string_value());
  info.created_at_micros = created.int_value();
  info.secret_sha256 = std::string(hash.string_value());
  // Fields added after the first release default when absent.
  const Value& identifier = value.Get("identifier");
  info.identifier = identifier.is_string() ? std::string(identifier.string_value())
                                           : info.secret_sha256.substr(0, kIdentifierLength);
  if (value.Get("created_by_apikey_name").is_string()) {
    info.created_by_apikey_name = std::string(value.Get("created_by_apikey_name").string_value());
  }
  info.suspended =
      value.Get("suspended").type() == ValueType::kBool && value.Get("suspended").bool_value();
  if (value.Get("expiry_micros").type() == ValueType::kInt) {
    info.expiry_micros = value.Get("expiry_micros").int_value();
  }
  return info;
}

ApiKeyInfo AdminKey(std::string name) {
  ApiKeyInfo info;
  info.name = std::move(name);
  info.role = "admin";
  info.owner_email = std::string(kAdminEmail);
  return info;
}

Status KeyNotFound(std::string_view owner_email, std::string_view name) {
  return NotFound("API key '" + std::string(name) + "' of user '" + std::string(owner_email) +
                  "' not found");
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

Status ApiKeys::PutLocked(const ApiKeyInfo& info) {
  std::string key = std::string(kApiKeyPrefix) + info.secret_sha256;
  return backend_.WriteMeta({{key, ToJson(ToValue(info))}}, {});
}

ApiKeyInfo* ApiKeys::FindLocked(std::string_view owner_email, std::string_view name) {
  for (auto& [hash, info] : by_hash_) {
    if (info.owner_email == owner_email && info.name == name) {
      return &info;
    }
  }
  return nullptr;
}

ApiKeyInfo ApiKeys::WithLastAccess(ApiKeyInfo info) const {
  std::lock_guard lock(access_mu_);
  auto it = last_access_.find(info.secret_sha256);
  if (it != last_access_.end()) {
    info.last_access_micros = it->second;
  }
  return info;
}

Result<ApiKeyInfo> ApiKeys::Add(std::string_view secret, ApiKeyInfo info) {
  if (secret.empty()) {
    return InvalidInput("an API key must not be empty");
  }
  BASALT_RETURN_IF_ERROR(ValidateName("API key", info.name));
  info.secret_sha256 = Sha256Hex(secret);
  info.identifier = std::string(
      secret.substr(secret.size() > kIdentifierLength ? secret.size() - kIdentifierLength : 0));
  if (info.created_at_micros == 0) {
    info.created_at_micros = NowMicros();
  }
  std::unique_lock lock(mu_);
  if (by_hash_.find(info.secret_sha256) != by_hash_.end()) {
    return AlreadyExists("this API key already exists");
  }
  if (FindLocked(info.owner_email, info.name) != nullptr) {
    return AlreadyExists("API key '" + info.name + "' already exists for user '" +
                         info.owner_email + "'");
  }
  BASALT_RETURN_IF_ERROR(PutLocked(info));
  std::string hash = info.secret_sha256;
  by_hash_[hash] = info;
  return info;
}

Result<std::pair<std::string, ApiKeyInfo>> ApiKeys::Create(ApiKeyInfo info) {
  std::string secret = NewSecret(kApiKeyLength);
  BASALT_ASSIGN_OR_RETURN(ApiKeyInfo stored, Add(secret, std::move(info)));
  return std::pair<std::string, ApiKeyInfo>(std::move(secret), std::move(stored));
}

Result<ApiKeyInfo> ApiKeys::Authenticate(std::string_view secret) const {
  if (!secret.empty()) {
    std::string hash = Sha256Hex(secret);
    int64_t now = NowMicros();
    std::shared_lock lock(mu_);
    auto it = by_hash_.find(hash);
    if (it != by_hash_.end() && !it->second.suspended && !it->second.ExpiredAt(now)) {
      std::lock_guard access_lock(access_mu_);
      last_access_[hash] = now;
      return it->second;
    }
  }
  return Status(ErrorCode::kAuth, "Authentication Failure");
}

std::vector<ApiKeyInfo> ApiKeys::ListOf(std::string_view owner_email) const {
  std::vector<ApiKeyInfo> out;
  std::shared_lock lock(mu_);
  for (const auto& [hash, info] : by_hash_) {
    if (info.owner_email == owner_email) {
      out.push_back(WithLastAccess(info));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const ApiKeyInfo& a, const ApiKeyInfo& b) { return a.name < b.name; });
  return out;
}

Result<ApiKeyInfo> ApiKeys::Get(std::string_view owner_email, std::string_view name) const {
  std::shared_lock lock(mu_);
  for (const auto& [hash, info] : by_hash_) {
    if (info.owner_email == owner_email && info.name == name) {
      return WithLastAccess(info);
    }
  }
  return KeyNotFound(owner_email, name);
}

Result<ApiKeyInfo> ApiKeys::Update(std::string_view owner_email, std::string_view name,
                                   const ApiKeyUpdate& update) {
  std::unique_lock lock(mu_);
  ApiKeyInfo* found = FindLocked(owner_email, name);
  if (found == nullptr) {
    return KeyNotFound(owner_email, name);
  }
  ApiKeyInfo info = *found;
  if (update.suspended) {
    info.suspended = *update.suspended;
  }
  if (update.clear_expiry) {
    info.expiry_micros.reset();
  } else if (update.expiry_micros) {
    info.expiry_micros = update.expiry_micros;
  }
  BASALT_RETURN_IF_ERROR(PutLocked(info));
  *found = info;
  return WithLastAccess(info);
}

Result<ApiKeyInfo> ApiKeys::Delete(std::string_view owner_email, std::string_view name) {
  std::unique_lock lock(mu_);
  ApiKeyInfo* found = FindLocked(owner_email, name);
  if (found == nullptr) {
    return KeyNotFound(owner_email, name);
  }
  ApiKeyInfo info = WithLastAccess(*found);
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {std::string(kApiKeyPrefix) + info.secret_sha256}));
  by_hash_.erase(info.secret_sha256);
  return info;
}

Status ApiKeys::DeleteAllOf(std::string_view owner_email) {
  std::unique_lock lock(mu_);
  std::vector<std::string> deletes;
  for (const auto& [hash, info] : by_hash_) {
    if (info.owner_email == owner_email) {
      deletes.push_back(std::string(kApiKeyPrefix) + hash);
    }
  }
  if (deletes.empty()) {
    return Status::Ok();
  }
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, deletes));
  std::erase_if(by_hash_,
                [&](const auto& entry) { return entry.second.owner_email == owner_email; });
  return Status::Ok();
}

bool ApiKeys::UsesRole(std::string_view role) const {
  std::shared_lock lock(mu_);
  for (const auto& [hash, info] : by_hash_) {
    if (info.role == role) {
      return true;
    }
  }
  return false;
}

Result<std::optional<std::string>> ApiKeys::Bootstrap(const std::optional<std::string>& env_key) {
  bool fresh = empty();
  if (env_key && !env_key->empty()) {
    {
      std::shared_lock lock(mu_);
      if (by_hash_.find(Sha256Hex(*env_key)) != by_hash_.end()) {
        return std::optional<std::string>();  // already a key (whatever its state)
      }
    }
    std::string name = fresh ? "root" : "root-" + Sha256Hex(*env_key).substr(0, 6);
    BASALT_RETURN_IF_ERROR(Add(*env_key, AdminKey(std::move(name))).status());
    return std::optional<std::string>(*env_key);
  }
  if (!fresh) {
    return std::optional<std::string>();
  }
  BASALT_ASSIGN_OR_RETURN(auto made, Create(AdminKey("root")));
  return std::optional<std::string>(std::move(made.first));
}

}  // namespace basalt::catalog
