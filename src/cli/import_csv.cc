// CSV rows and the type inference of `basalt import` (import_reader.h).
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "cli/import_reader.h"
#include "common/json.h"

namespace basalt::cli {
namespace {

bool EqualsIgnoreCase(std::string_view text, std::string_view word) {
  if (text.size() != word.size()) {
    return false;
  }
  for (size_t idx = 0; idx < text.size(); ++idx) {
    if (std::tolower(static_cast<unsigned char>(text[idx])) != word[idx]) {
      return false;
    }
  }
  return true;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// -?(0|[1-9][0-9]*): leading zeros (zip codes, ids) stay strings.
bool LooksLikeInteger(std::string_view text) {
  size_t idx = text.starts_with('-') ? 1 : 0;
  if (idx == text.size()) {
    return false;
  }
  if (text[idx] == '0' && idx + 1 != text.size()) {
    return false;
  }
  for (; idx < text.size(); ++idx) {
    if (!IsDigit(text[idx])) {
      return false;
    }
  }
  return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? with a fraction or an exponent.
bool LooksLikeFloat(std::string_view text) {
  size_t idx = text.starts_with('-') ? 1 : 0;
  size_t int_start = idx;
  while (idx < text.size() && IsDigit(text[idx])) {
    ++idx;
  }
  size_t int_digits = idx - int_start;
  if (int_digits == 0 || (int_digits > 1 && text[int_start] == '0')) {
    return false;
  }
  bool fraction_or_exponent = false;
  if (idx < text.size() && text[idx] == '.') {
    size_t frac_start = ++idx;
    while (idx < text.size() && IsDigit(text[idx])) {
      ++idx;
    }
    if (idx == frac_start) {
      return false;
    }
    fraction_or_exponent = true;
  }
  if (idx < text.size() && (text[idx] == 'e' || text[idx] == 'E')) {
    ++idx;
    if (idx < text.size() && (text[idx] == '+' || text[idx] == '-')) {
      ++idx;
    }
    size_t exp_start = idx;
    while (idx < text.size() && IsDigit(text[idx])) {
      ++idx;
    }
    if (idx == exp_start) {
      return false;
    }
    fraction_or_exponent = true;
  }
  return fraction_or_exponent && idx == text.size();
}

}  // namespace

Result<bool> ReadCsvRow(ByteSource& source, char delimiter, std::vector<CsvField>* fields) {
  fields->clear();
  int c = source.Peek();
  if (c < 0) {
    return false;
  }
  fields->emplace_back();
  bool bad_quote = false;
  while (true) {
    CsvField& field = fields->back();
    c = source.Get();
    if (c < 0 || c == '\n') {
      break;
    }
    if (c == '\r' && source.Peek() == '\n') {
      continue;  // CRLF: the '\n' ends the row
    }
    if (c == delimiter) {
      fields->emplace_back();
      continue;
    }
    if (c == '"' && field.text.empty() && !field.quoted) {
      field.quoted = true;
      while (true) {
        int q = source.Get();
        if (q < 0) {
          bad_quote = true;
          break;
        }
        if (q == '"') {
          if (source.Peek() == '"') {
            source.Get();
            field.text.push_back('"');
            continue;
          }
          break;
        }
        field.text.push_back(static_cast<char>(q));
      }
      // After the closing quote only the delimiter or the row's end may follow.
      int next = source.Peek();
      if (next >= 0 && next != delimiter && next != '\n' && next != '\r') {
        bad_quote = true;
      }
      continue;
    }
    if (field.quoted || c == '"') {
      bad_quote = true;
    }
    field.text.push_back(static_cast<char>(c));
  }
  if (bad_quote) {
    return InvalidInput("malformed quotes in a CSV row");
  }
  return true;
}

void AppendCsvValue(const CsvField& field, bool infer_types, std::string* out) {
  const std::string& text = field.text;
  if (!infer_types || field.quoted) {
    AppendJsonString(text, out);
    return;
  }
  if (text.empty()) {
    out->append("null");
    return;
  }
  if (EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "false")) {
    out->append(text[0] == 't' || text[0] == 'T' ? "true" : "false");
    return;
  }
  if (LooksLikeInteger(text)) {
    int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc() && end == text.data() + text.size()) {
      out->append(text);
      return;
    }
  }
  if (LooksLikeInteger(text) || LooksLikeFloat(text)) {
    // Too big for int64 (then a float) or a decimal: JSON numbers as written when finite.
    errno = 0;
    double number = std::strtod(text.c_str(), nullptr);
    if (std::isfinite(number)) {
      out->append(FormatFloat(number));
      return;
    }
  }
  AppendJsonString(text, out);
}

}  // namespace basalt::cli
