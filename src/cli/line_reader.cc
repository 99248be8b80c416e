#include "cli/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string_view>
#include <vector>

#ifdef BASALT_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

namespace basalt::cli {
namespace {

// Entries kept when loading; the file is rewritten down to this many when it grows past
// twice as many, so it never grows without bound.
constexpr size_t kHistoryKeep = 1000;

std::string OneLine(std::string_view entry) {
  std::string line(entry);
  for (char& c : line) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return line;
}

std::vector<std::string> LoadHistory(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) {
      lines.push_back(std::move(line));
    }
  }
  if (lines.size() > 2 * kHistoryKeep) {
    lines.erase(lines.begin(), lines.end() - kHistoryKeep);
    std::ofstream out(path, std::ios::trunc);
    for (const std::string& kept : lines) {
      out << kept << '\n';
    }
  } else if (lines.size() > kHistoryKeep) {
    lines.erase(lines.begin(), lines.end() - kHistoryKeep);
  }
  return lines;
}

// Appends with O_APPEND, created 0600: statements may hold secrets.
void AppendLine(const std::string& path, const std::string& line) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return;
  }
  std::string text = line + "\n";
  ssize_t written = ::write(fd, text.data(), text.size());
  (void)written;  // best effort, like the rest of history
  ::close(fd);
}

}  // namespace

std::string DefaultHistoryPath() {
  const char* home = std::getenv("HOME");  // NOLINT(concurrency-mt-unsafe): single-threaded CLI
  if (home == nullptr || *home == '\0') {
    return "";
  }
  return std::string(home) + "/.basalt_history";
}

LineReader::LineReader(bool interactive, std::string history_path)
    : interactive_(interactive), history_path_(interactive ? std::move(history_path) : "") {
  // A dumb terminal gets plain prompts: no line editor switching terminal modes (which can
  // discard type-ahead).
  const char* term = std::getenv("TERM");  // NOLINT(concurrency-mt-unsafe): single-threaded CLI
  editor_ = interactive_ && term != nullptr && *term != '\0' && std::string_view(term) != "dumb";
#ifdef BASALT_HAVE_LIBEDIT
  if (editor_) {
    rl_readline_name = const_cast<char*>("basalt");
    using_history();
    stifle_history(static_cast<int>(kHistoryKeep));
  }
#endif
  if (history_path_.empty()) {
    return;
  }
  for (const std::string& line : LoadHistory(history_path_)) {
#ifdef BASALT_HAVE_LIBEDIT
    if (editor_) {
      add_history(line.c_str());
    }
#endif
    last_entry_ = line;
  }
}

std::optional<std::string> LineReader::ReadLine(const std::string& prompt) {
  std::string line;
#ifdef BASALT_HAVE_LIBEDIT
  if (editor_) {
    char* raw = readline(prompt.c_str());
    if (raw == nullptr) {
      return std::nullopt;
    }
    line = raw;
    std::free(raw);  // NOLINT(cppcoreguidelines-no-malloc): readline allocates with malloc
    return line;
  }
#endif
  if (interactive_) {
    std::fputs(prompt.c_str(), stdout);
    std::fflush(stdout);
  }
  if (!std::getline(std::cin, line)) {
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return line;
}

void LineReader::AddHistory(const std::string& entry) {
  if (!interactive_) {
    return;
  }
  std::string line = OneLine(entry);
  if (line.empty() || line == last_entry_) {
    return;
  }
  last_entry_ = line;
#ifdef BASALT_HAVE_LIBEDIT
  if (editor_) {
    add_history(line.c_str());
  }
#endif
  if (!history_path_.empty()) {
    AppendLine(history_path_, line);
  }
}

}  // namespace basalt::cli
