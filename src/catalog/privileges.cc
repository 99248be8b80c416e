#include "catalog/privileges.h"

#include <array>
#include <utility>

namespace basalt::catalog {
namespace {

struct ActionEntry {
  std::string_view name;
  ActionScope scope;
};

// Every action of api.md §15.
constexpr std::array kActions = {
    ActionEntry{"ALL_GLOBAL_ACTIONS", ActionScope::kGlobal},
    ActionEntry{"UPDATE_DEPLOYMENT_DEFAULT_QUERY_VI", ActionScope::kGlobal},
    ActionEntry{"GET_ORG_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"GET_CURRENT_USER_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"INVITE_USER_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"DELETE_USER_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"LIST_USERS_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"GET_BILLING_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"UPDATE_BILLING_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"UPDATE_SETTINGS_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"GET_METRICS_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"CREATE_VI_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"UPDATE_VI_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"LIST_VI_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"CREATE_WS_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"LIST_WS_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"CREATE_INTEGRATION_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"DELETE_INTEGRATION_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"LIST_INTEGRATIONS_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"EXPORT_DATA_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"UPDATE_RESOURCE_OWNER_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"CREATE_API_KEY_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"CREATE_ROLE_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"UPDATE_ROLE_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"DELETE_ROLE_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"LIST_ROLES_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"GRANT_REVOKE_ROLE_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"CREATE_QUERY_LOGS_COLLECTION_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"CREATE_INGEST_LOGS_COLLECTION_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"CREATE_NETWORK_CONFIGURATION_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"DELETE_NETWORK_CONFIGURATION_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"LIST_NETWORK_CONFIGURATIONS_GLOBAL", ActionScope::kGlobal},
    ActionEntry{"ALL_INTEGRATION_ACTIONS", ActionScope::kIntegration},
    ActionEntry{"CREATE_COLLECTION_INTEGRATION", ActionScope::kIntegration},
    ActionEntry{"ALL_WORKSPACE_ACTIONS", ActionScope::kWorkspace},
    ActionEntry{"DELETE_WS", ActionScope::kWorkspace},
    ActionEntry{"QUERY_DATA_WS", ActionScope::kWorkspace},
    ActionEntry{"WRITE_DATA_WS", ActionScope::kWorkspace},
    ActionEntry{"CREATE_COLLECTION_WS", ActionScope::kWorkspace},
    ActionEntry{"DELETE_COLLECTION_WS", ActionScope::kWorkspace},
    ActionEntry{"UPDATE_COLLECTION_WS", ActionScope::kWorkspace},
    ActionEntry{"CREATE_ALIAS_WS", ActionScope::kWorkspace},
    ActionEntry{"DELETE_ALIAS_WS", ActionScope::kWorkspace},
    ActionEntry{"CREATE_SNAPSHOT_WS", ActionScope::kWorkspace},
    ActionEntry{"LIST_RESOURCES_WS", ActionScope::kWorkspace},
    ActionEntry{"CREATE_QUERY_LAMBDA_WS", ActionScope::kWorkspace},
    ActionEntry{"DELETE_QUERY_LAMBDA_WS", ActionScope::kWorkspace},
    ActionEntry{"EXECUTE_QUERY_LAMBDA_WS", ActionScope::kWorkspace},
    ActionEntry{"CREATE_SCHEDULED_LAMBDA_WS", ActionScope::kWorkspace},
    ActionEntry{"DELETE_SCHEDULED_LAMBDA_WS", ActionScope::kWorkspace},
    ActionEntry{"CREATE_VIEW_WS", ActionScope::kWorkspace},
    ActionEntry{"DELETE_VIEW_WS", ActionScope::kWorkspace},
    ActionEntry{"CREATE_SIMILARITY_INDEX_WS", ActionScope::kWorkspace},
    ActionEntry{"DELETE_SIMILARITY_INDEX_WS", ActionScope::kWorkspace},
    ActionEntry{"ALL_VI_ACTIONS", ActionScope::kVirtualInstance},
    ActionEntry{"QUERY_VI", ActionScope::kVirtualInstance},
    ActionEntry{"UPDATE_VI", ActionScope::kVirtualInstance},
    ActionEntry{"SUSPEND_RESUME_VI", ActionScope::kVirtualInstance},
    ActionEntry{"DELETE_VI", ActionScope::kVirtualInstance},
};

std::string_view AllActionsOf(ActionScope scope) {
  switch (scope) {
    case ActionScope::kGlobal:
      return "ALL_GLOBAL_ACTIONS";
    case ActionScope::kWorkspace:
      return "ALL_WORKSPACE_ACTIONS";
    case ActionScope::kIntegration:
      return "ALL_INTEGRATION_ACTIONS";
    case ActionScope::kVirtualInstance:
      return "ALL_VI_ACTIONS";
  }
  return "";
}

bool ResourceCovers(std::string_view granted, std::string_view resource, ActionScope scope) {
  if (scope == ActionScope::kGlobal || resource.empty() || granted == kAllResources ||
      granted == resource) {
    return true;
  }
  // Nested workspaces: a privilege on "a" covers "a.b".
  return scope == ActionScope::kWorkspace && resource.size() > granted.size() &&
         resource.starts_with(granted) && resource[granted.size()] == '.';
}

Privilege Global(std::string_view action) {
  return Privilege{.action = std::string(action)};
}

std::vector<Privilege> AdminPrivileges() {
  return {Global("ALL_GLOBAL_ACTIONS"), Global("ALL_WORKSPACE_ACTIONS"),
          Global("ALL_INTEGRATION_ACTIONS"), Global("ALL_VI_ACTIONS")};
}

// Everything on data, workspaces, integrations and queries; nothing on users, roles,
// billing, settings or virtual-instance management.
std::vector<Privilege> MemberPrivileges() {
  std::vector<Privilege> out;
  for (std::string_view action :
       {"GET_ORG_GLOBAL", "GET_CURRENT_USER_GLOBAL", "LIST_USERS_GLOBAL", "GET_METRICS_GLOBAL",
        "LIST_VI_GLOBAL", "CREATE_WS_GLOBAL", "LIST_WS_GLOBAL", "CREATE_INTEGRATION_GLOBAL",
        "DELETE_INTEGRATION_GLOBAL", "LIST_INTEGRATIONS_GLOBAL", "EXPORT_DATA_GLOBAL",
        "CREATE_API_KEY_GLOBAL", "LIST_ROLES_GLOBAL", "ALL_WORKSPACE_ACTIONS",
        "ALL_INTEGRATION_ACTIONS", "QUERY_VI"}) {
    out.push_back(Global(action));
  }
  return out;
}

// Reading and querying everything; no change to any resource (own API keys excepted).
std::vector<Privilege> ReadOnlyPrivileges() {
  std::vector<Privilege> out;
  for (std::string_view action :
       {"GET_ORG_GLOBAL", "GET_CURRENT_USER_GLOBAL", "LIST_WS_GLOBAL", "LIST_INTEGRATIONS_GLOBAL",
        "LIST_VI_GLOBAL", "LIST_ROLES_GLOBAL", "CREATE_API_KEY_GLOBAL", "QUERY_DATA_WS",
        "LIST_RESOURCES_WS", "EXECUTE_QUERY_LAMBDA_WS", "QUERY_VI"}) {
    out.push_back(Global(action));
  }
  return out;
}

}  // namespace

Result<ActionScope> ScopeOfAction(std::string_view action) {
  for (const ActionEntry& entry : kActions) {
    if (entry.name == action) {
      return entry.scope;
    }
  }
  return NotFound("unknown privilege action '" + std::string(action) + "'");
}

bool Grants(const std::vector<Privilege>& privileges, std::string_view action,
            std::string_view resource) {
  Result<ActionScope> scope = ScopeOfAction(action);
  if (!scope.ok()) {
    return false;
  }
  std::string_view all = AllActionsOf(*scope);
  for (const Privilege& privilege : privileges) {
    if (privilege.action != action && privilege.action != all) {
      continue;
    }
    if (ResourceCovers(privilege.resource_name, resource, *scope)) {
      return true;
    }
  }
  return false;
}

bool IsBuiltinRole(std::string_view name) {
  return name == kAdminRole || name == kMemberRole || name == kReadOnlyRole;
}

const std::vector<Privilege>& BuiltinRolePrivileges(std::string_view name) {
  static const std::vector<Privilege> admin = AdminPrivileges();
  static const std::vector<Privilege> member = MemberPrivileges();
  static const std::vector<Privilege> read_only = ReadOnlyPrivileges();
  if (name == kMemberRole) {
    return member;
  }
  if (name == kReadOnlyRole) {
    return read_only;
  }
  return admin;
}

Result<std::vector<Privilege>> ParsePrivileges(const Value& list) {
  std::vector<Privilege> out;
  if (list.is_nullish()) {
    return out;
  }
  if (!list.is_array()) {
    return InvalidInput("privileges must be an array");
  }
  for (const Value& item : list.array()) {
    if (!item.is_object()) {
      return InvalidInput("each privilege must be an object {action, resource_name?, cluster?}");
    }
    const Value& action = item.Get("action");
    if (!action.is_string()) {
      return InvalidInput("privilege action is required and must be a string");
    }
    Privilege privilege{.action = std::string(action.string_value())};
    Result<ActionScope> scope = ScopeOfAction(privilege.action);
    if (!scope.ok()) {
      return InvalidInput("unknown privilege action '" + privilege.action + "'");
    }
    for (auto [key, field] : {std::pair{"resource_name", &privilege.resource_name},
                              std::pair{"cluster", &privilege.cluster}}) {
      const Value& value = item.Get(key);
      if (value.is_nullish()) {
        continue;
      }
      if (!value.is_string() || value.string_value().empty()) {
        return InvalidInput(std::string("privilege ") + key + " must be a non-empty string");
      }
      *field = std::string(value.string_value());
    }
    if (*scope == ActionScope::kGlobal && privilege.resource_name != kAllResources) {
      return InvalidInput("global action " + privilege.action + " takes no resource_name");
    }
    out.push_back(std::move(privilege));
  }
  return out;
}

Value PrivilegeToValue(const Privilege& privilege) {
  return Value::MakeObject({{"action", Value::String(privilege.action)},
                            {"resource_name", Value::String(privilege.resource_name)},
                            {"cluster", Value::String(privilege.cluster)}});
}

Value PrivilegesToValue(const std::vector<Privilege>& privileges) {
  Array out;
  for (const Privilege& privilege : privileges) {
    out.push_back(PrivilegeToValue(privilege));
  }
  return Value::MakeArray(std::move(out));
}

}  // namespace basalt::catalog
