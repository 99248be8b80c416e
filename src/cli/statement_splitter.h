#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace basalt::cli {

// Cuts SQL text, fed one line at a time, into statements ending at `;`. A `;` inside a string
// literal ('it''s'), a quoted identifier ("a;b", `a;b`) or a comment (-- ..., /* ... */) does
// not end a statement. Statements come back without their `;` and without leading
// whitespace; statements holding only whitespace and comments are dropped. Not thread-safe.
class StatementSplitter {
 public:
  // Adds one line (without its line break); returns the statements it completed, in order.
  std::vector<std::string> AddLine(std::string_view line);

  // Ends the input: returns the unterminated rest if it holds more than whitespace and
  // comments, and resets the splitter.
  std::optional<std::string> Finish();

  // True while a statement has begun but not ended (the shell then shows its continuation
  // prompt). Whitespace and comments alone do not begin a statement.
  bool Pending() const { return has_content_ || mode_ != Mode::kNormal; }

  // True inside a string literal, quoted identifier or block comment left open by a line.
  bool InQuoteOrComment() const { return mode_ != Mode::kNormal; }

 private:
  enum class Mode { kNormal, kSingleQuote, kDoubleQuote, kBacktick, kBlockComment };

  std::string buffer_;  // text of the current statement, lines joined by '\n'
  Mode mode_ = Mode::kNormal;
  bool has_content_ = false;  // the buffer holds something besides whitespace and comments
};

// Splits a whole text (for `basalt sql -c`): every statement, including an unterminated last one.
std::vector<std::string> SplitStatements(std::string_view text);

}  // namespace basalt::cli
