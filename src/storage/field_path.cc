#include "storage/field_path.h"

namespace basalt::storage {
namespace {

void AppendKey(const std::string& prefix, std::string_view key, std::string* out) {
  *out = prefix;
  if (!prefix.empty()) {
    out->push_back('.');
  }
  *out += EscapePathKey(key);
}

void ColumnsAt(const std::string& path, const Value& value, std::vector<PathValue>* out) {
  if (value.is_object() && !value.object().empty()) {
    std::string child;
    for (const Field& field : value.object()) {
      if (field.second.is_undefined()) {
        continue;
      }
      AppendKey(path, field.first, &child);
      ColumnsAt(child, field.second, out);
    }
    return;
  }
  out->push_back({path, value});
}

void IndexAt(const std::string& path, const Value& value, std::vector<PathValue>* out) {
  if (value.is_object()) {
    out->push_back({path, Value::EmptyObject()});
    std::string child;
    for (const Field& field : value.object()) {
      if (field.second.is_undefined()) {
        continue;
      }
      AppendKey(path, field.first, &child);
      IndexAt(child, field.second, out);
    }
    return;
  }
  if (value.is_array()) {
    out->push_back({path, Value::EmptyArray()});
    std::string element_path = path + "[*]";
    for (const Value& element : value.array()) {
      IndexAt(element_path, element, out);
    }
    return;
  }
  out->push_back({path, value});
}

}  // namespace

std::string EscapePathKey(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '.' || c == '[' || c == ']' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

std::string JoinPath(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& key : keys) {
    if (!out.empty()) {
      out.push_back('.');
    }
    out += EscapePathKey(key);
  }
  return out;
}

void FlattenForColumns(const Value& document, std::vector<PathValue>* out) {
  if (!document.is_object()) {
    return;
  }
  std::string path;
  for (const Field& field : document.object()) {
    if (field.second.is_undefined()) {
      continue;
    }
    AppendKey("", field.first, &path);
    ColumnsAt(path, field.second, out);
  }
}

void FlattenForIndex(const Value& document, std::vector<PathValue>* out) {
  if (!document.is_object()) {
    return;
  }
  std::string path;
  for (const Field& field : document.object()) {
    if (field.second.is_undefined()) {
      continue;
    }
    AppendKey("", field.first, &path);
    IndexAt(path, field.second, out);
  }
}

Value ValueAtPath(const Value& document, std::string_view path) {
  const Value* current = &document;
  std::string key;
  size_t pos = 0;
  while (pos <= path.size()) {
    key.clear();
    while (pos < path.size() && path[pos] != '.') {
      if (path[pos] == '\\' && pos + 1 < path.size()) {
        ++pos;
      }
      key.push_back(path[pos]);
      ++pos;
    }
    current = &current->Get(key);
    if (current->is_undefined()) {
      return Value();
    }
    ++pos;  // skip '.'
  }
  return *current;
}

}  // namespace basalt::storage
