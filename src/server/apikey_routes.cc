// API keys (api.md §15). The secret is shown once, in the create answer; afterwards only a
// 6-character identifier (the secret's last characters), `reveal=true` included: the server
// keeps only a hash and cannot produce the secret again.
#include <string>
#include <utility>

#include "catalog/ids.h"
#include "common/time_util.h"
#include "server/event_log.h"
#include "server/api_json.h"
#include "server/authorize.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

Value IsoOrNull(const std::optional<int64_t>& micros) {
  return micros ? Value::String(catalog::FormatIsoSeconds(*micros)) : Value::Null();
}

Value ApiKeyToApi(const catalog::ApiKeyInfo& info, const std::string& shown_key) {
  std::string state = "ACTIVE";
  if (info.suspended || info.ExpiredAt(NowMicros())) {
    state = "SUSPENDED";
  }
  return Value::MakeObject({
      {"name", Value::String(info.name)},
      {"key", Value::String(shown_key.empty() ? info.identifier : shown_key)},
      {"role", info.role.empty() ? Value::Null() : Value::String(info.role)},
      {"state", Value::String(state)},
      {"created_at", Value::String(catalog::FormatIsoSeconds(info.created_at_micros))},
      {"created_by", Value::String(info.owner_email)},
      {"created_by_apikey_name",
       info.created_by_apikey_name ? Value::String(*info.created_by_apikey_name) : Value::Null()},
      {"expiry_time", IsoOrNull(info.expiry_micros)},
      {"last_access_time", info.last_access_micros > 0
                               ? Value::String(catalog::FormatIsoSeconds(info.last_access_micros))
                               : Value::Null()},
  });
}

// expiry_time: an ISO-8601 timestamp in the future (INVALIDINPUT otherwise).
Result<std::optional<int64_t>> ReadExpiry(const Value& body) {
  const Value& field = body.Get("expiry_time");
  if (field.is_nullish()) {
    return std::optional<int64_t>();
  }
  if (!field.is_string()) {
    return InvalidInput("expiry_time must be an ISO-8601 timestamp string");
  }
  Result<int64_t> micros = ParseTimestamp(field.string_value());
  if (!micros.ok()) {
    return InvalidInput("expiry_time '" + std::string(field.string_value()) +
                        "' is not an ISO-8601 timestamp");
  }
  if (*micros <= NowMicros()) {
    return InvalidInput("expiry_time must be in the future");
  }
  return std::optional<int64_t>(*micros);
}

// The owner a path's {user} names: "self" is the caller; another user must exist.
Result<std::string> OwnerOf(ApiContext& context, const RouteRequest& request,
                            const std::string& user) {
  std::string email = user == "self" ? request.principal.email : user;
  BASALT_RETURN_IF_ERROR(context.access.users().GetUser(email).status());
  return email;
}

Result<HttpResponse> CreateApiKey(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  catalog::ApiKeyInfo info;
  const Value& name = body.Get("name");
  if (!name.is_string()) {
    return InvalidInput("name is required and must be a string");
  }
  info.name = std::string(name.string_value());
  const Value& role = body.Get("role");
  if (!role.is_nullish()) {
    if (!role.is_string()) {
      return InvalidInput("role must be a role name");
    }
    info.role = std::string(role.string_value());
  }
  BASALT_ASSIGN_OR_RETURN(info.expiry_micros, ReadExpiry(body));
  info.owner_email = request.principal.email;
  // `created_by` names the key's owner: another user's key is the admin's business.
  const Value& owner = body.Get("created_by");
  if (!owner.is_nullish()) {
    if (!owner.is_string()) {
      return InvalidInput("created_by must be a user's email");
    }
    if (!IsSelf(request.principal, owner.string_value())) {
      BASALT_RETURN_IF_ERROR(context.access.Require(request.principal, kUnlistedRouteAction, ""));
      info.owner_email = std::string(owner.string_value());
    }
  }
  if (!request.principal.apikey_name.empty()) {
    info.created_by_apikey_name = request.principal.apikey_name;
  }
  BASALT_ASSIGN_OR_RETURN(auto made, context.access.CreateKey(std::move(info)));
  RecordEvent(context, "API_KEY_CREATED", "API_KEY",
              {{"api_key_name", Value::String(made.second.name)},
               {"user_email", Value::String(made.second.owner_email)}});
  return DataResponse(ApiKeyToApi(made.second, made.first));
}

Result<HttpResponse> ListApiKeys(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(std::string owner, OwnerOf(context, request, request.params[0]));
  Array keys;
  for (const catalog::ApiKeyInfo& info : context.access.keys().ListOf(owner)) {
    keys.push_back(ApiKeyToApi(info, ""));
  }
  return DataResponse(Value::MakeArray(std::move(keys)));
}

Result<HttpResponse> GetApiKey(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(std::string owner, OwnerOf(context, request, request.params[0]));
  BASALT_ASSIGN_OR_RETURN(catalog::ApiKeyInfo info,
                          context.access.keys().Get(owner, request.params[1]));
  return DataResponse(ApiKeyToApi(info, ""));
}

Result<HttpResponse> UpdateApiKey(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(std::string owner, OwnerOf(context, request, request.params[0]));
  BASALT_RETURN_IF_ERROR(context.access.keys().Get(owner, request.params[1]).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  catalog::ApiKeyUpdate update;
  const Value& state = body.Get("state");
  if (!state.is_nullish()) {
    if (!state.is_string() ||
        (state.string_value() != "ACTIVE" && state.string_value() != "SUSPENDED")) {
      return InvalidInput("state must be ACTIVE or SUSPENDED");
    }
    update.suspended = state.string_value() == "SUSPENDED";
  }
  BASALT_ASSIGN_OR_RETURN(update.expiry_micros, ReadExpiry(body));
  const Value& clear = body.Get("clear_expiry_time");
  if (!clear.is_nullish()) {
    if (clear.type() != ValueType::kBool) {
      return InvalidInput("clear_expiry_time must be a boolean");
    }
    update.clear_expiry = clear.bool_value();
  }
  if (update.clear_expiry && update.expiry_micros) {
    return InvalidInput("give expiry_time or clear_expiry_time, not both");
  }
  BASALT_ASSIGN_OR_RETURN(catalog::ApiKeyInfo info,
                          context.access.keys().Update(owner, request.params[1], update));
  return DataResponse(ApiKeyToApi(info, ""));
}

Result<HttpResponse> DeleteApiKey(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(std::string owner, OwnerOf(context, request, request.params[0]));
  BASALT_ASSIGN_OR_RETURN(catalog::ApiKeyInfo info,
                          context.access.keys().Delete(owner, request.params[1]));
  RecordEvent(context, "API_KEY_DELETED", "API_KEY",
              {{"api_key_name", Value::String(info.name)}, {"user_email", Value::String(owner)}});
  return DataResponse(ApiKeyToApi(info, ""));
}

}  // namespace

void AddApiKeyRoutes(RouteTable& table) {
  table.Add("POST", "/v1/orgs/self/users/self/apikeys", CreateApiKey);
  table.Add("GET", "/v1/orgs/self/users/{user}/apikeys", ListApiKeys);
  table.Add("GET", "/v1/orgs/self/users/{user}/apikeys/{name}", GetApiKey);
  table.Add("POST", "/v1/orgs/self/users/{user}/apikeys/{name}", UpdateApiKey);
  table.Add("DELETE", "/v1/orgs/self/users/{user}/apikeys/{name}", DeleteApiKey);
}

}  // namespace basalt::server
