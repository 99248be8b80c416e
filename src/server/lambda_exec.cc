#include "server/lambda_exec.h"

#include <set>
#include <utility>

#include "catalog/ids.h"
#include "common/time_util.h"
#include "server/query_params.h"
#include "server/sql_catalog_view.h"
#include "sql/parser/parser.h"
#include "sql/planner/binder.h"

namespace basalt::server {
namespace {

// Parameter type names as one spelling each (api.md §3 aliases).
std::string CanonicalType(std::string_view type) {
  std::string lower;
  for (char c : type) {
    lower.push_back(char(std::tolower(static_cast<unsigned char>(c))));
  }
  if (lower == "integer" || lower == "int64") {
    return "int";
  }
  if (lower == "double") {
    return "float";
  }
  if (lower == "boolean") {
    return "bool";
  }
  return lower;
}

std::string TypeOf(const Value& parameter) {
  const Value& type = parameter.Get("type");
  return type.is_string() ? CanonicalType(type.string_value()) : "";
}

Value StringOrNull(const std::optional<std::string>& text) {
  return text && !text->empty() ? Value::String(*text) : Value::Null();
}

Value IsoOrNull(const std::optional<int64_t>& micros) {
  return micros ? Value::String(catalog::FormatIsoSeconds(*micros)) : Value::Null();
}

// Binds `query` with `parameters` (plus null for any other it uses). With `author`, every
// workspace it reads must be one the author may query (403 FORBIDDEN).
Result<sql::BoundQuery> Bind(ApiContext& context, std::string_view query,
                             std::map<std::string, Value> parameters,
                             const catalog::Principal* author) {
  BASALT_ASSIGN_OR_RETURN(sql::Statement statement, sql::ParseStatement(query));
  sql::BindOptions options;
  options.parameters = std::move(parameters);
  for (const auto& name : ParametersOf(statement)) {
    if (options.parameters.emplace(name, Value::Null()).second) {
      options.unknown_parameters.insert(name);  // no default: its value comes with each call
    }
  }
  SqlCatalogView view(context.catalog, author != nullptr ? &context.access : nullptr,
                      author != nullptr ? *author : catalog::Principal{});
  return sql::BindStatement(statement, view, options);
}

}  // namespace

Result<catalog::QueryLambdas*> RequireLambdas(ApiContext& context) {
  if (context.lambdas == nullptr) {
    return NotImplemented("Query lambdas are not available in this server");
  }
  return context.lambdas;
}

Result<std::map<std::string, Value>> ResolveLambdaParameters(
    const catalog::LambdaVersionInfo& version, const Value& given) {
  BASALT_ASSIGN_OR_RETURN(auto parameters, ParseQueryParameters(version.default_parameters));
  if (given.is_nullish()) {
    return parameters;
  }
  if (!given.is_array()) {
    return InvalidInput("parameters must be an array");
  }
  for (const Value& parameter : given.array()) {
    if (!parameter.is_object() || !parameter.Get("name").is_string()) {
      return InvalidInput("each query parameter must be an object with a name");
    }
    std::string_view name = parameter.Get("name").string_value();
    Value typed = parameter;
    for (const Value& default_parameter : version.default_parameters.array()) {
      const Value& default_name = default_parameter.Get("name");
      if (!default_name.is_string() || default_name.string_value() != name) {
        continue;
      }
      std::string declared = TypeOf(default_parameter);
      std::string passed = TypeOf(parameter);
      if (passed.empty() && !declared.empty()) {
        typed.Set("type", Value::String(declared));
      } else if (!passed.empty() && !declared.empty() && passed != declared) {
        return InvalidInput("Parameter '" + std::string(name) + "' is declared as " + declared +
                            " in the Query Lambda but was given as " + passed);
      }
    }
    BASALT_ASSIGN_OR_RETURN(auto parsed, ParseQueryParameters(Value::MakeArray({typed})));
    for (auto& [key, value] : parsed) {
      parameters[key] = std::move(value);
    }
  }
  return parameters;
}

Result<std::vector<std::string>> CheckLambdaSql(ApiContext& context, std::string_view query,
                                                const Value& default_parameters,
                                                const catalog::Principal& author) {
  BASALT_ASSIGN_OR_RETURN(auto parameters, ParseQueryParameters(default_parameters));
  Result<sql::BoundQuery> bound = Bind(context, query, std::move(parameters), &author);
  if (!bound.ok()) {
    if (bound.status().code() == ErrorCode::kNotFound) {
      // A lambda whose collection does not exist is bad SQL (api.md §9).
      return Status(ErrorCode::kQueryError, bound.status().message());
    }
    return bound.status();
  }
  return bound->collections;
}

Value LambdaVersionToApi(ApiContext& context, const catalog::LambdaVersionInfo& version) {
  Result<std::map<std::string, Value>> defaults = ParseQueryParameters(version.default_parameters);
  // The state says whether the SQL still binds, whoever asks.
  bool valid = defaults.ok() && Bind(context, version.query, *defaults, nullptr).ok();
  Array collections;
  for (const auto& path : version.collections) {
    collections.push_back(Value::String(path));
  }
  const catalog::LambdaStats& stats = version.stats;
  return Value::MakeObject({
      {"name", Value::String(version.name)},
      {"workspace", Value::String(version.workspace)},
      {"version", Value::String(version.version)},
      {"description", StringOrNull(version.description)},
      {"sql", Value::MakeObject({{"query", Value::String(version.query)},
                                 {"default_parameters", version.default_parameters}})},
      {"state", Value::String(valid ? "ACTIVE" : "INVALID_SQL")},
      {"collections", Value::MakeArray(std::move(collections))},
      {"created_at", Value::String(catalog::FormatIsoSeconds(version.created_at_micros))},
      {"created_by", Value::String(version.created_by)},
      {"created_by_apikey_name", StringOrNull(version.created_by_apikey_name)},
      {"public_access_id", StringOrNull(version.public_access_id)},
      {"stats",
       Value::MakeObject({
           {"last_executed", IsoOrNull(stats.last_executed_micros)},
           {"last_executed_by", StringOrNull(stats.last_executed_by)},
           {"last_execution_error", IsoOrNull(stats.last_execution_error_micros)},
           {"last_execution_error_message", StringOrNull(stats.last_execution_error_message)},
       })},
  });
}

std::string LambdaPath(const catalog::LambdaVersionInfo& version) {
  return version.workspace + "." + version.name + "::" + version.version;
}

RunExtras LambdaRunExtras(ApiContext& context, const catalog::LambdaVersionInfo& version,
                          const std::string& executed_by) {
  RunExtras extras;
  extras.query_lambda_path = LambdaPath(version);
  catalog::QueryLambdas* lambdas = context.lambdas;
  extras.on_finish = [lambdas, workspace = version.workspace, name = version.name,
                      id = version.version, executed_by](const Status& outcome) {
    if (lambdas != nullptr) {
      // Stats are best effort: a failed write must not fail the query that ran.
      lambdas->RecordExecution(workspace, name, id, executed_by, NowMicros(), outcome)
          .IgnoreError();
    }
  };
  return extras;
}

}  // namespace basalt::server
