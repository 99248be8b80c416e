#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace basalt::server {

// How a list answer is trimmed to what the caller may see (the route's own privilege is
// checked "on some workspace"; each listed item is then checked on its own workspace).
enum class ListFilter {
  kNone,
  kByWorkspaceField,  // data[i].workspace names the item's workspace
  kByName,            // data[i].name is a workspace (GET /ws)
};

// The privilege one route requires (api.md §15). The ONE table of these (access_table.cc)
// is what the router enforces for every request; a route without an entry requires
// ALL_GLOBAL_ACTIONS (admin), so a new route is closed until it is listed.
struct AccessRule {
  std::string_view method;
  // The route pattern; parameter names do not matter ({ws} matches {workspace}).
  std::string_view pattern;
  std::string_view action;
  // The pattern parameter naming the resource a scoped action applies to ("ws", "vi"...);
  // empty: the action on some resource (queries, whose SQL is checked per workspace, and
  // cross-workspace lists, which are filtered).
  std::string_view resource_param;
  ListFilter filter = ListFilter::kNone;
  // For /users/{user}/… routes: the action required when {user} is not the caller
  // (`action` applies to `self` and the caller's own email). Empty: no such distinction.
  std::string_view other_user_action;
};

// The rule for a route pattern, or nullptr.
const AccessRule* FindAccessRule(std::string_view method, const std::vector<std::string>& segments);

// Every rule, for tests and docs.
const std::vector<AccessRule>& AccessRules();

// The action required of routes that have no rule.
inline constexpr std::string_view kUnlistedRouteAction = "ALL_GLOBAL_ACTIONS";

}  // namespace basalt::server
