#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/value.h"

namespace basalt::catalog {

// A resource path `<workspace>.<name>` (api.md §1), split at the last dot: the workspace may
// itself be dotted (nested workspaces, §5). INVALIDINPUT naming `what` ("alias target") when
// there is no dot or a part is not a valid name.
Result<std::pair<std::string, std::string>> SplitResourcePath(std::string_view path,
                                                              std::string_view what);

// An alias (api.md §11): a name in a workspace that points at exactly one collection,
// possibly in another workspace.
struct AliasInfo {
  std::string workspace;
  std::string name;
  std::optional<std::string> description;
  std::string target_workspace;
  std::string target_collection;
  int64_t created_at_micros = 0;
  int64_t modified_at_micros = 0;
  std::string creator_email;
  std::optional<std::string> created_by_apikey_name;

  std::string Path() const { return workspace + "." + name; }
  std::string TargetPath() const { return target_workspace + "." + target_collection; }

  // The persisted form (JSON object), and back. FromValue fails with CORRUPTION.
  Value ToValue() const;
  static Result<AliasInfo> FromValue(const Value& value);
};

// A create-alias request {name, collections: ["ws.coll"], description?}, validated: exactly
// one target path (INVALIDINPUT otherwise), the name checked.
struct AliasSpec {
  std::string name;
  std::optional<std::string> description;
  std::string target_workspace;
  std::string target_collection;
};
Result<AliasSpec> ParseCreateAliasRequest(const Value& body);

// An update-alias request {collections: ["ws.coll"], description?}; an absent description
// keeps the stored one.
struct AliasUpdate {
  std::optional<std::string> description;
  std::string target_workspace;
  std::string target_collection;
};
Result<AliasUpdate> ParseUpdateAliasRequest(const Value& body);

// A view (api.md §10): a stored SELECT, expanded when a query that names it is bound.
struct ViewInfo {
  std::string workspace;
  std::string name;
  std::optional<std::string> description;
  std::string query_sql;
  // Paths of the collections, aliases and views the SQL names directly (computed by the
  // server when the SQL is checked).
  std::vector<std::string> entities;
  int64_t created_at_micros = 0;
  int64_t modified_at_micros = 0;
  std::string creator_email;
  std::optional<std::string> created_by_apikey_name;

  std::string Path() const { return workspace + "." + name; }

  Value ToValue() const;
  static Result<ViewInfo> FromValue(const Value& value);
};

// A create-view request {name, query, description?}; the SQL is checked by the caller.
struct ViewSpec {
  std::string name;
  std::string query;
  std::optional<std::string> description;
  std::vector<std::string> entities;  // filled by the caller once the SQL is checked
};
Result<ViewSpec> ParseCreateViewRequest(const Value& body);

// An update-view request {query, description?}; an absent description keeps the stored one.
struct ViewUpdate {
  std::string query;
  std::optional<std::string> description;
  std::vector<std::string> entities;  // filled by the caller once the SQL is checked
};
Result<ViewUpdate> ParseUpdateViewRequest(const Value& body);

}  // namespace basalt::catalog
