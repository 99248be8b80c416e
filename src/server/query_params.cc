#include "server/query_params.h"

#include "common/json.h"
#include "sql/functions/cast.h"

namespace basalt::server {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = char(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Result<Value> ParseOne(const std::string& name, const std::string& type, const Value& value) {
  if (type.empty()) {
    if (!value.is_string()) {
      return value;
    }
    auto parsed = ParseJson(value.string_value());
    if (parsed.ok()) {
      return std::move(parsed).value();
    }
    return value;
  }
  std::string text = value.is_string() ? std::string(value.string_value()) : ToJson(value);
  std::string sql_type;
  if (type == "int" || type == "integer" || type == "int64") {
    sql_type = "INT";
  } else if (type == "float" || type == "double") {
    sql_type = "FLOAT";
  } else if (type == "bool" || type == "boolean") {
    sql_type = "BOOL";
  } else if (type == "string") {
    return Value::String(text);
  } else if (type == "date" || type == "datetime" || type == "time" || type == "timestamp") {
    sql_type = type;
  } else if (type == "array" || type == "object") {
    // JSON text (Python clients send str(list)), or the JSON value itself.
    Result<Value> parsed = value.is_string() ? ParseJson(value.string_value()) : Result<Value>(value);
    bool fits = parsed.ok() && (type == "array" ? parsed->is_array() : parsed->is_object());
    if (!fits) {
      return InvalidInput("Parameter '" + name + "': value '" + text + "' is not a valid " + type);
    }
    return std::move(parsed).value();
  } else {
    return InvalidInput("Parameter '" + name + "' has unknown type '" + type + "'");
  }
  auto cast = sql::CastValue(Value::String(text), sql_type, false);
  if (!cast.ok()) {
    return InvalidInput("Parameter '" + name + "': value '" + text + "' is not a valid " + type);
  }
  return cast;
}

}  // namespace

Result<std::map<std::string, Value>> ParseQueryParameters(const Value& parameters) {
  std::map<std::string, Value> out;
  if (parameters.is_nullish()) {
    return out;
  }
  if (!parameters.is_array()) {
    return InvalidInput("sql.parameters must be an array");
  }
  for (const Value& p : parameters.array()) {
    if (!p.is_object()) {
      return InvalidInput("each query parameter must be an object");
    }
    const Value& name = p.Get("name");
    if (!name.is_string() || name.string_value().empty()) {
      return InvalidInput("each query parameter needs a name");
    }
    const Value& type = p.Get("type");
    if (!type.is_nullish() && !type.is_string()) {
      return InvalidInput("query parameter type must be a string");
    }
    const Value& value = p.Get("value");
    if (value.is_undefined()) {
      return InvalidInput("Parameter '" + std::string(name.string_value()) + "' has no value");
    }
    std::string type_name = type.is_string() ? Lower(type.string_value()) : "";
    BASALT_ASSIGN_OR_RETURN(Value parsed,
                            ParseOne(std::string(name.string_value()), type_name, value));
    out[std::string(name.string_value())] = std::move(parsed);
  }
  return out;
}

}  // namespace basalt::server
