// The documents `basalt import` sends (import_reader.h).
#include <simdjson.h>

#include "cli/import_reader.h"
#include "common/json.h"

namespace basalt::cli {

Status PrepareDocument(std::string_view json, std::string_view fallback_id, std::string* out) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(json.data(), json.size());
  simdjson::dom::element root;
  if (auto error = parser.parse(padded).get(root); error) {
    return InvalidInput(std::string("malformed JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    return InvalidInput("a document must be a JSON object");
  }
  simdjson::dom::element id;
  bool has_id = !object.at_key("_id").get(id);
  out->clear();
  if (has_id && !id.is_null()) {
    out->append(json);
    return Status::Ok();
  }
  if (has_id) {
    // `_id: null`: the server would make a random one; put ours in its place.
    Result<Value> value =
        ParseJson(json, JsonParseOptions{.extended_json = false, .max_depth = 1000});
    if (!value.ok()) {
      return InvalidInput(value.status().message());
    }
    value->Set("_id", Value::String(std::string(fallback_id)));
    out->append(ToJson(*value));
    return Status::Ok();
  }
  size_t brace = json.find('{');  // the object's opening brace (json is trimmed)
  out->append(json.substr(0, brace + 1));
  out->append("\"_id\":");
  AppendJsonString(fallback_id, out);
  if (object.size() > 0) {
    out->push_back(',');
  }
  out->append(json.substr(brace + 1));
  return Status::Ok();
}

}  // namespace basalt::cli
