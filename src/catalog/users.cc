#include "catalog/users.h"

#include <mutex>
#include <utility>

#include "catalog/names.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr std::string_view kUserPrefix = "user/";
constexpr std::string_view kRolePrefix = "role/";

Value StringOrNull(const std::optional<std::string>& text) {
  return text ? Value::String(*text) : Value::Null();
}

std::optional<std::string> OptionalString(const Value& value) {
  if (value.is_string()) {
    return std::string(value.string_value());
  }
  return std::nullopt;
}

Value UserToValue(const UserInfo& info) {
  Array roles;
  for (const std::string& role : info.roles) {
    roles.push_back(Value::String(role));
  }
  return Value::MakeObject({{"email", Value::String(info.email)},
                            {"first_name", StringOrNull(info.first_name)},
                            {"last_name", StringOrNull(info.last_name)},
                            {"roles", Value::MakeArray(std::move(roles))},
                            {"created_at_micros", Value::Int(info.created_at_micros)},
                            {"preferences", info.preferences}});
}

Result<UserInfo> UserFromValue(const Value& value) {
  UserInfo info;
  if (!value.Get("email").is_string() || !value.Get("roles").is_array() ||
      value.Get("created_at_micros").type() != ValueType::kInt) {
    return Corruption("malformed user record");
  }
  info.email = std::string(value.Get("email").string_value());
  info.first_name = OptionalString(value.Get("first_name"));
  info.last_name = OptionalString(value.Get("last_name"));
  for (const Value& role : value.Get("roles").array()) {
    if (!role.is_string()) {
      return Corruption("malformed user record");
    }
    info.roles.emplace_back(role.string_value());
  }
  info.created_at_micros = value.Get("created_at_micros").int_value();
  if (value.Get("preferences").is_array()) {
    info.preferences = value.Get("preferences");
  }
  return info;
}

Value RoleToValue(const RoleInfo& info) {
  return Value::MakeObject({{"name", Value::String(info.name)},
                            {"description", StringOrNull(info.description)},
                            {"owner_email", Value::String(info.owner_email)},
                            {"created_at_micros", Value::Int(info.created_at_micros)},
                            {"privileges", PrivilegesToValue(info.privileges)}});
}

Result<RoleInfo> RoleFromValue(const Value& value) {
  if (!value.Get("name").is_string() || !value.Get("owner_email").is_string() ||
      value.Get("created_at_micros").type() != ValueType::kInt) {
    return Corruption("malformed role record");
  }
  RoleInfo info;
  info.name = std::string(value.Get("name").string_value());
  info.description = OptionalString(value.Get("description"));
  info.owner_email = std::string(value.Get("owner_email").string_value());
  info.created_at_micros = value.Get("created_at_micros").int_value();
  Result<std::vector<Privilege>> privileges = ParsePrivileges(value.Get("privileges"));
  if (!privileges.ok()) {
    return Corruption("malformed role record: " + privileges.status().message());
  }
  info.privileges = std::move(privileges).value();
  return info;
}

RoleInfo BuiltinRole(std::string_view name) {
  RoleInfo info;
  info.name = std::string(name);
  if (name == kAdminRole) {
    info.description = "Full access to the organization.";
  } else if (name == kMemberRole) {
    info.description =
        "Reads and writes all data and resources; cannot manage users, roles or settings.";
  } else {
    info.description = "Reads and queries all data; changes nothing.";
  }
  info.owner_email = "";
  info.privileges = BuiltinRolePrivileges(name);
  info.builtin = true;
  return info;
}

Status UserNotFound(std::string_view email) {
  return NotFound("User '" + std::string(email) + "' not found");
}

Status RoleNotFound(std::string_view name) {
  return NotFound("Role '" + std::string(name) + "' not found");
}

template <typename T, typename FromValueFn>
Status LoadRecords(Backend& backend, std::string_view prefix, FromValueFn from_value,
                   std::map<std::string, T, std::less<>>* out) {
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues records, backend.ScanMeta(prefix));
  for (const auto& [key, json] : records) {
    Result<Value> parsed = ParseJson(json, JsonParseOptions{.extended_json = false});
    if (!parsed.ok()) {
      return Corruption("record '" + key + "': " + parsed.status().message());
    }
    BASALT_ASSIGN_OR_RETURN(T info, from_value(*parsed));
    (*out)[key.substr(prefix.size())] = std::move(info);
  }
  return Status::Ok();
}

}  // namespace

Status ValidateEmail(std::string_view email) {
  size_t at = email.find('@');
  if (email.empty() || email.size() > 254 || at == 0 || at == std::string_view::npos ||
      at + 1 == email.size() || email.find_first_of(" /\t\r\n") != std::string_view::npos) {
    return InvalidInput("'" + std::string(email) + "' is not a valid email address");
  }
  return Status::Ok();
}

Result<std::unique_ptr<Users>> Users::Open(Backend& backend) {
  std::unique_ptr<Users> users(new Users(backend));
  BASALT_RETURN_IF_ERROR(LoadRecords(backend, kUserPrefix, UserFromValue, &users->users_));
  BASALT_RETURN_IF_ERROR(LoadRecords(backend, kRolePrefix, RoleFromValue, &users->roles_));
  return users;
}

Status Users::PutUserLocked(const UserInfo& info) {
  return backend_.WriteMeta({{std::string(kUserPrefix) + info.email, ToJson(UserToValue(info))}},
                            {});
}

Status Users::PutRoleLocked(const RoleInfo& info) {
  return backend_.WriteMeta({{std::string(kRolePrefix) + info.name, ToJson(RoleToValue(info))}},
                            {});
}

Result<UserInfo> Users::CreateUser(UserInfo info) {
  BASALT_RETURN_IF_ERROR(ValidateEmail(info.email));
  if (info.created_at_micros == 0) {
    info.created_at_micros = NowMicros();
  }
  std::unique_lock lock(mu_);
  if (users_.find(info.email) != users_.end()) {
    return AlreadyExists("User '" + info.email + "' already exists");
  }
  BASALT_RETURN_IF_ERROR(PutUserLocked(info));
  users_[info.email] = info;
  return info;
}

Result<UserInfo> Users::GetUser(std::string_view email) const {
  std::shared_lock lock(mu_);
  auto it = users_.find(email);
  if (it == users_.end()) {
    return UserNotFound(email);
  }
  return it->second;
}

std::vector<UserInfo> Users::ListUsers() const {
  std::shared_lock lock(mu_);
  std::vector<UserInfo> out;
  for (const auto& [email, info] : users_) {
    out.push_back(info);
  }
  return out;
}

Result<UserInfo> Users::UpdateUser(std::string_view email, const UserUpdate& update) {
  std::unique_lock lock(mu_);
  auto it = users_.find(email);
  if (it == users_.end()) {
    return UserNotFound(email);
  }
  UserInfo info = it->second;
  if (update.first_name) {
    info.first_name = update.first_name;
  }
  if (update.last_name) {
    info.last_name = update.last_name;
  }
  if (update.roles) {
    info.roles = *update.roles;
  }
  BASALT_RETURN_IF_ERROR(PutUserLocked(info));
  it->second = info;
  return info;
}

Result<UserInfo> Users::SetPreferences(std::string_view email, Value preferences) {
  std::unique_lock lock(mu_);
  auto it = users_.find(email);
  if (it == users_.end()) {
    return UserNotFound(email);
  }
  UserInfo info = it->second;
  info.preferences = std::move(preferences);
  BASALT_RETURN_IF_ERROR(PutUserLocked(info));
  it->second = info;
  return info;
}

Result<UserInfo> Users::DeleteUser(std::string_view email) {
  std::unique_lock lock(mu_);
  auto it = users_.find(email);
  if (it == users_.end()) {
    return UserNotFound(email);
  }
  UserInfo info = it->second;
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {std::string(kUserPrefix) + info.email}));
  users_.erase(it);
  return info;
}

bool Users::AnyUserHasRole(std::string_view role) const {
  std::shared_lock lock(mu_);
  for (const auto& [email, info] : users_) {
    for (const std::string& name : info.roles) {
      if (name == role) {
        return true;
      }
    }
  }
  return false;
}

Result<RoleInfo> Users::CreateRole(RoleInfo info) {
  BASALT_RETURN_IF_ERROR(ValidateName("role", info.name));
  if (IsBuiltinRole(info.name)) {
    return AlreadyExists("Role '" + info.name + "' already exists (built in)");
  }
  if (info.created_at_micros == 0) {
    info.created_at_micros = NowMicros();
  }
  std::unique_lock lock(mu_);
  if (roles_.find(info.name) != roles_.end()) {
    return AlreadyExists("Role '" + info.name + "' already exists");
  }
  BASALT_RETURN_IF_ERROR(PutRoleLocked(info));
  roles_[info.name] = info;
  return info;
}

Result<RoleInfo> Users::GetRole(std::string_view name) const {
  if (IsBuiltinRole(name)) {
    return BuiltinRole(name);
  }
  std::shared_lock lock(mu_);
  auto it = roles_.find(name);
  if (it == roles_.end()) {
    return RoleNotFound(name);
  }
  return it->second;
}

std::vector<RoleInfo> Users::ListRoles() const {
  std::vector<RoleInfo> out = {BuiltinRole(kAdminRole), BuiltinRole(kMemberRole),
                               BuiltinRole(kReadOnlyRole)};
  std::shared_lock lock(mu_);
  for (const auto& [name, info] : roles_) {
    out.push_back(info);
  }
  return out;
}

Result<RoleInfo> Users::UpdateRole(std::string_view name, std::optional<std::string> description,
                                   std::optional<std::vector<Privilege>> privileges) {
  if (IsBuiltinRole(name)) {
    return InvalidInput("Built-in role '" + std::string(name) + "' cannot be changed");
  }
  std::unique_lock lock(mu_);
  auto it = roles_.find(name);
  if (it == roles_.end()) {
    return RoleNotFound(name);
  }
  RoleInfo info = it->second;
  if (description) {
    info.description = std::move(description);
  }
  if (privileges) {
    info.privileges = std::move(*privileges);
  }
  BASALT_RETURN_IF_ERROR(PutRoleLocked(info));
  it->second = info;
  return info;
}

Result<RoleInfo> Users::DeleteRole(std::string_view name) {
  if (IsBuiltinRole(name)) {
    return InvalidInput("Built-in role '" + std::string(name) + "' cannot be deleted");
  }
  std::unique_lock lock(mu_);
  auto it = roles_.find(name);
  if (it == roles_.end()) {
    return RoleNotFound(name);
  }
  RoleInfo info = it->second;
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {std::string(kRolePrefix) + info.name}));
  roles_.erase(it);
  return info;
}

}  // namespace basalt::catalog
