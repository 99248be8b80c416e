#include "cli/result_format.h"

#include <algorithm>
#include <cstdint>
#include <unordered_set>
#include <utility>

#include "common/json.h"

namespace basalt::cli {
namespace {

// Terminal columns of one code point: 0 for combining marks, 2 for East Asian wide and
// emoji blocks, else 1. A small table, not full Unicode width data.
size_t CodePointWidth(uint32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F)) {
    return 0;
  }
  bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
              (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
              (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
              (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
              (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
              (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
              (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

// Display width of UTF-8 text in terminal columns. Invalid bytes count one column each.
size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    auto lead = static_cast<unsigned char>(text[pos]);
    size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (length == 0 || pos + length > text.size()) {
      ++width;
      ++pos;
      continue;
    }
    uint32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t byte_idx = 1; byte_idx < length; ++byte_idx) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[pos + byte_idx]) & 0x3F);
    }
    width += CodePointWidth(cp);
    pos += length;
  }
  return width;
}

// Control characters would break the table's alignment: show them escaped.
std::string EscapeForTable(std::string text) {
  if (std::none_of(text.begin(), text.end(),
                   [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return text;
  }
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

void AppendPadded(std::string_view text, size_t width, bool right_align, std::string* out) {
  size_t pad = width - std::min(width, DisplayWidth(text));
  if (right_align) {
    out->append(pad, ' ');
  }
  out->append(text);
  if (!right_align) {
    out->append(pad, ' ');
  }
}

void AppendRule(const std::vector<size_t>& widths, std::string* out) {
  out->push_back('+');
  for (size_t width : widths) {
    out->append(width + 2, '-');
    out->push_back('+');
  }
  out->push_back('\n');
}

void AppendCsvField(std::string_view text, std::string* out) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') {
      out->push_back('"');
    }
    out->push_back(c);
  }
  out->push_back('"');
}

std::string Footer(const QueryResult& result, bool timing) {
  size_t count = result.rows.size();
  std::string footer = "(";
  footer += std::to_string(count);
  footer += count == 1 ? " row" : " rows";
  if (timing && result.elapsed_ms >= 0) {
    footer += ", ";
    footer += std::to_string(result.elapsed_ms);
    footer += " ms";
  }
  footer += ")\n";
  return footer;
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "table") {
    return OutputFormat::kTable;
  }
  if (name == "json") {
    return OutputFormat::kJson;
  }
  if (name == "csv") {
    return OutputFormat::kCsv;
  }
  return InvalidInput("unknown format '" + std::string(name) + "': use table, json or csv");
}

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTable:
      return "table";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kCsv:
      return "csv";
  }
  return "table";
}

Result<QueryResult> ParseQueryReply(std::string_view body) {
  auto parsed = ParseJson(body, {.extended_json = false, .max_depth = 1000});
  if (!parsed.ok()) {
    return BadRequest("the server's reply is not JSON: " + parsed.status().message());
  }
  const Value& results = parsed->Get("results");
  if (!results.is_array()) {
    return BadRequest("the server's reply has no results array");
  }
  QueryResult out;
  std::unordered_set<std::string> seen;
  const Value& fields = parsed->Get("column_fields");
  if (fields.is_array()) {
    for (const Value& field : fields.array()) {
      const Value& name = field.Get("name");
      if (name.is_string() && seen.emplace(name.string_value()).second) {
        out.columns.emplace_back(name.string_value());
      }
    }
  }
  for (const Value& row : results.array()) {
    if (row.is_object()) {
      for (const auto& [key, value] : row.object()) {
        if (seen.insert(key).second) {
          out.columns.push_back(key);
        }
      }
      out.rows.push_back(row);
    } else {
      // Not expected from the Query API; show it rather than drop it.
      out.rows.push_back(Value::MakeObject({{"?column?", row}}));
      if (seen.insert("?column?").second) {
        out.columns.emplace_back("?column?");
      }
    }
  }
  const Value& elapsed = parsed->Get("stats").Get("elapsed_time_ms");
  if (elapsed.is_number()) {
    out.elapsed_ms = static_cast<int64_t>(elapsed.AsDouble());
  }
  return out;
}

std::string FormatErrorReply(int http_status, std::string_view body) {
  auto parsed = ParseJson(body, {.extended_json = false});
  if (!parsed.ok() || !parsed->Get("message").is_string()) {
    std::string text(body.substr(0, 500));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
      text.pop_back();
    }
    return "ERROR HTTP " + std::to_string(http_status) + ": " + text;
  }
  const Value& type = parsed->Get("type");
  std::string out = "ERROR ";
  out +=
      type.is_string() ? std::string(type.string_value()) : "HTTP " + std::to_string(http_status);
  const Value& line = parsed->Get("line");
  const Value& column = parsed->Get("column");
  if (line.is_number() && line.AsDouble() > 0) {
    out += " at line " + ToJson(line);
    if (column.is_number() && column.AsDouble() > 0) {
      out += ", column " + ToJson(column);
    }
  }
  out += ": ";
  out += parsed->Get("message").string_value();
  return out;
}

std::string CellText(const Value& value, std::string_view null_text) {
  switch (value.type()) {
    case ValueType::kUndefined:
      return "";
    case ValueType::kNull:
      return std::string(null_text);
    case ValueType::kString:
      return std::string(value.string_value());
    default:
      return ToJson(value);
  }
}

std::string FormatTable(const QueryResult& result, bool timing) {
  std::string out;
  if (result.columns.empty()) {
    return Footer(result, timing);
  }
  size_t column_count = result.columns.size();
  std::vector<size_t> widths(column_count);
  for (size_t col_idx = 0; col_idx < column_count; ++col_idx) {
    widths[col_idx] = DisplayWidth(result.columns[col_idx]);
  }
  // cells[row][col], rendered once; `numeric` right-aligns numbers.
  std::vector<std::vector<std::string>> cells(result.rows.size());
  std::vector<std::vector<bool>> numeric(result.rows.size());
  for (size_t row_idx = 0; row_idx < result.rows.size(); ++row_idx) {
    const Value& row = result.rows[row_idx];
    cells[row_idx].reserve(column_count);
    numeric[row_idx].reserve(column_count);
    for (size_t col_idx = 0; col_idx < column_count; ++col_idx) {
      const Value& value = row.Get(result.columns[col_idx]);
      std::string text = EscapeForTable(CellText(value, "NULL"));
      widths[col_idx] = std::max(widths[col_idx], DisplayWidth(text));
      cells[row_idx].push_back(std::move(text));
      numeric[row_idx].push_back(value.is_number());
    }
  }
  AppendRule(widths, &out);
  out.push_back('|');
  for (size_t col_idx = 0; col_idx < column_count; ++col_idx) {
    out.push_back(' ');
    AppendPadded(EscapeForTable(result.columns[col_idx]), widths[col_idx], false, &out);
    out.append(" |");
  }
  out.push_back('\n');
  AppendRule(widths, &out);
  for (size_t row_idx = 0; row_idx < cells.size(); ++row_idx) {
    out.push_back('|');
    for (size_t col_idx = 0; col_idx < column_count; ++col_idx) {
      out.push_back(' ');
      AppendPadded(cells[row_idx][col_idx], widths[col_idx], numeric[row_idx][col_idx], &out);
      out.append(" |");
    }
    out.push_back('\n');
  }
  if (!cells.empty()) {
    AppendRule(widths, &out);
  }
  out += Footer(result, timing);
  return out;
}

std::string FormatJsonLines(const QueryResult& result) {
  std::string out;
  for (const Value& row : result.rows) {
    AppendJson(row, &out);
    out.push_back('\n');
  }
  return out;
}

std::string FormatCsv(const QueryResult& result) {
  std::string out;
  if (result.columns.empty()) {
    return out;
  }
  for (size_t col_idx = 0; col_idx < result.columns.size(); ++col_idx) {
    if (col_idx > 0) {
      out.push_back(',');
    }
    AppendCsvField(result.columns[col_idx], &out);
  }
  out.append("\r\n");
  for (const Value& row : result.rows) {
    for (size_t col_idx = 0; col_idx < result.columns.size(); ++col_idx) {
      if (col_idx > 0) {
        out.push_back(',');
      }
      AppendCsvField(CellText(row.Get(result.columns[col_idx]), ""), &out);
    }
    out.append("\r\n");
  }
  return out;
}

}  // namespace basalt::cli
