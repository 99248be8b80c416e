#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/lambdas.h"
#include "common/result.h"
#include "common/value.h"
#include "server/query_exec.h"
#include "server/router.h"

namespace basalt::server {

// What query lambdas (api.md §9) share between their routes and the scheduler (§9.1).

// The typed parameters to run `version` with: its default parameters, overridden by name by
// `given` ([QueryParameter], null/absent: none). An override without a type takes the
// default's type; one whose type differs from the default's is INVALIDINPUT; values that do
// not parse as their type are INVALIDINPUT.
Result<std::map<std::string, Value>> ResolveLambdaParameters(
    const catalog::LambdaVersionInfo& version, const Value& given);

// Checks a lambda's SQL (one statement that parses and binds, with its default parameters and
// null for the others) and its default parameters. Returns the paths of the collections it
// reads. QUERY_ERROR for SQL that does not parse or bind (a missing collection included),
// INVALIDINPUT for bad default parameters; FORBIDDEN when `author` may not query a workspace
// it reads (executions later need only EXECUTE_QUERY_LAMBDA_WS).
Result<std::vector<std::string>> CheckLambdaSql(ApiContext& context, std::string_view query,
                                                const Value& default_parameters,
                                                const catalog::Principal& author);

// The QueryLambdaVersion object, with `state` ACTIVE or INVALID_SQL (the SQL no longer
// binds, e.g. its collection was dropped).
Value LambdaVersionToApi(ApiContext& context, const catalog::LambdaVersionInfo& version);

// "<ws>.<lambda>::<version>" (QueryResponse.query_lambda_path, as Rockset writes it).
std::string LambdaPath(const catalog::LambdaVersionInfo& version);

// The run extras of a lambda execution: its path, and recording the outcome in its stats.
RunExtras LambdaRunExtras(ApiContext& context, const catalog::LambdaVersionInfo& version,
                          const std::string& executed_by);

// NOTIMPLEMENTEDYET when the server runs without lambdas (some tests).
Result<catalog::QueryLambdas*> RequireLambdas(ApiContext& context);

}  // namespace basalt::server
