#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"

namespace basalt::catalog {

// Privileges and roles (api.md §15). A privilege grants one action, on one resource for
// scoped actions (a workspace, an integration or a virtual instance, named by
// `resource_name`; "*ALL*" means every one, present and future). A role is a named list of
// privileges; `admin`, `member` and `read-only` are built in and immutable.

inline constexpr std::string_view kAllResources = "*ALL*";

// What an action's `resource_name` names.
enum class ActionScope { kGlobal, kWorkspace, kIntegration, kVirtualInstance };

struct Privilege {
  std::string action;
  std::string resource_name = std::string(kAllResources);
  std::string cluster = std::string(kAllResources);
};

// The scope of a known action; NOTFOUND for an unknown one.
Result<ActionScope> ScopeOfAction(std::string_view action);

// Whether `privileges` grant `action` on `resource`. The ALL_*_ACTIONS privilege of the
// action's scope grants every action of that scope. For scoped actions the privilege's
// resource must be "*ALL*", `resource` itself, or (workspaces) a parent of a nested
// `resource` ("a" grants "a.b"). An empty `resource` asks "on some resource": any privilege
// of the action grants it (list routes filter their answers per resource).
bool Grants(const std::vector<Privilege>& privileges, std::string_view action,
            std::string_view resource);

// The built-in roles.
inline constexpr std::string_view kAdminRole = "admin";
inline constexpr std::string_view kMemberRole = "member";
inline constexpr std::string_view kReadOnlyRole = "read-only";
bool IsBuiltinRole(std::string_view name);
// The privileges of a built-in role. REQUIRES: IsBuiltinRole(name).
const std::vector<Privilege>& BuiltinRolePrivileges(std::string_view name);

// Parses a request's `privileges` list: INVALIDINPUT for unknown actions, a resource name on
// a global action, or wrongly typed fields. Absent → empty list.
Result<std::vector<Privilege>> ParsePrivileges(const Value& list);
Value PrivilegeToValue(const Privilege& privilege);
Value PrivilegesToValue(const std::vector<Privilege>& privileges);

}  // namespace basalt::catalog
