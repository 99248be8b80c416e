#include "sqllogictest/render.h"

#include "common/json.h"

namespace basalt::slt {

std::string RenderValue(const Value& value) {
  switch (value.type()) {
    case ValueType::kUndefined:
      return "undefined";
    case ValueType::kNull:
      return "NULL";
    case ValueType::kString: {
      std::string_view text = value.string_value();
      if (text.empty()) {
        return "(empty)";
      }
      std::string out;
      for (char c : text) {
        if (c == '\t') {
          out += "\\t";
        } else if (c == '\n') {
          out += "\\n";
        } else if (c == '\\') {
          out += "\\\\";
        } else {
          out += c;
        }
      }
      return out;
    }
    case ValueType::kDate:
    case ValueType::kTime:
    case ValueType::kDatetime:
    case ValueType::kTimestamp: {
      std::string json = ToJson(value);
      if (json.size() >= 2 && json.front() == '"' && json.back() == '"') {
        return json.substr(1, json.size() - 2);
      }
      return json;
    }
    default:
      return ToJson(value);
  }
}

std::vector<std::string> RenderRow(const Value& row, const std::vector<std::string>& column_names) {
  std::vector<std::string> columns;
  if (column_names.empty()) {
    columns.push_back(ToJson(row));
    return columns;
  }
  columns.reserve(column_names.size());
  for (const std::string& name : column_names) {
    columns.push_back(RenderValue(row.Get(name)));
  }
  return columns;
}

std::vector<std::string> SplitExpected(const std::string& line, size_t column_count) {
  std::vector<std::string> columns;
  if (line.find('\t') != std::string::npos) {
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      columns.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
      if (tab == std::string::npos) {
        break;
      }
      start = tab + 1;
    }
    return columns;
  }
  if (column_count > 1) {
    std::vector<std::string> words;
    size_t pos = 0;
    while (pos < line.size()) {
      while (pos < line.size() && line[pos] == ' ') {
        ++pos;
      }
      size_t end = line.find(' ', pos);
      if (end == std::string::npos) {
        end = line.size();
      }
      if (end > pos) {
        words.push_back(line.substr(pos, end - pos));
      }
      pos = end;
    }
    if (words.size() == column_count) {
      return words;
    }
  }
  columns.push_back(line);
  return columns;
}

}  // namespace basalt::slt
