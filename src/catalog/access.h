#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/api_keys.h"
#include "catalog/backend.h"
#include "catalog/objects.h"
#include "catalog/privileges.h"
#include "catalog/users.h"
#include "common/result.h"

namespace basalt::catalog {

// Users, roles and API keys together (api.md §15): authenticates keys and decides what a
// principal may do. A key with a role may do what that role grants AND its owner's roles
// grant (a key never exceeds its owner); a key without a role acts with all of its owner's
// roles. Keeps the rules that span users, roles and keys: a user's and a key's roles must
// exist, a role in use cannot be deleted, deleting a user deletes its keys.
//
// Thread-safety: all methods are safe to call concurrently; changes that span stores are
// serialised by one mutex.
class AccessControl {
 public:
  static Result<std::unique_ptr<AccessControl>> Open(Backend& backend);

  // First start: the admin key (ApiKeys::Bootstrap) and its owner, the admin user
  // kAdminEmail with role `admin` (made whenever it is missing).
  Result<std::optional<std::string>> Bootstrap(const std::optional<std::string>& env_key);

  // The principal acting with `secret`, or AUTHEXCEPTION "Authentication Failure" (unknown,
  // suspended or expired key, or a key whose owner is gone).
  Result<Principal> Authenticate(std::string_view secret) const;

  // Whether `principal` may perform `action` on `resource` (privileges.h Grants; empty
  // resource: on some resource).
  bool Allows(const Principal& principal, std::string_view action, std::string_view resource) const;
  // FORBIDDEN naming what is missing unless Allows.
  Status Require(const Principal& principal, std::string_view action,
                 std::string_view resource) const;
  // FORBIDDEN unless the principal holds every one of `privileges` itself: nobody hands out,
  // through a role they create, change or grant, more than they have.
  Status RequireHoldsAll(const Principal& principal,
                         const std::vector<Privilege>& privileges) const;
  // The same for the privileges of the roles named (INVALIDINPUT for an unknown role).
  Status RequireHoldsRoles(const Principal& principal, const std::vector<std::string>& roles) const;
  // The role the principal acts with, for CURRENT_ROLE(): the key's role, else its owner's
  // roles joined with ",".
  std::string RoleName(const Principal& principal) const;

  ApiKeys& keys() { return *keys_; }
  const ApiKeys& keys() const { return *keys_; }
  Users& users() { return *users_; }
  const Users& users() const { return *users_; }

  // Changes that check other stores.
  Result<UserInfo> CreateUser(UserInfo info);
  Result<UserInfo> UpdateUser(std::string_view email, const UserUpdate& update);
  // Deletes the user and its keys; `principal` cannot delete itself.
  Result<UserInfo> DeleteUser(std::string_view email, const Principal& principal);
  // DEPENDENTRESOURCES while a user or key has the role.
  Result<RoleInfo> DeleteRole(std::string_view name);
  // A key for `owner_email` (which must be a user) with an existing role or none.
  Result<std::pair<std::string, ApiKeyInfo>> CreateKey(ApiKeyInfo info);

 private:
  AccessControl(std::unique_ptr<ApiKeys> keys, std::unique_ptr<Users> users)
      : keys_(std::move(keys)), users_(std::move(users)) {}
  Status CheckRolesExist(const std::vector<std::string>& roles) const;

  std::unique_ptr<ApiKeys> keys_;
  std::unique_ptr<Users> users_;
  std::mutex change_mu_;  // serialises the cross-store changes above
};

}  // namespace basalt::catalog
