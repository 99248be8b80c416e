#include "cli/statement_splitter.h"

#include <cctype>
#include <utility>

namespace basalt::cli {
namespace {

std::string TrimLeft(std::string text) {
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) {
    ++start;
  }
  text.erase(0, start);
  return text;
}

std::string TrimRight(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.pop_back();
  }
  return text;
}

}  // namespace

std::vector<std::string> StatementSplitter::AddLine(std::string_view line) {
  std::vector<std::string> done;
  if (!buffer_.empty()) {
    buffer_.push_back('\n');
  }
  for (size_t pos = 0; pos < line.size(); ++pos) {
    char c = line[pos];
    char next = pos + 1 < line.size() ? line[pos + 1] : '\0';
    switch (mode_) {
      case Mode::kSingleQuote:
      case Mode::kDoubleQuote:
      case Mode::kBacktick: {
        // A doubled quote leaves and re-enters the literal, so toggling handles escapes.
        char quote = mode_ == Mode::kSingleQuote ? '\'' : mode_ == Mode::kDoubleQuote ? '"' : '`';
        if (c == quote) {
          mode_ = Mode::kNormal;
        }
        buffer_.push_back(c);
        continue;
      }
      case Mode::kBlockComment:
        buffer_.push_back(c);
        if (c == '*' && next == '/') {
          buffer_.push_back(next);
          ++pos;
          mode_ = Mode::kNormal;
        }
        continue;
      case Mode::kNormal:
        break;
    }
    if (c == '-' && next == '-') {
      buffer_.append(line.substr(pos));  // a line comment runs to the end of the line
      break;
    }
    if (c == '/' && next == '*') {
      buffer_.append("/*");
      ++pos;
      mode_ = Mode::kBlockComment;
      continue;
    }
    if (c == ';') {
      if (has_content_) {
        done.push_back(TrimRight(TrimLeft(std::move(buffer_))));
      }
      buffer_.clear();
      has_content_ = false;
      continue;
    }
    if (c == '\'') {
      mode_ = Mode::kSingleQuote;
    } else if (c == '"') {
      mode_ = Mode::kDoubleQuote;
    } else if (c == '`') {
      mode_ = Mode::kBacktick;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) {
      has_content_ = true;
    }
    buffer_.push_back(c);
  }
  if (!has_content_ && mode_ == Mode::kNormal) {
    buffer_.clear();  // only whitespace and comments so far: nothing to carry over
  }
  return done;
}

std::optional<std::string> StatementSplitter::Finish() {
  std::optional<std::string> rest;
  if (has_content_) {
    rest = TrimRight(TrimLeft(std::move(buffer_)));
  }
  buffer_.clear();
  mode_ = Mode::kNormal;
  has_content_ = false;
  return rest;
}

std::vector<std::string> SplitStatements(std::string_view text) {
  StatementSplitter splitter;
  std::vector<std::string> statements;
  while (true) {
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    for (std::string& statement : splitter.AddLine(line)) {
      statements.push_back(std::move(statement));
    }
    if (newline == std::string_view::npos) {
      break;
    }
    text.remove_prefix(newline + 1);
  }
  if (auto rest = splitter.Finish()) {
    statements.push_back(std::move(*rest));
  }
  return statements;
}

}  // namespace basalt::cli
