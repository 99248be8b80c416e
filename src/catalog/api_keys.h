#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/backend.h"
#include "catalog/objects.h"
#include "common/result.h"

namespace basalt::catalog {

// The owner of the keys made at first start.
inline constexpr std::string_view kAdminEmail = "admin@basalt.local";
inline constexpr size_t kApiKeyLength = 64;

// A stored API key (api.md §15). The secret itself is never stored: only its SHA-256 and a
// 6-character identifier (its last characters) to tell keys apart in listings.
struct ApiKeyInfo {
  std::string name;
  std::string role;  // empty: the key acts with all of its owner's roles
  std::string owner_email;
  int64_t created_at_micros = 0;
  std::string secret_sha256;
  std::string identifier;
  std::optional<std::string> created_by_apikey_name;
  bool suspended = false;
  std::optional<int64_t> expiry_micros;  // the key stops working at this time
  int64_t last_access_micros = 0;        // 0: not used since the server started (not persisted)

  bool ExpiredAt(int64_t now_micros) const { return expiry_micros && *expiry_micros <= now_micros; }
};

// What a change of a key's state asks for (POST /users/{user}/apikeys/{name}).
struct ApiKeyUpdate {
  std::optional<bool> suspended;
  std::optional<int64_t> expiry_micros;
  bool clear_expiry = false;
};

// API keys, persisted under "apikey/<sha256 hex>" and held in memory. A key is named
// uniquely per owner.
// Thread-safety: all methods are safe to call concurrently; Authenticate takes a shared lock.
// Errors: NOTFOUND (no such key), ALREADYEXISTS (taken name or secret), INVALIDINPUT, and
// the backend's errors.
class ApiKeys {
 public:
  static Result<std::unique_ptr<ApiKeys>> Open(Backend& backend);

  bool empty() const;

  // Stores a key with the given secret; ALREADYEXISTS if the secret or the owner's key name
  // is taken.
  Result<ApiKeyInfo> Add(std::string_view secret, ApiKeyInfo info);
  // Makes a key with a fresh random secret; returns the secret and the stored key.
  Result<std::pair<std::string, ApiKeyInfo>> Create(ApiKeyInfo info);

  // The key with `secret` when it is active and not expired (records the access), else
  // AUTHEXCEPTION "Authentication Failure".
  Result<ApiKeyInfo> Authenticate(std::string_view secret) const;

  std::vector<ApiKeyInfo> ListOf(std::string_view owner_email) const;
  Result<ApiKeyInfo> Get(std::string_view owner_email, std::string_view name) const;
  Result<ApiKeyInfo> Update(std::string_view owner_email, std::string_view name,
                            const ApiKeyUpdate& update);
  Result<ApiKeyInfo> Delete(std::string_view owner_email, std::string_view name);
  // Removes every key of `owner_email` (the user is being deleted).
  Status DeleteAllOf(std::string_view owner_email);
  // Whether any key names `role`.
  bool UsesRole(std::string_view role) const;

  // First-start bootstrap. With `env_key` (BASALT_ROOT_API_KEY) set, makes it an admin key
  // of kAdminEmail if it is not one yet (on a fresh store and later starts alike). On a
  // fresh store without `env_key`, generates a random admin key. Returns the key made now
  // (to print and save), or nullopt when nothing was made.
  Result<std::optional<std::string>> Bootstrap(const std::optional<std::string>& env_key);

 private:
  explicit ApiKeys(Backend& backend) : backend_(backend) {}
  Status PutLocked(const ApiKeyInfo& info);
  ApiKeyInfo* FindLocked(std::string_view owner_email, std::string_view name);

  Backend& backend_;
  mutable std::shared_mutex mu_;
  ApiKeyInfo WithLastAccess(ApiKeyInfo info) const;

  std::map<std::string, ApiKeyInfo, std::less<>> by_hash_;  // guarded by mu_; by secret hash
  mutable std::mutex access_mu_;
  // Secret hash -> last use (micros); guarded by access_mu_ (written under mu_ shared).
  mutable std::map<std::string, int64_t, std::less<>> last_access_;
};

}  // namespace basalt::catalog
