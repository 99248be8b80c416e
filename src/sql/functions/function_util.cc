#include "sql/functions/function_util.h"

#include "common/json.h"
#include "common/time_util.h"

namespace basalt::sql {

Result<std::string_view> StringArg(std::string_view fn, const Args& args, size_t index) {
  if (!args[index].is_string()) {
    return ArgumentTypeError(fn, int(index + 1), args[index], "a string");
  }
  return args[index].string_value();
}

Result<std::string_view> BytesArg(std::string_view fn, const Args& args, size_t index) {
  const Value& v = args[index];
  if (v.type() != ValueType::kBytes && !v.is_string()) {
    return ArgumentTypeError(fn, int(index + 1), v, "bytes or a string");
  }
  return v.string_value();
}

Result<int64_t> IntArg(std::string_view fn, const Args& args, size_t index) {
  if (args[index].type() != ValueType::kInt) {
    return ArgumentTypeError(fn, int(index + 1), args[index], "an int");
  }
  return args[index].int_value();
}

Result<double> NumberArg(std::string_view fn, const Args& args, size_t index) {
  if (!args[index].is_number()) {
    return ArgumentTypeError(fn, int(index + 1), args[index], "a number");
  }
  return args[index].AsDouble();
}

Result<bool> BoolArg(std::string_view fn, const Args& args, size_t index) {
  if (args[index].type() != ValueType::kBool) {
    return ArgumentTypeError(fn, int(index + 1), args[index], "a bool");
  }
  return args[index].bool_value();
}

Result<const Array*> ArrayArg(std::string_view fn, const Args& args, size_t index) {
  if (!args[index].is_array()) {
    return ArgumentTypeError(fn, int(index + 1), args[index], "an array");
  }
  return &args[index].array();
}

Result<const Object*> ObjectArg(std::string_view fn, const Args& args, size_t index) {
  if (!args[index].is_object()) {
    return ArgumentTypeError(fn, int(index + 1), args[index], "an object");
  }
  return &args[index].object();
}

std::vector<uint32_t> DecodeUtf8(std::string_view text) {
  std::vector<uint32_t> out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || pos + len > text.size()) {
      out.push_back(c);
      ++pos;
      continue;
    }
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = true;
    for (int idx = 1; idx < len; ++idx) {
      auto cc = static_cast<unsigned char>(text[pos + idx]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok) {
      out.push_back(c);
      ++pos;
      continue;
    }
    out.push_back(cp);
    pos += len;
  }
  return out;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(char(cp));
  } else if (cp < 0x800) {
    out->push_back(char(0xC0 | (cp >> 6)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(char(0xE0 | (cp >> 12)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(char(0xF0 | (cp >> 18)));
    out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(char(0x80 | (cp & 0x3F)));
  }
}

std::string EncodeUtf8(const std::vector<uint32_t>& code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (uint32_t cp : code_points) {
    AppendUtf8(cp, &out);
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      ++pos;
      continue;
    }
    int len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || pos + len > text.size()) {
      return false;
    }
    uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int idx = 1; idx < len; ++idx) {
      auto cc = static_cast<unsigned char>(text[pos + idx]);
      if ((cc & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    pos += len;
  }
  return true;
}

size_t Utf8Offset(std::string_view text, size_t cp_index) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if ((static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80) {
      if (count == cp_index) {
        return pos;
      }
      ++count;
    }
  }
  return text.size();
}

namespace {

// Ranges where upper and lower case alternate (upper at even or odd code points).
struct AlternatingRange {
  uint32_t first;
  uint32_t last;
  bool upper_even;
};
constexpr AlternatingRange kAlternating[] = {
    {0x0100, 0x012F, true},  {0x0132, 0x0137, true},  {0x0139, 0x0148, false},
    {0x014A, 0x0177, true},  {0x0179, 0x017E, false}, {0x01A0, 0x01A5, true},
    {0x01DE, 0x01EF, true},  {0x01F8, 0x021F, true},  {0x0222, 0x0233, true},
    {0x03D8, 0x03EF, true},  {0x0460, 0x0481, true},  {0x048A, 0x04BF, true},
    {0x04C1, 0x04CE, false}, {0x04D0, 0x052F, true},  {0x1E00, 0x1E95, true},
    {0x1EA0, 0x1EFF, true},
};

// Offset ranges: [first, last] upper case maps to lower = cp + delta.
struct OffsetRange {
  uint32_t first;
  uint32_t last;
  uint32_t delta;
};
constexpr OffsetRange kOffsets[] = {
    {'A', 'Z', 0x20},       {0x00C0, 0x00D6, 0x20},   {0x00D8, 0x00DE, 0x20},
    {0x0391, 0x03A1, 0x20}, {0x03A3, 0x03AB, 0x20},   {0x0388, 0x038A, 0x25},
    {0x038E, 0x038F, 0x3F}, {0x0410, 0x042F, 0x20},   {0x0400, 0x040F, 0x50},
    {0x0531, 0x0556, 0x30}, {0x10A0, 0x10C5, 0x1C60}, {0x2160, 0x216F, 0x10},
    {0x24B6, 0x24CF, 0x1A}, {0xFF21, 0xFF3A, 0x20},
};

}  // namespace

uint32_t ToLowerCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'A' && cp <= 'Z') ? cp + 0x20 : cp;
  }
  for (const auto& range : kOffsets) {
    if (range.delta != 0 && cp >= range.first && cp <= range.last) {
      return cp + range.delta;
    }
  }
  for (const auto& range : kAlternating) {
    if (cp >= range.first && cp <= range.last) {
      bool is_upper = ((cp & 1) == 0) == range.upper_even;
      return is_upper ? cp + 1 : cp;
    }
  }
  switch (cp) {
    case 0x0130:
      return 'i';
    case 0x0178:
      return 0x00FF;
    case 0x0386:
      return 0x03AC;
    case 0x038C:
      return 0x03CC;
    case 0x1E9E:
      return 0x00DF;
    default:
      return cp;
  }
}

uint32_t ToUpperCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') ? cp - 0x20 : cp;
  }
  for (const auto& range : kOffsets) {
    if (range.delta != 0 && cp >= range.first + range.delta && cp <= range.last + range.delta) {
      return cp - range.delta;
    }
  }
  for (const auto& range : kAlternating) {
    if (cp >= range.first && cp <= range.last) {
      bool is_upper = ((cp & 1) == 0) == range.upper_even;
      return is_upper ? cp : cp - 1;
    }
  }
  switch (cp) {
    case 0x0131:
      return 'I';
    case 0x00FF:
      return 0x0178;
    case 0x00B5:
      return 0x039C;
    case 0x017F:
      return 'S';
    case 0x03C2:
      return 0x03A3;
    case 0x03AC:
      return 0x0386;
    case 0x03CC:
      return 0x038C;
    default:
      return cp;
  }
}

std::string AsciiUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = char(c - 'a' + 'A');
    }
  }
  return out;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = char(c - 'A' + 'a');
    }
  }
  return out;
}

std::string ValueToText(const Value& v) {
  switch (v.type()) {
    case ValueType::kString:
      return std::string(v.string_value());
    case ValueType::kBool:
      return v.bool_value() ? "true" : "false";
    case ValueType::kInt:
      return std::to_string(v.int_value());
    case ValueType::kFloat:
      return FormatFloat(v.float_value());
    case ValueType::kBytes:
      return std::string(v.string_value());
    case ValueType::kDate:
      return FormatDate(v.int_value());
    case ValueType::kTime:
      return FormatTime(v.int_value());
    case ValueType::kDatetime:
      return FormatDatetime(v.int_value());
    case ValueType::kTimestamp:
      return FormatTimestamp(v.int_value());
    case ValueType::kNull:
      return "null";
    case ValueType::kUndefined:
      return "undefined";
    default:
      return ToJson(v);
  }
}

}  // namespace basalt::sql
