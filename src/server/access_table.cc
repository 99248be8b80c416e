#include "server/access_table.h"

namespace basalt::server {
namespace {

constexpr ListFilter kWs = ListFilter::kByWorkspaceField;

AccessRule Rule(std::string_view method, std::string_view pattern, std::string_view action,
                std::string_view resource_param, ListFilter filter = ListFilter::kNone,
                std::string_view other_user_action = {}) {
  AccessRule rule;
  rule.method = method;
  rule.pattern = pattern;
  rule.action = action;
  rule.resource_param = resource_param;
  rule.filter = filter;
  rule.other_user_action = other_user_action;
  return rule;
}

// The privilege of every route of api.md, built or not yet (routes other modules add are
// listed here too, by pattern). Keep in the order of api.md; docs/api.md "Roles and
// privileges" describes the same table.
const std::vector<AccessRule> kRules = {
    // §4 Organization.
    Rule("GET", "/v1/orgs/self", "GET_ORG_GLOBAL", ""),

    // §5 Workspaces.
    Rule("POST", "/v1/orgs/self/ws", "CREATE_WS_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/ws", "LIST_WS_GLOBAL", "", ListFilter::kByName),
    Rule("GET", "/v1/orgs/self/ws/{ws}", "LIST_RESOURCES_WS", "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}", "DELETE_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/ws", "LIST_RESOURCES_WS", "ws"),

    // §6 Collections.
    Rule("POST", "/v1/orgs/self/ws/{ws}/collections", "CREATE_COLLECTION_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/collections", "LIST_RESOURCES_WS", "ws"),
    Rule("GET", "/v1/orgs/self/collections", "LIST_RESOURCES_WS", "", kWs),
    Rule("GET", "/v1/orgs/self/ws/{ws}/collections/{c}", "LIST_RESOURCES_WS", "ws"),
    Rule("PUT", "/v1/orgs/self/ws/{ws}/collections/{c}", "UPDATE_COLLECTION_WS", "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/collections/{c}", "DELETE_COLLECTION_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/collections/{c}/offsets/commit", "QUERY_DATA_WS", "ws"),

    // §7 Documents.
    Rule("POST", "/v1/orgs/self/ws/{ws}/collections/{c}/docs", "WRITE_DATA_WS", "ws"),
    Rule("PATCH", "/v1/orgs/self/ws/{ws}/collections/{c}/docs", "WRITE_DATA_WS", "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/collections/{c}/docs", "WRITE_DATA_WS", "ws"),

    // §8 Queries: the SQL's collections are checked for QUERY_DATA_WS when bound.
    Rule("POST", "/v1/orgs/self/queries", "QUERY_DATA_WS", ""),
    Rule("POST", "/v1/orgs/self/queries/validations", "QUERY_DATA_WS", ""),
    Rule("GET", "/v1/orgs/self/queries", "QUERY_DATA_WS", ""),
    Rule("GET", "/v1/orgs/self/queries/{id}", "QUERY_DATA_WS", ""),
    Rule("GET", "/v1/orgs/self/queries/{id}/pages", "QUERY_DATA_WS", ""),
    Rule("GET", "/v1/orgs/self/queries/{id}/pages/{cursor}", "QUERY_DATA_WS", ""),
    Rule("DELETE", "/v1/orgs/self/queries/{id}", "QUERY_DATA_WS", ""),

    // §9 Query lambdas. Executing one needs only EXECUTE_QUERY_LAMBDA_WS: its SQL was checked
    // against its author's QUERY_DATA_WS when the version was made.
    Rule("POST", "/v1/orgs/self/ws/{ws}/lambdas", "CREATE_QUERY_LAMBDA_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/lambdas", "LIST_RESOURCES_WS", "ws"),
    Rule("GET", "/v1/orgs/self/lambdas", "LIST_RESOURCES_WS", "", kWs),
    Rule("GET", "/v1/orgs/self/ws/{ws}/lambdas/{ql}", "LIST_RESOURCES_WS", "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/lambdas/{ql}", "DELETE_QUERY_LAMBDA_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/versions", "CREATE_QUERY_LAMBDA_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/versions", "LIST_RESOURCES_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/versions/{v}", "LIST_RESOURCES_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/versions/{v}", "EXECUTE_QUERY_LAMBDA_WS",
         "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/version/{v}", "DELETE_QUERY_LAMBDA_WS",
         "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/versions/{v}", "DELETE_QUERY_LAMBDA_WS",
         "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/tags", "CREATE_QUERY_LAMBDA_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/tags", "LIST_RESOURCES_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/tags/{tag}", "LIST_RESOURCES_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/tags/{tag}", "EXECUTE_QUERY_LAMBDA_WS", "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/lambdas/{ql}/tags/{tag}", "DELETE_QUERY_LAMBDA_WS", "ws"),
    // §9.1 Scheduled lambdas.
    Rule("POST", "/v1/orgs/self/ws/{ws}/scheduled_lambdas", "CREATE_SCHEDULED_LAMBDA_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/scheduled_lambdas/{rrn}", "LIST_RESOURCES_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/scheduled_lambdas/{rrn}", "CREATE_SCHEDULED_LAMBDA_WS",
         "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/scheduled_lambdas/{rrn}", "DELETE_SCHEDULED_LAMBDA_WS",
         "ws"),
    Rule("GET", "/v1/orgs/self/lambdas/scheduled_lambdas", "LIST_RESOURCES_WS", "", kWs),

    // §10 Views.
    Rule("POST", "/v1/orgs/self/ws/{ws}/views", "CREATE_VIEW_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/views", "LIST_RESOURCES_WS", "ws"),
    Rule("GET", "/v1/orgs/self/views", "LIST_RESOURCES_WS", "", kWs),
    Rule("GET", "/v1/orgs/self/ws/{ws}/views/{view}", "LIST_RESOURCES_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/views/{view}", "CREATE_VIEW_WS", "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/views/{view}", "DELETE_VIEW_WS", "ws"),

    // §11 Aliases.
    Rule("POST", "/v1/orgs/self/ws/{ws}/aliases", "CREATE_ALIAS_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/aliases", "LIST_RESOURCES_WS", "ws"),
    Rule("GET", "/v1/orgs/self/aliases", "LIST_RESOURCES_WS", "", kWs),
    Rule("GET", "/v1/orgs/self/ws/{ws}/aliases/{alias}", "LIST_RESOURCES_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/aliases/{alias}", "CREATE_ALIAS_WS", "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/aliases/{alias}", "DELETE_ALIAS_WS", "ws"),

    // §12 Virtual instances (resource: the VI as the path names it) and deployment settings.
    Rule("GET", "/v1/orgs/self/virtualinstances", "LIST_VI_GLOBAL", ""),
    Rule("POST", "/v1/orgs/self/virtualinstances", "CREATE_VI_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/virtualinstances/{vi}", "LIST_VI_GLOBAL", ""),
    Rule("POST", "/v1/orgs/self/virtualinstances/{vi}", "UPDATE_VI", "vi"),
    Rule("DELETE", "/v1/orgs/self/virtualinstances/{vi}", "DELETE_VI", "vi"),
    Rule("POST", "/v1/orgs/self/virtualinstances/{vi}/suspend", "SUSPEND_RESUME_VI", "vi"),
    Rule("POST", "/v1/orgs/self/virtualinstances/{vi}/resume", "SUSPEND_RESUME_VI", "vi"),
    Rule("POST", "/v1/orgs/self/virtualinstances/{vi}/queries", "QUERY_VI", "vi"),
    Rule("GET", "/v1/orgs/self/virtualinstances/{vi}/queries", "QUERY_VI", "vi"),
    Rule("GET", "/v1/orgs/self/virtualinstances/{vi}/mounts", "LIST_VI_GLOBAL", ""),
    Rule("POST", "/v1/orgs/self/virtualinstances/{vi}/mounts", "UPDATE_VI", "vi"),
    Rule("GET", "/v1/orgs/self/virtualinstances/{vi}/mounts/{path}", "LIST_VI_GLOBAL", ""),
    Rule("DELETE", "/v1/orgs/self/virtualinstances/{vi}/mounts/{path}", "UPDATE_VI", "vi"),
    Rule("POST", "/v1/orgs/self/virtualinstances/{vi}/mounts/{path}/offsets/commit", "QUERY_VI",
         "vi"),
    Rule("GET", "/v1/orgs/self/deploymentsettings", "GET_ORG_GLOBAL", ""),
    Rule("PUT", "/v1/orgs/self/deploymentsettings", "UPDATE_DEPLOYMENT_DEFAULT_QUERY_VI", ""),

    // §13 Integrations (Rockset has no update action: updating needs the create one).
    Rule("POST", "/v1/orgs/self/integrations", "CREATE_INTEGRATION_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/integrations", "LIST_INTEGRATIONS_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/integrations/{integration}", "LIST_INTEGRATIONS_GLOBAL", ""),
    Rule("PUT", "/v1/orgs/self/integrations/{integration}", "CREATE_INTEGRATION_GLOBAL", ""),
    Rule("DELETE", "/v1/orgs/self/integrations/{integration}", "DELETE_INTEGRATION_GLOBAL", ""),

    // §14 Sources.
    Rule("GET", "/v1/orgs/self/ws/{ws}/collections/{c}/sources", "LIST_RESOURCES_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/collections/{c}/sources", "UPDATE_COLLECTION_WS", "ws"),
    Rule("GET", "/v1/orgs/self/ws/{ws}/collections/{c}/sources/{id}", "LIST_RESOURCES_WS", "ws"),
    Rule("PUT", "/v1/orgs/self/ws/{ws}/collections/{c}/sources/{id}", "UPDATE_COLLECTION_WS", "ws"),
    Rule("DELETE", "/v1/orgs/self/ws/{ws}/collections/{c}/sources/{id}", "UPDATE_COLLECTION_WS",
         "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/collections/{c}/sources/{id}/suspend",
         "UPDATE_COLLECTION_WS", "ws"),
    Rule("POST", "/v1/orgs/self/ws/{ws}/collections/{c}/sources/{id}/resume",
         "UPDATE_COLLECTION_WS", "ws"),

    // §15 Users, API keys, roles. Another user's keys are the admin's business only.
    Rule("GET", "/v1/orgs/self/users/self", "GET_CURRENT_USER_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/users/self/preferences", "GET_CURRENT_USER_GLOBAL", ""),
    Rule("POST", "/v1/orgs/self/users/self/preferences", "GET_CURRENT_USER_GLOBAL", ""),
    Rule("POST", "/v1/orgs/self/users/self/apikeys", "CREATE_API_KEY_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/users", "LIST_USERS_GLOBAL", ""),
    Rule("POST", "/v1/orgs/self/users", "INVITE_USER_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/users/{user}", "GET_CURRENT_USER_GLOBAL", "", ListFilter::kNone,
         "LIST_USERS_GLOBAL"),
    Rule("POST", "/v1/orgs/self/users/{user}", "GET_CURRENT_USER_GLOBAL", "", ListFilter::kNone,
         "INVITE_USER_GLOBAL"),
    Rule("DELETE", "/v1/orgs/self/users/{user}", "DELETE_USER_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/users/{user}/apikeys", "CREATE_API_KEY_GLOBAL", "",
         ListFilter::kNone, "ALL_GLOBAL_ACTIONS"),
    Rule("GET", "/v1/orgs/self/users/{user}/apikeys/{name}", "CREATE_API_KEY_GLOBAL", "",
         ListFilter::kNone, "ALL_GLOBAL_ACTIONS"),
    Rule("POST", "/v1/orgs/self/users/{user}/apikeys/{name}", "CREATE_API_KEY_GLOBAL", "",
         ListFilter::kNone, "ALL_GLOBAL_ACTIONS"),
    Rule("DELETE", "/v1/orgs/self/users/{user}/apikeys/{name}", "CREATE_API_KEY_GLOBAL", "",
         ListFilter::kNone, "ALL_GLOBAL_ACTIONS"),
    Rule("GET", "/v1/orgs/self/roles", "LIST_ROLES_GLOBAL", ""),
    Rule("POST", "/v1/orgs/self/roles", "CREATE_ROLE_GLOBAL", ""),
    Rule("GET", "/v1/orgs/self/roles/{role}", "LIST_ROLES_GLOBAL", ""),
    Rule("POST", "/v1/orgs/self/roles/{role}", "UPDATE_ROLE_GLOBAL", ""),
    Rule("DELETE", "/v1/orgs/self/roles/{role}", "DELETE_ROLE_GLOBAL", ""),
};

bool IsParameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool SamePattern(std::string_view pattern, const std::vector<std::string>& segments) {
  size_t seg_idx = 0;
  size_t start = 0;
  while (start <= pattern.size()) {
    size_t slash = pattern.find('/', start);
    if (slash == std::string_view::npos) {
      slash = pattern.size();
    }
    if (slash > start) {
      std::string_view segment = pattern.substr(start, slash - start);
      if (seg_idx >= segments.size()) {
        return false;
      }
      const std::string& other = segments[seg_idx++];
      if (IsParameter(segment) != IsParameter(other) ||
          (!IsParameter(segment) && segment != other)) {
        return false;
      }
    }
    start = slash + 1;
  }
  return seg_idx == segments.size();
}

}  // namespace

const AccessRule* FindAccessRule(std::string_view method,
                                 const std::vector<std::string>& segments) {
  for (const AccessRule& rule : kRules) {
    if (rule.method == method && SamePattern(rule.pattern, segments)) {
      return &rule;
    }
  }
  return nullptr;
}

const std::vector<AccessRule>& AccessRules() {
  return kRules;
}

}  // namespace basalt::server
