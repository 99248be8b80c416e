// Users and roles (api.md §15). No email is ever sent: a created user exists at once
// (state ACTIVE) and works through the API keys an admin makes for it.
#include <string>
#include <utility>
#include <vector>

#include "catalog/ids.h"
#include "common/json.h"
#include "server/event_log.h"
#include "server/api_json.h"
#include "server/authorize.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

Value OptionalStringValue(const std::optional<std::string>& text) {
  return text ? Value::String(*text) : Value::Null();
}

Value UserToApi(const catalog::UserInfo& info) {
  Array roles;
  for (const std::string& role : info.roles) {
    roles.push_back(Value::String(role));
  }
  return Value::MakeObject({
      {"email", Value::String(info.email)},
      {"first_name", OptionalStringValue(info.first_name)},
      {"last_name", OptionalStringValue(info.last_name)},
      {"roles", Value::MakeArray(std::move(roles))},
      {"state", Value::String("ACTIVE")},
      {"created_at", Value::String(catalog::FormatIsoSeconds(info.created_at_micros))},
  });
}

Value RoleToApi(const catalog::RoleInfo& info) {
  return Value::MakeObject({
      {"role_name", Value::String(info.name)},
      {"description", OptionalStringValue(info.description)},
      {"owner_email", info.builtin ? Value::Null() : Value::String(info.owner_email)},
      {"created_by", info.builtin ? Value::Null() : Value::String(info.owner_email)},
      {"created_at", info.builtin
                         ? Value::Null()
                         : Value::String(catalog::FormatIsoSeconds(info.created_at_micros))},
      {"privileges", catalog::PrivilegesToValue(info.privileges)},
  });
}

Status ReadOptionalString(const Value& body, std::string_view key,
                          std::optional<std::string>* out) {
  const Value& field = body.Get(key);
  if (field.is_nullish()) {
    return Status::Ok();
  }
  if (!field.is_string()) {
    return InvalidInput(std::string(key) + " must be a string");
  }
  *out = std::string(field.string_value());
  return Status::Ok();
}

Result<std::optional<std::vector<std::string>>> ReadRoles(const Value& body) {
  const Value& field = body.Get("roles");
  if (field.is_nullish()) {
    return std::optional<std::vector<std::string>>();
  }
  if (!field.is_array()) {
    return InvalidInput("roles must be an array of role names");
  }
  std::vector<std::string> roles;
  for (const Value& role : field.array()) {
    if (!role.is_string()) {
      return InvalidInput("roles must be an array of role names");
    }
    roles.emplace_back(role.string_value());
  }
  return std::optional<std::vector<std::string>>(std::move(roles));
}

// The email a path's {user} names ("self" is the caller).
std::string UserOf(const RouteRequest& request, const std::string& user) {
  return user == "self" ? request.principal.email : user;
}

Result<HttpResponse> GetCurrentUser(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::UserInfo info,
                          context.access.users().GetUser(request.principal.email));
  return RawJsonResponse(ToJson(UserToApi(info)));
}

Result<HttpResponse> ListUsers(ApiContext& context, const RouteRequest&) {
  Array users;
  for (const catalog::UserInfo& info : context.access.users().ListUsers()) {
    users.push_back(UserToApi(info));
  }
  return DataResponse(Value::MakeArray(std::move(users)));
}

Result<HttpResponse> CreateUser(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  catalog::UserInfo info;
  const Value& email = body.Get("email");
  if (!email.is_string()) {
    return InvalidInput("email is required and must be a string");
  }
  info.email = std::string(email.string_value());
  BASALT_RETURN_IF_ERROR(ReadOptionalString(body, "first_name", &info.first_name));
  BASALT_RETURN_IF_ERROR(ReadOptionalString(body, "last_name", &info.last_name));
  BASALT_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> roles, ReadRoles(body));
  if (!roles) {
    return InvalidInput("roles is required (a list of role names)");
  }
  info.roles = std::move(*roles);
  if (!info.roles.empty()) {
    BASALT_RETURN_IF_ERROR(
        context.access.Require(request.principal, "GRANT_REVOKE_ROLE_GLOBAL", ""));
    BASALT_RETURN_IF_ERROR(context.access.RequireHoldsRoles(request.principal, info.roles));
  }
  BASALT_ASSIGN_OR_RETURN(catalog::UserInfo created, context.access.CreateUser(std::move(info)));
  RecordEvent(context, "USER_CREATED", "USER", {{"user_email", Value::String(created.email)}});
  return DataResponse(UserToApi(created));
}

Result<HttpResponse> GetUser(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::UserInfo info,
                          context.access.users().GetUser(UserOf(request, request.params[0])));
  return RawJsonResponse(ToJson(UserToApi(info)));
}

Result<HttpResponse> UpdateUser(ApiContext& context, const RouteRequest& request) {
  std::string email = UserOf(request, request.params[0]);
  BASALT_RETURN_IF_ERROR(context.access.users().GetUser(email).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  catalog::UserUpdate update;
  BASALT_RETURN_IF_ERROR(ReadOptionalString(body, "first_name", &update.first_name));
  BASALT_RETURN_IF_ERROR(ReadOptionalString(body, "last_name", &update.last_name));
  BASALT_ASSIGN_OR_RETURN(update.roles, ReadRoles(body));
  if (update.roles) {
    // Changing roles is granting and revoking, even on oneself.
    BASALT_RETURN_IF_ERROR(
        context.access.Require(request.principal, "GRANT_REVOKE_ROLE_GLOBAL", ""));
    BASALT_RETURN_IF_ERROR(context.access.RequireHoldsRoles(request.principal, *update.roles));
  }
  BASALT_ASSIGN_OR_RETURN(catalog::UserInfo info, context.access.UpdateUser(email, update));
  return RawJsonResponse(ToJson(UserToApi(info)));
}

Result<HttpResponse> DeleteUser(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(
      catalog::UserInfo info,
      context.access.DeleteUser(UserOf(request, request.params[0]), request.principal));
  return DataResponse(UserToApi(info));
}

Result<HttpResponse> ListPreferences(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::UserInfo info,
                          context.access.users().GetUser(request.principal.email));
  return DataResponse(info.preferences);
}

Result<HttpResponse> UpdatePreferences(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  const Value& data = body.Get("data");
  if (!data.is_array()) {
    return InvalidInput("data must be an array of {notificationType} objects");
  }
  for (const Value& item : data.array()) {
    if (!item.is_object() || !item.Get("notificationType").is_string()) {
      return InvalidInput("data must be an array of {notificationType} objects");
    }
  }
  BASALT_ASSIGN_OR_RETURN(catalog::UserInfo info,
                          context.access.users().SetPreferences(request.principal.email, data));
  return DataResponse(info.preferences);
}

// --- Roles.

Result<HttpResponse> ListRoles(ApiContext& context, const RouteRequest&) {
  Array roles;
  for (const catalog::RoleInfo& info : context.access.users().ListRoles()) {
    roles.push_back(RoleToApi(info));
  }
  return DataResponse(Value::MakeArray(std::move(roles)));
}

Result<HttpResponse> GetRole(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::RoleInfo info,
                          context.access.users().GetRole(request.params[0]));
  return DataResponse(RoleToApi(info));
}

Result<HttpResponse> CreateRole(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  catalog::RoleInfo info;
  const Value& name = body.Get("role_name");
  if (!name.is_string()) {
    return InvalidInput("role_name is required and must be a string");
  }
  info.name = std::string(name.string_value());
  BASALT_RETURN_IF_ERROR(ReadOptionalString(body, "description", &info.description));
  BASALT_ASSIGN_OR_RETURN(info.privileges, catalog::ParsePrivileges(body.Get("privileges")));
  BASALT_RETURN_IF_ERROR(context.access.RequireHoldsAll(request.principal, info.privileges));
  info.owner_email = request.principal.email;
  BASALT_ASSIGN_OR_RETURN(catalog::RoleInfo created,
                          context.access.users().CreateRole(std::move(info)));
  return DataResponse(RoleToApi(created));
}

Result<HttpResponse> UpdateRole(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(context.access.users().GetRole(request.params[0]).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  std::optional<std::string> description;
  BASALT_RETURN_IF_ERROR(ReadOptionalString(body, "description", &description));
  std::optional<std::vector<catalog::Privilege>> privileges;
  if (!body.Get("privileges").is_nullish()) {
    BASALT_ASSIGN_OR_RETURN(privileges, catalog::ParsePrivileges(body.Get("privileges")));
    BASALT_RETURN_IF_ERROR(context.access.RequireHoldsAll(request.principal, *privileges));
  }
  BASALT_ASSIGN_OR_RETURN(catalog::RoleInfo info,
                          context.access.users().UpdateRole(
                              request.params[0], std::move(description), std::move(privileges)));
  return DataResponse(RoleToApi(info));
}

Result<HttpResponse> DeleteRole(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::RoleInfo info, context.access.DeleteRole(request.params[0]));
  return DataResponse(RoleToApi(info));
}

}  // namespace

void AddUserRoutes(RouteTable& table) {
  // The literal `self` routes come before their {user} twins.
  table.Add("GET", "/v1/orgs/self/users/self", GetCurrentUser);
  table.Add("GET", "/v1/orgs/self/users/self/preferences", ListPreferences);
  table.Add("POST", "/v1/orgs/self/users/self/preferences", UpdatePreferences);
  table.Add("GET", "/v1/orgs/self/users", ListUsers);
  table.Add("POST", "/v1/orgs/self/users", CreateUser);
  table.Add("GET", "/v1/orgs/self/users/{user}", GetUser);
  table.Add("POST", "/v1/orgs/self/users/{user}", UpdateUser);
  table.Add("DELETE", "/v1/orgs/self/users/{user}", DeleteUser);
}

void AddRoleRoutes(RouteTable& table) {
  table.Add("GET", "/v1/orgs/self/roles", ListRoles);
  table.Add("POST", "/v1/orgs/self/roles", CreateRole);
  table.Add("GET", "/v1/orgs/self/roles/{role}", GetRole);
  table.Add("POST", "/v1/orgs/self/roles/{role}", UpdateRole);
  table.Add("DELETE", "/v1/orgs/self/roles/{role}", DeleteRole);
}

}  // namespace basalt::server
