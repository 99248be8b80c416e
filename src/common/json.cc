#include "common/json.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstring>

#include "common/time_util.h"
#include "common/u256.h"

namespace basalt {
namespace {

Status ConvertElement(simdjson::dom::element element, const JsonParseOptions& options, int depth,
                      Value* out) {
  if (depth > options.max_depth) {
    return InvalidInput("document nesting deeper than " + std::to_string(options.max_depth) +
                        " levels");
  }
  switch (element.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      *out = Value::Null();
      return Status::Ok();
    case simdjson::dom::element_type::BOOL:
      *out = Value::Bool(element.get_bool().value_unsafe());
      return Status::Ok();
    case simdjson::dom::element_type::INT64:
      *out = Value::Int(element.get_int64().value_unsafe());
      return Status::Ok();
    case simdjson::dom::element_type::UINT64:
      *out = Value::Float(static_cast<double>(element.get_uint64().value_unsafe()));
      return Status::Ok();
    case simdjson::dom::element_type::DOUBLE:
      *out = Value::Float(element.get_double().value_unsafe());
      return Status::Ok();
    case simdjson::dom::element_type::STRING:
      *out = Value::String(element.get_string().value_unsafe());
      return Status::Ok();
    case simdjson::dom::element_type::ARRAY: {
      simdjson::dom::array arr = element.get_array().value_unsafe();
      Array elements;
      elements.reserve(arr.size());
      for (simdjson::dom::element child : arr) {
        Value v;
        BASALT_RETURN_IF_ERROR(ConvertElement(child, options, depth + 1, &v));
        elements.push_back(std::move(v));
      }
      *out = Value::MakeArray(std::move(elements));
      return Status::Ok();
    }
    case simdjson::dom::element_type::OBJECT: {
      simdjson::dom::object obj = element.get_object().value_unsafe();
      Object fields;
      fields.reserve(obj.size());
      bool typed = false;
      for (simdjson::dom::key_value_pair field : obj) {
        Value v;
        BASALT_RETURN_IF_ERROR(ConvertElement(field.value, options, depth + 1, &v));
        if (field.key == "__rockset_type") {
          typed = true;
        }
        // Duplicate keys: the last one wins, as in most JSON readers.
        bool replaced = false;
        for (Field& existing : fields) {
          if (existing.first == field.key) {
            existing.second = std::move(v);
            replaced = true;
            break;
          }
        }
        if (!replaced) {
          fields.emplace_back(std::string(field.key), std::move(v));
        }
      }
      *out = Value::MakeObject(std::move(fields));
      if (typed && options.extended_json) {
        BASALT_ASSIGN_OR_RETURN(*out, DecodeExtendedJson(*out));
      }
      return Status::Ok();
    }
  }
  return BadRequest("unsupported JSON element");
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = char(c - 'A' + 'a');
    }
  }
  return out;
}

Result<int64_t> ParseInt64(std::string_view text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
    return InvalidInput("'" + std::string(text) + "' is not an integer");
  }
  return v;
}

constexpr char kBase64Chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

Result<Value> ParseJson(std::string_view text, const JsonParseOptions& options) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(text.data(), text.size());
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error) {
    return BadRequest(std::string("malformed JSON: ") + simdjson::error_message(error));
  }
  Value out;
  BASALT_RETURN_IF_ERROR(ConvertElement(root, options, 0, &out));
  return out;
}

Result<Value> DecodeExtendedJson(const Value& object) {
  const Value& type_value = object.Get("__rockset_type");
  if (!type_value.is_string()) {
    return InvalidInput("__rockset_type must be a string");
  }
  std::string type = LowerAscii(type_value.string_value());
  const Value& value = object.Get("value");
  if (value.is_nullish()) {
    return InvalidInput("typed value of type " + type + " has no value");
  }
  // Plain JSON values are accepted for the types JSON can express.
  std::string text;
  if (value.is_string()) {
    text = std::string(value.string_value());
  } else if (value.is_number() || value.type() == ValueType::kBool) {
    text = ToJson(value);
  } else if (type != "geography") {
    return InvalidInput("typed value of type " + type + " must be a string");
  }
  if (type == "int" || type == "integer" || type == "int64") {
    BASALT_ASSIGN_OR_RETURN(int64_t v, ParseInt64(text));
    return Value::Int(v);
  }
  if (type == "float" || type == "double") {
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) {
      return InvalidInput("'" + text + "' is not a float");
    }
    return Value::Float(d);
  }
  if (type == "bool" || type == "boolean") {
    std::string lower = LowerAscii(text);
    if (lower == "true") {
      return Value::Bool(true);
    }
    if (lower == "false") {
      return Value::Bool(false);
    }
    return InvalidInput("'" + text + "' is not a bool");
  }
  if (type == "string") {
    return Value::String(text);
  }
  if (type == "bytes") {
    BASALT_ASSIGN_OR_RETURN(std::string raw, Base64Decode(text));
    return Value::Bytes(raw);
  }
  if (type == "date") {
    BASALT_ASSIGN_OR_RETURN(int64_t days, ParseDate(text));
    return Value::Date(days);
  }
  if (type == "time") {
    BASALT_ASSIGN_OR_RETURN(int64_t micros, ParseTime(text));
    return Value::Time(micros);
  }
  if (type == "datetime") {
    BASALT_ASSIGN_OR_RETURN(int64_t micros, ParseDatetime(text));
    return Value::Datetime(micros);
  }
  if (type == "timestamp") {
    // A bare integer is microseconds since the epoch; otherwise ISO-8601.
    auto as_int = ParseInt64(text);
    if (as_int.ok()) {
      return Value::Timestamp(*as_int);
    }
    BASALT_ASSIGN_OR_RETURN(int64_t micros, ParseTimestamp(text));
    return Value::Timestamp(micros);
  }
  if (type == "month_interval") {
    BASALT_ASSIGN_OR_RETURN(int64_t v, ParseInt64(text));
    return Value::MonthInterval(v);
  }
  if (type == "microsecond_interval") {
    BASALT_ASSIGN_OR_RETURN(int64_t v, ParseInt64(text));
    return Value::MicrosecondInterval(v);
  }
  if (type == "geography") {
    if (value.is_object()) {
      return Value::Geography(ToJson(value));
    }
    return Value::Geography(text);
  }
  if (type == "u256") {
    BASALT_ASSIGN_OR_RETURN(U256 v, U256::Parse(text));
    return Value::U256Bytes(v.ToBigEndian());
  }
  if (type == "null") {
    return Value::Null();
  }
  return Status(ErrorCode::kNotImplemented,
                "typed values of type '" + type + "' are not supported yet");
}

std::string FormatFloat(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "Infinity" : "-Infinity";
  }
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  std::string out(buf, ptr);
  // A float always shows a decimal point: 2.0, 1.0e+20.
  size_t exponent = out.find_first_of("eE");
  if (out.find('.') == std::string::npos) {
    out.insert(exponent == std::string::npos ? out.size() : exponent, ".0");
  }
  return out;
}

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out->append(buf);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

void AppendJson(const Value& value, std::string* out) {
  auto typed = [&](std::string_view type, std::string_view rendered_value) {
    out->append("{\"__rockset_type\":");
    AppendJsonString(type, out);
    out->append(",\"value\":");
    out->append(rendered_value);
    out->push_back('}');
  };
  switch (value.type()) {
    case ValueType::kUndefined:
    case ValueType::kNull:
      out->append("null");
      return;
    case ValueType::kBool:
      out->append(value.bool_value() ? "true" : "false");
      return;
    case ValueType::kInt: {
      char buf[24];
      auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value.int_value());
      out->append(buf, ptr);
      return;
    }
    case ValueType::kFloat: {
      double d = value.float_value();
      if (std::isnan(d) || std::isinf(d)) {
        AppendJsonString(FormatFloat(d), out);
      } else {
        out->append(FormatFloat(d));
      }
      return;
    }
    case ValueType::kString:
      AppendJsonString(value.string_value(), out);
      return;
    case ValueType::kBytes: {
      std::string encoded;
      AppendJsonString(Base64Encode(value.string_value()), &encoded);
      typed("bytes", encoded);
      return;
    }
    case ValueType::kDate:
      AppendJsonString(FormatDate(value.int_value()), out);
      return;
    case ValueType::kTime:
      AppendJsonString(FormatTime(value.int_value()), out);
      return;
    case ValueType::kDatetime:
      AppendJsonString(FormatDatetime(value.int_value()), out);
      return;
    case ValueType::kTimestamp:
      AppendJsonString(FormatTimestamp(value.int_value()), out);
      return;
    case ValueType::kMonthInterval:
      typed("month_interval", std::to_string(value.int_value()));
      return;
    case ValueType::kMicrosecondInterval:
      typed("microsecond_interval", std::to_string(value.int_value()));
      return;
    case ValueType::kGeography:
      typed("GEOGRAPHY", value.string_value());
      return;
    case ValueType::kU256: {
      std::string decimal;
      AppendJsonString(U256::FromBigEndian(value.string_value()).ToDecimal(), &decimal);
      typed("u256", decimal);
      return;
    }
    case ValueType::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Value& element : value.array()) {
        if (!first) {
          out->push_back(',');
        }
        first = false;
        AppendJson(element, out);
      }
      out->push_back(']');
      return;
    }
    case ValueType::kObject: {
      out->push_back('{');
      bool first = true;
      for (const Field& field : value.object()) {
        if (field.second.is_undefined()) {
          continue;
        }
        if (!first) {
          out->push_back(',');
        }
        first = false;
        AppendJsonString(field.first, out);
        out->push_back(':');
        AppendJson(field.second, out);
      }
      out->push_back('}');
      return;
    }
  }
}

std::string ToJson(const Value& value) {
  std::string out;
  AppendJson(value, &out);
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t pos = 0;
  while (pos + 3 <= bytes.size()) {
    uint32_t n =
        (uint8_t(bytes[pos]) << 16) | (uint8_t(bytes[pos + 1]) << 8) | uint8_t(bytes[pos + 2]);
    out.push_back(kBase64Chars[(n >> 18) & 63]);
    out.push_back(kBase64Chars[(n >> 12) & 63]);
    out.push_back(kBase64Chars[(n >> 6) & 63]);
    out.push_back(kBase64Chars[n & 63]);
    pos += 3;
  }
  size_t rest = bytes.size() - pos;
  if (rest > 0) {
    uint32_t n = uint8_t(bytes[pos]) << 16;
    if (rest == 2) {
      n |= uint8_t(bytes[pos + 1]) << 8;
    }
    out.push_back(kBase64Chars[(n >> 18) & 63]);
    out.push_back(kBase64Chars[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Chars[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  auto decode_char = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+' || c == '-') {
      return 62;
    }
    if (c == '/' || c == '_') {
      return 63;
    }
    return -1;
  };
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=' || c == '\n' || c == '\r') {
      continue;
    }
    int v = decode_char(c);
    if (v < 0) {
      return InvalidInput("invalid base64 text");
    }
    buffer = (buffer << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(char((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace basalt
