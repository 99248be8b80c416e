#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/backend.h"
#include "catalog/privileges.h"
#include "common/result.h"
#include "common/value.h"

namespace basalt::catalog {

// A user of the organization (api.md §15). Users never log in here: they own API keys.
struct UserInfo {
  std::string email;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::vector<std::string> roles;
  int64_t created_at_micros = 0;
  // Notification preferences ({notificationType} objects), stored and echoed.
  Value preferences = Value::EmptyArray();
};

// What an update-user request asks for.
struct UserUpdate {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::vector<std::string>> roles;
};

// A custom role (built-in roles are not stored: see privileges.h).
struct RoleInfo {
  std::string name;
  std::optional<std::string> description;
  std::string owner_email;
  int64_t created_at_micros = 0;
  std::vector<Privilege> privileges;
  bool builtin = false;
};

// Users ("user/<email>") and custom roles ("role/<name>"), persisted as JSON records and
// held in memory. Cross-entity rules (a user's roles exist, a role in use is not deleted)
// are AccessControl's.
// Thread-safety: all methods are safe to call concurrently.
// Errors: NOTFOUND, ALREADYEXISTS, INVALIDINPUT, and the backend's errors.
class Users {
 public:
  static Result<std::unique_ptr<Users>> Open(Backend& backend);

  Result<UserInfo> CreateUser(UserInfo info);
  Result<UserInfo> GetUser(std::string_view email) const;
  std::vector<UserInfo> ListUsers() const;
  Result<UserInfo> UpdateUser(std::string_view email, const UserUpdate& update);
  Result<UserInfo> SetPreferences(std::string_view email, Value preferences);
  Result<UserInfo> DeleteUser(std::string_view email);
  bool AnyUserHasRole(std::string_view role) const;

  // Built-in roles first, then custom ones by name.
  Result<RoleInfo> CreateRole(RoleInfo info);
  Result<RoleInfo> GetRole(std::string_view name) const;
  std::vector<RoleInfo> ListRoles() const;
  Result<RoleInfo> UpdateRole(std::string_view name, std::optional<std::string> description,
                              std::optional<std::vector<Privilege>> privileges);
  Result<RoleInfo> DeleteRole(std::string_view name);

 private:
  explicit Users(Backend& backend) : backend_(backend) {}
  Status PutUserLocked(const UserInfo& info);
  Status PutRoleLocked(const RoleInfo& info);

  Backend& backend_;
  mutable std::shared_mutex mu_;
  std::map<std::string, UserInfo, std::less<>> users_;  // guarded by mu_
  std::map<std::string, RoleInfo, std::less<>> roles_;  // guarded by mu_; custom roles
};

// INVALIDINPUT unless `email` looks like an address (something@something, ≤ 254 chars).
Status ValidateEmail(std::string_view email);

}  // namespace basalt::catalog
