#include "catalog/aliases_views.h"

#include "catalog/names.h"
#include "catalog/record_fields.h"

namespace basalt::catalog {

using internal::OptionalString;
using internal::ReadInt;
using internal::ReadOptionalString;
using internal::ReadString;
using internal::RequiredString;
using internal::RequireObjectBody;
using internal::StringOrNull;

namespace {

// `collections` of an alias request: exactly one well-formed path.
Status ParseAliasTarget(const Value& body, std::string* workspace, std::string* collection) {
  const Value& collections = body.Get("collections");
  if (collections.is_nullish()) {
    return InvalidInput("collections is required: the one collection path the alias points at");
  }
  if (!collections.is_array()) {
    return InvalidInput("collections must be an array holding one collection path");
  }
  if (collections.array().size() != 1) {
    return InvalidInput("an alias points at exactly one collection; collections holds " +
                        std::to_string(collections.array().size()) + " paths");
  }
  const Value& path = collections.array()[0];
  if (!path.is_string()) {
    return InvalidInput("collections must hold a collection path string such as \"commons.c\"");
  }
  BASALT_ASSIGN_OR_RETURN(auto split, SplitResourcePath(path.string_value(), "alias target"));
  *workspace = std::move(split.first);
  *collection = std::move(split.second);
  return Status::Ok();
}

Value StringList(const std::vector<std::string>& items) {
  Array out;
  out.reserve(items.size());
  for (const std::string& item : items) {
    out.push_back(Value::String(item));
  }
  return Value::MakeArray(std::move(out));
}

}  // namespace

Result<std::pair<std::string, std::string>> SplitResourcePath(std::string_view path,
                                                              std::string_view what) {
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos) {
    return InvalidInput(std::string(what) + " '" + std::string(path) +
                        "' is not a path of the form <workspace>.<name>");
  }
  std::string_view workspace = path.substr(0, dot);
  std::string_view name = path.substr(dot + 1);
  Status workspace_ok = ValidateWorkspaceName(workspace);
  Status name_ok = ValidateName("collection", name);
  if (!workspace_ok.ok() || !name_ok.ok()) {
    return InvalidInput(std::string(what) + " '" + std::string(path) + "' is not a valid path: " +
                        (workspace_ok.ok() ? name_ok : workspace_ok).message());
  }
  return std::make_pair(std::string(workspace), std::string(name));
}

Value AliasInfo::ToValue() const {
  return Value::MakeObject({
      {"workspace", Value::String(workspace)},
      {"name", Value::String(name)},
      {"description", StringOrNull(description)},
      {"target_workspace", Value::String(target_workspace)},
      {"target_collection", Value::String(target_collection)},
      {"created_at_micros", Value::Int(created_at_micros)},
      {"modified_at_micros", Value::Int(modified_at_micros)},
      {"creator_email", Value::String(creator_email)},
      {"created_by_apikey_name", StringOrNull(created_by_apikey_name)},
  });
}

Result<AliasInfo> AliasInfo::FromValue(const Value& value) {
  AliasInfo info;
  BASALT_RETURN_IF_ERROR(ReadString(value, "workspace", &info.workspace));
  BASALT_RETURN_IF_ERROR(ReadString(value, "name", &info.name));
  ReadOptionalString(value, "description", &info.description);
  BASALT_RETURN_IF_ERROR(ReadString(value, "target_workspace", &info.target_workspace));
  BASALT_RETURN_IF_ERROR(ReadString(value, "target_collection", &info.target_collection));
  BASALT_RETURN_IF_ERROR(ReadInt(value, "created_at_micros", &info.created_at_micros));
  BASALT_RETURN_IF_ERROR(ReadInt(value, "modified_at_micros", &info.modified_at_micros));
  BASALT_RETURN_IF_ERROR(ReadString(value, "creator_email", &info.creator_email));
  ReadOptionalString(value, "created_by_apikey_name", &info.created_by_apikey_name);
  return info;
}

Result<AliasSpec> ParseCreateAliasRequest(const Value& body) {
  BASALT_RETURN_IF_ERROR(RequireObjectBody(body));
  AliasSpec spec;
  BASALT_RETURN_IF_ERROR(RequiredString(body, "name", "alias name", &spec.name));
  BASALT_RETURN_IF_ERROR(ValidateName("alias", spec.name));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "description", &spec.description));
  BASALT_RETURN_IF_ERROR(ParseAliasTarget(body, &spec.target_workspace, &spec.target_collection));
  return spec;
}

Result<AliasUpdate> ParseUpdateAliasRequest(const Value& body) {
  BASALT_RETURN_IF_ERROR(RequireObjectBody(body));
  AliasUpdate update;
  BASALT_RETURN_IF_ERROR(OptionalString(body, "description", &update.description));
  BASALT_RETURN_IF_ERROR(
      ParseAliasTarget(body, &update.target_workspace, &update.target_collection));
  return update;
}

Value ViewInfo::ToValue() const {
  return Value::MakeObject({
      {"workspace", Value::String(workspace)},
      {"name", Value::String(name)},
      {"description", StringOrNull(description)},
      {"query_sql", Value::String(query_sql)},
      {"entities", StringList(entities)},
      {"created_at_micros", Value::Int(created_at_micros)},
      {"modified_at_micros", Value::Int(modified_at_micros)},
      {"creator_email", Value::String(creator_email)},
      {"created_by_apikey_name", StringOrNull(created_by_apikey_name)},
  });
}

Result<ViewInfo> ViewInfo::FromValue(const Value& value) {
  ViewInfo info;
  BASALT_RETURN_IF_ERROR(ReadString(value, "workspace", &info.workspace));
  BASALT_RETURN_IF_ERROR(ReadString(value, "name", &info.name));
  ReadOptionalString(value, "description", &info.description);
  BASALT_RETURN_IF_ERROR(ReadString(value, "query_sql", &info.query_sql));
  const Value& entities = value.Get("entities");
  if (!entities.is_array()) {
    return Corruption("catalog record lacks array field entities");
  }
  for (const Value& entity : entities.array()) {
    if (!entity.is_string()) {
      return Corruption("catalog record has a non-string entity");
    }
    info.entities.emplace_back(entity.string_value());
  }
  BASALT_RETURN_IF_ERROR(ReadInt(value, "created_at_micros", &info.created_at_micros));
  BASALT_RETURN_IF_ERROR(ReadInt(value, "modified_at_micros", &info.modified_at_micros));
  BASALT_RETURN_IF_ERROR(ReadString(value, "creator_email", &info.creator_email));
  ReadOptionalString(value, "created_by_apikey_name", &info.created_by_apikey_name);
  return info;
}

Result<ViewSpec> ParseCreateViewRequest(const Value& body) {
  BASALT_RETURN_IF_ERROR(RequireObjectBody(body));
  ViewSpec spec;
  BASALT_RETURN_IF_ERROR(RequiredString(body, "name", "view name", &spec.name));
  BASALT_RETURN_IF_ERROR(ValidateName("view", spec.name));
  BASALT_RETURN_IF_ERROR(RequiredString(body, "query", "view query", &spec.query));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "description", &spec.description));
  return spec;
}

Result<ViewUpdate> ParseUpdateViewRequest(const Value& body) {
  BASALT_RETURN_IF_ERROR(RequireObjectBody(body));
  ViewUpdate update;
  BASALT_RETURN_IF_ERROR(RequiredString(body, "query", "view query", &update.query));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "description", &update.description));
  return update;
}

}  // namespace basalt::catalog
