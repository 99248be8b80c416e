#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "catalog/backend.h"
#include "catalog/objects.h"
#include "common/result.h"

namespace basalt::catalog {

// The owner of the keys made at first start (user management is a later issue).
inline constexpr std::string_view kAdminEmail = "admin@basalt.local";
inline constexpr size_t kApiKeyLength = 64;

// A stored API key. The secret itself is never stored: only its SHA-256.
struct ApiKeyInfo {
  std::string name;
  std::string role;
  std::string owner_email;
  int64_t created_at_micros = 0;
  std::string secret_sha256;
};

// API keys (api.md §1 Auth, §15), persisted under "apikey/<sha256 hex>" and held in memory.
// Thread-safety: all methods are safe to call concurrently; Authenticate takes a shared lock.
class ApiKeys {
 public:
  static Result<std::unique_ptr<ApiKeys>> Open(Backend& backend);

  bool empty() const;

  // Stores a new key; ALREADYEXISTS if this secret is already a key.
  Status Add(std::string_view secret, std::string name, std::string role, std::string owner_email);

  // The principal acting with `secret`, or AUTHEXCEPTION "Authentication Failure".
  Result<Principal> Authenticate(std::string_view secret) const;

  // First-start bootstrap. With `env_key` (BASALT_ROOT_API_KEY) set, makes it an admin key
  // if it is not one yet (on a fresh store and later starts alike). On a fresh store without
  // `env_key`, generates a random admin key. Returns the key made now (to print and save),
  // or nullopt when nothing was made.
  Result<std::optional<std::string>> Bootstrap(const std::optional<std::string>& env_key);

 private:
  explicit ApiKeys(Backend& backend) : backend_(backend) {}

  Backend& backend_;
  mutable std::shared_mutex mu_;
  std::map<std::string, ApiKeyInfo, std::less<>> by_hash_;  // guarded by mu_
};

}  // namespace basalt::catalog
