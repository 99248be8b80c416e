#include "catalog/access.h"

#include <utility>

namespace basalt::catalog {

Result<std::unique_ptr<AccessControl>> AccessControl::Open(Backend& backend) {
  BASALT_ASSIGN_OR_RETURN(std::unique_ptr<ApiKeys> keys, ApiKeys::Open(backend));
  BASALT_ASSIGN_OR_RETURN(std::unique_ptr<Users> users, Users::Open(backend));
  return std::unique_ptr<AccessControl>(new AccessControl(std::move(keys), std::move(users)));
}

Result<std::optional<std::string>> AccessControl::Bootstrap(
    const std::optional<std::string>& env_key) {
  std::lock_guard lock(change_mu_);
  if (!users_->GetUser(kAdminEmail).ok()) {
    UserInfo admin;
    admin.email = std::string(kAdminEmail);
    admin.first_name = "Admin";
    admin.roles = {std::string(kAdminRole)};
    BASALT_RETURN_IF_ERROR(users_->CreateUser(std::move(admin)).status());
  }
  return keys_->Bootstrap(env_key);
}

Result<Principal> AccessControl::Authenticate(std::string_view secret) const {
  BASALT_ASSIGN_OR_RETURN(ApiKeyInfo key, keys_->Authenticate(secret));
  if (!users_->GetUser(key.owner_email).ok()) {
    return Status(ErrorCode::kAuth, "Authentication Failure");
  }
  Principal principal;
  principal.email = key.owner_email;
  principal.apikey_name = key.name;
  principal.key_role = key.role;
  return principal;
}

bool AccessControl::Allows(const Principal& principal, std::string_view action,
                           std::string_view resource) const {
  Result<UserInfo> owner = users_->GetUser(principal.email);
  if (!owner.ok()) {
    return false;
  }
  bool owner_allows = false;
  for (const std::string& role_name : owner->roles) {
    Result<RoleInfo> role = users_->GetRole(role_name);
    if (role.ok() && Grants(role->privileges, action, resource)) {
      owner_allows = true;
      break;
    }
  }
  if (!owner_allows) {
    return false;
  }
  if (principal.key_role.empty()) {
    return true;
  }
  Result<RoleInfo> key_role = users_->GetRole(principal.key_role);
  return key_role.ok() && Grants(key_role->privileges, action, resource);
}

Status AccessControl::Require(const Principal& principal, std::string_view action,
                              std::string_view resource) const {
  if (Allows(principal, action, resource)) {
    return Status::Ok();
  }
  std::string message = "The API key '" + principal.apikey_name + "' of user '" + principal.email +
                        "' lacks the privilege " + std::string(action);
  if (!resource.empty()) {
    Result<ActionScope> scope = ScopeOfAction(action);
    if (scope.ok() && *scope != ActionScope::kGlobal) {
      message += " on '" + std::string(resource) + "'";
    }
  }
  return Status(ErrorCode::kForbidden, message);
}

Status AccessControl::RequireHoldsAll(const Principal& principal,
                                      const std::vector<Privilege>& privileges) const {
  for (const Privilege& privilege : privileges) {
    Result<ActionScope> scope = ScopeOfAction(privilege.action);
    // Both branches string_view: a "" : std::string ternary would be a temporary string.
    std::string_view resource = scope.ok() && *scope == ActionScope::kGlobal
                                    ? std::string_view()
                                    : std::string_view(privilege.resource_name);
    if (!Allows(principal, privilege.action, resource)) {
      std::string what = privilege.action;
      if (!resource.empty()) {
        what += " on '" + privilege.resource_name + "'";
      }
      return Status(ErrorCode::kForbidden, "Cannot hand out " + what + ": the API key '" +
                                               principal.apikey_name + "' of user '" +
                                               principal.email + "' does not hold it");
    }
  }
  return Status::Ok();
}

Status AccessControl::RequireHoldsRoles(const Principal& principal,
                                        const std::vector<std::string>& roles) const {
  BASALT_RETURN_IF_ERROR(CheckRolesExist(roles));
  for (const std::string& name : roles) {
    BASALT_ASSIGN_OR_RETURN(RoleInfo role, users_->GetRole(name));
    BASALT_RETURN_IF_ERROR(RequireHoldsAll(principal, role.privileges));
  }
  return Status::Ok();
}

std::string AccessControl::RoleName(const Principal& principal) const {
  if (!principal.key_role.empty()) {
    return principal.key_role;
  }
  Result<UserInfo> owner = users_->GetUser(principal.email);
  std::string out;
  if (owner.ok()) {
    for (const std::string& role : owner->roles) {
      out += (out.empty() ? "" : ",") + role;
    }
  }
  return out;
}

Status AccessControl::CheckRolesExist(const std::vector<std::string>& roles) const {
  for (const std::string& role : roles) {
    Result<RoleInfo> found = users_->GetRole(role);
    if (!found.ok()) {
      return InvalidInput("Role '" + role + "' does not exist");
    }
  }
  return Status::Ok();
}

Result<UserInfo> AccessControl::CreateUser(UserInfo info) {
  std::lock_guard lock(change_mu_);
  BASALT_RETURN_IF_ERROR(CheckRolesExist(info.roles));
  return users_->CreateUser(std::move(info));
}

Result<UserInfo> AccessControl::UpdateUser(std::string_view email, const UserUpdate& update) {
  std::lock_guard lock(change_mu_);
  if (update.roles) {
    BASALT_RETURN_IF_ERROR(CheckRolesExist(*update.roles));
  }
  return users_->UpdateUser(email, update);
}

Result<UserInfo> AccessControl::DeleteUser(std::string_view email, const Principal& principal) {
  std::lock_guard lock(change_mu_);
  if (email == principal.email) {
    return InvalidInput("A user cannot delete itself");
  }
  BASALT_RETURN_IF_ERROR(users_->GetUser(email).status());
  // Keys first: a crash in between leaves a user without keys, never keys without a user.
  BASALT_RETURN_IF_ERROR(keys_->DeleteAllOf(email));
  return users_->DeleteUser(email);
}

Result<RoleInfo> AccessControl::DeleteRole(std::string_view name) {
  std::lock_guard lock(change_mu_);
  BASALT_RETURN_IF_ERROR(users_->GetRole(name).status());
  if (!IsBuiltinRole(name) && (users_->AnyUserHasRole(name) || keys_->UsesRole(name))) {
    return Status(ErrorCode::kDependentResources,
                  "Role '" + std::string(name) +
                      "' is in use by a user or an API key; remove it from them first");
  }
  return users_->DeleteRole(name);
}

Result<std::pair<std::string, ApiKeyInfo>> AccessControl::CreateKey(ApiKeyInfo info) {
  std::lock_guard lock(change_mu_);
  BASALT_RETURN_IF_ERROR(users_->GetUser(info.owner_email).status());
  if (!info.role.empty()) {
    BASALT_RETURN_IF_ERROR(CheckRolesExist({info.role}));
  }
  return keys_->Create(std::move(info));
}

}  // namespace basalt::catalog
