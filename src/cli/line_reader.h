#pragma once

#include <optional>
#include <string>

namespace basalt::cli {

// Reads the shell's input lines. On a terminal it shows prompts and, when built with
// libedit, offers line editing and recalls history from `history_path`; otherwise it reads
// stdin line by line with no prompts and no history (scripts and pipes). One per process:
// libedit keeps global state. Not thread-safe.
class LineReader {
 public:
  // `history_path` empty disables history.
  LineReader(bool interactive, std::string history_path);

  // The next line without its line break; nullopt at end of input (Ctrl-D).
  std::optional<std::string> ReadLine(const std::string& prompt);

  // Records one statement or meta-command: in memory for recall and appended to the history
  // file (line breaks become spaces, so one entry stays one line). Best effort: a history
  // file that cannot be written is skipped silently.
  void AddHistory(const std::string& entry);

 private:
  bool interactive_;
  bool editor_ = false;  // libedit in use (an interactive, non-dumb terminal)
  std::string history_path_;
  std::string last_entry_;  // consecutive duplicates are recorded once
};

// ~/.basalt_history, or empty when HOME is not set.
std::string DefaultHistoryPath();

}  // namespace basalt::cli
