#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/backend.h"
#include "catalog/catalog.h"
#include "catalog/objects.h"
#include "common/result.h"
#include "common/value.h"

namespace basalt::catalog {

inline constexpr std::string_view kLatestTag = "latest";

// Execution statistics of one lambda version (api.md §9 QueryLambdaStats).
struct LambdaStats {
  std::optional<int64_t> last_executed_micros;
  std::optional<std::string> last_executed_by;
  std::optional<int64_t> last_execution_error_micros;
  std::optional<std::string> last_execution_error_message;
};

// One immutable version of a query lambda (api.md §9 QueryLambdaVersion, without the
// live `state`, which the server derives by binding the SQL).
struct LambdaVersionInfo {
  std::string workspace;
  std::string name;
  std::string version;  // 16 lower-case hex characters
  std::optional<std::string> description;
  std::string query;
  Value default_parameters = Value::EmptyArray();  // [QueryParameter] as given
  std::vector<std::string> collections;            // paths read when the version was made
  int64_t created_at_micros = 0;
  std::string created_by;
  std::optional<std::string> created_by_apikey_name;
  std::optional<std::string> public_access_id;
  int64_t serial = 0;  // creation order within the lambda; the newest has the greatest
  LambdaStats stats;

  Value ToValue() const;
  static Result<LambdaVersionInfo> FromValue(const Value& value);
};

// A tag and the version it points at (api.md §9 QueryLambdaTag).
struct LambdaTagInfo {
  std::string tag_name;
  LambdaVersionInfo version;
};

// A lambda as listed (api.md §9 QueryLambda).
struct LambdaSummary {
  std::string workspace;
  std::string name;
  int64_t last_updated_micros = 0;
  std::string last_updated_by;
  int64_t version_count = 0;
  LambdaVersionInfo latest;
};

// The content of a new version, as parsed from a create/update body. The server checks the
// SQL and the parameters and fills `collections` before handing it to QueryLambdas.
struct LambdaVersionSpec {
  std::string query;
  Value default_parameters = Value::EmptyArray();
  std::optional<std::string> description;
  bool is_public = false;
  std::vector<std::string> collections;
};

// `{name, sql: {query, default_parameters?}, description?, is_public?}`: BADREQUEST when not
// an object, INVALIDINPUT for a missing/invalid name or sql, wrongly typed fields.
Result<std::pair<std::string, LambdaVersionSpec>> ParseCreateLambdaRequest(const Value& body);
// `{sql, description?, is_public?}` (a new version).
Result<LambdaVersionSpec> ParseUpdateLambdaRequest(const Value& body);

// Query lambdas (api.md §9): versions under "qlv/<ws>/<lambda>/<version>", custom tags under
// "qlt/<ws>/<lambda>/<tag>" in the catalog key space, loaded at Open and kept in memory.
// `latest` is not stored: it is always the newest version. Each lambda retains its
// workspace in the Catalog, so a workspace holding lambdas cannot be deleted.
//
// Thread-safety: all methods are safe to call concurrently; changes are serialised by one
// mutex and persisted before they become visible.
// Errors: NOTFOUND (`Query Lambda "x" (version "v") not found in workspace "w".`),
// ALREADYEXISTS, INVALIDINPUT (tag names, `latest`), the backend's errors.
class QueryLambdas {
 public:
  static Result<std::unique_ptr<QueryLambdas>> Open(Backend& backend, Catalog& catalog);

  // A new lambda with its first version.
  Result<LambdaVersionInfo> Create(std::string_view workspace, std::string_view name,
                                   const LambdaVersionSpec& spec, const Principal& principal);
  // A new version of an existing lambda; NOTFOUND unless `create_missing`, which then
  // creates the lambda.
  Result<LambdaVersionInfo> AddVersion(std::string_view workspace, std::string_view name,
                                       const LambdaVersionSpec& spec, const Principal& principal,
                                       bool create_missing);

  Result<std::vector<LambdaVersionInfo>> ListVersions(std::string_view workspace,
                                                      std::string_view name) const;  // newest first
  Result<LambdaVersionInfo> GetVersion(std::string_view workspace, std::string_view name,
                                       std::string_view version) const;
  // The version `tag` points at (`latest`: the newest).
  Result<LambdaVersionInfo> ResolveTag(std::string_view workspace, std::string_view name,
                                       std::string_view tag) const;
  // The version with this public access id (versions made with is_public).
  Result<LambdaVersionInfo> FindPublic(std::string_view public_access_id) const;

  Result<std::vector<LambdaTagInfo>> ListTags(std::string_view workspace,
                                              std::string_view name) const;  // `latest` first
  Result<LambdaTagInfo> GetTag(std::string_view workspace, std::string_view name,
                               std::string_view tag) const;
  // Creates or moves a tag. `latest` → INVALIDINPUT.
  Result<LambdaTagInfo> SetTag(std::string_view workspace, std::string_view name,
                               std::string_view tag, std::string_view version);
  Result<LambdaTagInfo> DeleteTag(std::string_view workspace, std::string_view name,
                                  std::string_view tag);

  // Removes a version and the custom tags on it; removing the only version removes the
  // lambda. Returns the version as it was.
  Result<LambdaVersionInfo> DeleteVersion(std::string_view workspace, std::string_view name,
                                          std::string_view version);
  // Removes the lambda with all its versions and tags. Returns it as it was.
  Result<LambdaSummary> DeleteLambda(std::string_view workspace, std::string_view name);

  Result<LambdaSummary> Get(std::string_view workspace, std::string_view name) const;
  // The lambdas of one workspace (NOTFOUND if it does not exist), by name.
  Result<std::vector<LambdaSummary>> List(std::string_view workspace) const;
  // Every lambda, by workspace then name.
  std::vector<LambdaSummary> ListAll() const;

  // Records an execution of a version in its stats (last_executed*, and with a failed
  // `error` also last_execution_error*). A version deleted meanwhile is ignored.
  Status RecordExecution(std::string_view workspace, std::string_view name,
                         std::string_view version, std::string_view executed_by, int64_t at_micros,
                         const Status& error);

  static std::string VersionKey(std::string_view workspace, std::string_view name,
                                std::string_view version);
  static std::string TagKey(std::string_view workspace, std::string_view name,
                            std::string_view tag);

 private:
  struct Lambda {
    std::map<std::string, LambdaVersionInfo, std::less<>> versions;  // by version id
    std::map<std::string, std::string, std::less<>> tags;            // custom tag -> version
    int64_t next_serial = 1;
  };
  using LambdaKey = std::pair<std::string, std::string>;  // workspace, name

  QueryLambdas(Backend& backend, Catalog& catalog) : backend_(backend), catalog_(catalog) {}

  Status Load();
  const Lambda* FindLocked(std::string_view workspace, std::string_view name) const;
  Result<const LambdaVersionInfo*> FindVersionLocked(std::string_view workspace,
                                                     std::string_view name,
                                                     std::string_view version) const;
  Result<const LambdaVersionInfo*> ResolveTagLocked(std::string_view workspace,
                                                    std::string_view name,
                                                    std::string_view tag) const;
  Result<LambdaVersionInfo> AddVersionLocked(std::string_view workspace, std::string_view name,
                                             const LambdaVersionSpec& spec,
                                             const Principal& principal);
  LambdaSummary SummaryLocked(std::string_view workspace, std::string_view name,
                              const Lambda& lambda) const;
  static const LambdaVersionInfo& Newest(const Lambda& lambda);

  Backend& backend_;
  Catalog& catalog_;
  mutable std::mutex mu_;
  std::map<LambdaKey, Lambda> lambdas_;  // guarded by mu_
};

}  // namespace basalt::catalog
