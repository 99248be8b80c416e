#include "server/authorize.h"

#include <string>
#include <utility>

#include "common/json.h"

namespace basalt::server {
namespace {

// The position of `{name}` among the parameters of `pattern`, or -1.
int ParameterIndex(std::string_view pattern, std::string_view name) {
  int index = 0;
  size_t start = 0;
  while (start < pattern.size()) {
    size_t open = pattern.find('{', start);
    if (open == std::string_view::npos) {
      return -1;
    }
    size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      return -1;
    }
    if (pattern.substr(open + 1, close - open - 1) == name) {
      return index;
    }
    ++index;
    start = close + 1;
  }
  return -1;
}

std::string_view Param(const AccessRule& rule, const RouteRequest& request, std::string_view name) {
  int index = ParameterIndex(rule.pattern, name);
  if (index < 0 || size_t(index) >= request.params.size()) {
    return {};
  }
  return request.params[size_t(index)];
}

}  // namespace

bool IsSelf(const catalog::Principal& principal, std::string_view user) {
  return user == "self" || user == principal.email;
}

Status Authorize(const catalog::AccessControl& access, const AccessRule* rule,
                 const RouteRequest& request) {
  if (rule == nullptr) {
    return access.Require(request.principal, kUnlistedRouteAction, "");
  }
  std::string_view action = rule->action;
  if (!rule->other_user_action.empty() &&
      !IsSelf(request.principal, Param(*rule, request, "user"))) {
    action = rule->other_user_action;
  }
  std::string_view resource;
  if (!rule->resource_param.empty()) {
    resource = Param(*rule, request, rule->resource_param);
    if (resource.empty()) {
      // A listed parameter that does not exist in the pattern: refuse rather than widen.
      return access.Require(request.principal, kUnlistedRouteAction, "");
    }
  }
  return access.Require(request.principal, action, resource);
}

Status FilterListResponse(const catalog::AccessControl& access, const AccessRule* rule,
                          const catalog::Principal& principal, HttpResponse* response) {
  if (rule == nullptr || rule->filter == ListFilter::kNone || response->status != 200) {
    return Status::Ok();
  }
  BASALT_ASSIGN_OR_RETURN(Value body,
                          ParseJson(response->body, JsonParseOptions{.extended_json = false}));
  if (!body.Get("data").is_array()) {
    return Status::Ok();
  }
  std::string_view field = rule->filter == ListFilter::kByName ? "name" : "workspace";
  Array kept;
  for (const Value& item : body.Get("data").array()) {
    const Value& workspace = item.Get(field);
    if (workspace.is_string() &&
        access.Allows(principal, "LIST_RESOURCES_WS", workspace.string_value())) {
      kept.push_back(item);
    }
  }
  body.Set("data", Value::MakeArray(std::move(kept)));
  response->body = ToJson(body);
  return Status::Ok();
}

}  // namespace basalt::server
