#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace basalt::sql {

enum class TokenKind : uint8_t {
  kEnd,
  kIdentifier,        // unquoted: text as written (keywords are identifiers too)
  kQuotedIdentifier,  // "..." or `...`: text unescaped
  kInteger,           // text: digits
  kFloat,             // text: the literal
  kString,            // '...': text unescaped
  kBinaryString,      // X'...': text = decoded bytes
  kUnicodeString,     // U&'...': text with its escapes (decoded by the parser)
  kQuestion,          // ?
  kSymbol,  // text: one of ( ) [ ] { } , . ; + - * / % || = <> != < <= > >= :: : & | ^ ~ << >> =>
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in code points
  // Case-insensitive match of an unquoted identifier against an upper-case keyword.
  bool IsKeyword(std::string_view upper) const;
  bool IsSymbol(std::string_view symbol) const {
    return kind == TokenKind::kSymbol && text == symbol;
  }
};

// Splits SQL text into tokens (spec/sql.md §1). Comments and whitespace are dropped.
// Errors (unterminated string or comment, bad character) are QUERY_ERROR with position.
Result<std::vector<Token>> Tokenize(std::string_view sql);

// True for the words sql.md §1.2 lists as reserved (never plain identifiers).
bool IsReservedWord(std::string_view upper);

std::string ToUpperAscii(std::string_view text);

// Decodes the `\XXXX` / `\+XXXXXX` escapes of a U&'...' string with `escape` as the escape
// character (UESCAPE); a doubled escape stands for itself.
Result<std::string> DecodeUnicodeEscapes(std::string_view text, char escape);

}  // namespace basalt::sql
