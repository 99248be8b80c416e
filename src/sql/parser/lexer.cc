#include "sql/parser/lexer.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace basalt::sql {
namespace {

bool IsIdentStart(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}
bool IsIdentChar(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '@' || c == '$' || c >= 0x80;
}

Status LexError(std::string message, int line, int column) {
  return Status(ErrorCode::kQueryError, std::move(message), line, column)
      .WithErrorId("syntax_error");
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

constexpr std::string_view kReserved[] = {"ALTER",
                                          "AND",
                                          "AS",
                                          "BETWEEN",
                                          "BY",
                                          "CASE",
                                          "CAST",
                                          "CONSTRAINT",
                                          "CREATE",
                                          "CROSS",
                                          "CUBE",
                                          "CURRENT_DATE",
                                          "CURRENT_DATETIME",
                                          "CURRENT_TIME",
                                          "CURRENT_TIMESTAMP",
                                          "DEALLOCATE",
                                          "DELETE",
                                          "DESCRIBE",
                                          "DISTINCT",
                                          "DROP",
                                          "ELSE",
                                          "END",
                                          "ESCAPE",
                                          "EXCEPT",
                                          "EXECUTE",
                                          "EXISTS",
                                          "EXTRACT",
                                          "FALSE",
                                          "FOR",
                                          "FROM",
                                          "FULL",
                                          "GROUP",
                                          "GROUPING",
                                          "HAVING",
                                          "HINT",
                                          "IN",
                                          "INNER",
                                          "INSERT",
                                          "INTERSECT",
                                          "INTO",
                                          "IS",
                                          "JOIN",
                                          "LEFT",
                                          "LIKE",
                                          "LOCALTIME",
                                          "LOCALTIMESTAMP",
                                          "NATURAL",
                                          "NORMALIZE",
                                          "NOT",
                                          "NULL",
                                          "NULL_VALUE",
                                          "ON",
                                          "OR",
                                          "ORDER",
                                          "OUTER",
                                          "PREPARE",
                                          "RECURSIVE",
                                          "RIGHT",
                                          "ROLLUP",
                                          "SELECT",
                                          "STATIC_CAST",
                                          "TABLE",
                                          "THEN",
                                          "TRUE",
                                          "TRY_STATIC_CAST",
                                          "UESCAPE",
                                          "UNDEFINED",
                                          "UNION",
                                          "UNNEST",
                                          "USING",
                                          "WHEN",
                                          "WHERE",
                                          "WITH"};

}  // namespace

Result<std::string> DecodeUnicodeEscapes(std::string_view text, char escape) {
  std::string decoded;
  for (size_t idx = 0; idx < text.size(); ++idx) {
    if (text[idx] != escape) {
      decoded.push_back(text[idx]);
      continue;
    }
    if (idx + 1 < text.size() && text[idx + 1] == escape) {
      decoded.push_back(escape);
      ++idx;
      continue;
    }
    size_t digits = 4;
    size_t at = idx + 1;
    if (at < text.size() && text[at] == '+') {
      digits = 6;
      ++at;
    }
    if (at + digits > text.size()) {
      return InvalidInput("bad unicode escape");
    }
    uint32_t cp = 0;
    for (size_t d = 0; d < digits; ++d) {
      int h = HexValue(text[at + d]);
      if (h < 0) {
        return InvalidInput("bad unicode escape");
      }
      cp = cp * 16 + uint32_t(h);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return InvalidInput("bad unicode escape");
    }
    if (cp < 0x80) {
      decoded.push_back(char(cp));
    } else if (cp < 0x800) {
      decoded.push_back(char(0xC0 | (cp >> 6)));
      decoded.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      decoded.push_back(char(0xE0 | (cp >> 12)));
      decoded.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      decoded.push_back(char(0x80 | (cp & 0x3F)));
    } else {
      decoded.push_back(char(0xF0 | (cp >> 18)));
      decoded.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
      decoded.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
      decoded.push_back(char(0x80 | (cp & 0x3F)));
    }
    idx = at + digits - 1;
  }
  return decoded;
}

std::string ToUpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = char(c - 'a' + 'A');
    }
  }
  return out;
}

bool IsReservedWord(std::string_view upper) {
  return std::find(std::begin(kReserved), std::end(kReserved), upper) != std::end(kReserved);
}

bool Token::IsKeyword(std::string_view upper) const {
  if (kind != TokenKind::kIdentifier || text.size() != upper.size()) {
    return false;
  }
  for (size_t idx = 0; idx < text.size(); ++idx) {
    char c = text[idx];
    if (c >= 'a' && c <= 'z') {
      c = char(c - 'a' + 'A');
    }
    if (c != upper[idx]) {
      return false;
    }
  }
  return true;
}

Result<std::vector<Token>> Tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  size_t pos = 0;
  int line = 1;
  size_t line_start = 0;
  auto column_of = [&](size_t at) {
    // Columns count code points, not bytes.
    int col = 1;
    for (size_t idx = line_start; idx < at; ++idx) {
      if ((static_cast<unsigned char>(sql[idx]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    return col;
  };
  auto advance_newlines = [&](size_t from, size_t to) {
    for (size_t idx = from; idx < to; ++idx) {
      if (sql[idx] == '\n') {
        ++line;
        line_start = idx + 1;
      }
    }
  };
  while (pos < sql.size()) {
    unsigned char c = static_cast<unsigned char>(sql[pos]);
    if (std::isspace(c)) {
      advance_newlines(pos, pos + 1);
      ++pos;
      continue;
    }
    if (c == '-' && pos + 1 < sql.size() && sql[pos + 1] == '-') {
      while (pos < sql.size() && sql[pos] != '\n') {
        ++pos;
      }
      continue;
    }
    if (c == '/' && pos + 1 < sql.size() && sql[pos + 1] == '*') {
      size_t end = sql.find("*/", pos + 2);
      if (end == std::string_view::npos) {
        return LexError("unterminated comment", line, column_of(pos));
      }
      advance_newlines(pos, end + 2);
      pos = end + 2;
      continue;
    }
    Token token;
    token.line = line;
    token.column = column_of(pos);
    size_t start = pos;
    // Binary string X'..' and unicode string U&'..'.
    if ((c == 'x' || c == 'X') && pos + 1 < sql.size() && sql[pos + 1] == '\'') {
      size_t end = sql.find('\'', pos + 2);
      if (end == std::string_view::npos) {
        return LexError("unterminated binary literal", token.line, token.column);
      }
      std::string_view hex = sql.substr(pos + 2, end - pos - 2);
      if (hex.size() % 2 != 0) {
        return LexError("binary literal needs an even number of hex digits", token.line,
                        token.column);
      }
      for (size_t idx = 0; idx < hex.size(); idx += 2) {
        int hi = HexValue(hex[idx]), lo = HexValue(hex[idx + 1]);
        if (hi < 0 || lo < 0) {
          return LexError("bad hex digit in binary literal", token.line, token.column);
        }
        token.text.push_back(char(hi * 16 + lo));
      }
      token.kind = TokenKind::kBinaryString;
      pos = end + 1;
      tokens.push_back(std::move(token));
      continue;
    }
    if (IsIdentStart(c) && !((c == 'u' || c == 'U') && pos + 2 < sql.size() &&
                             sql[pos + 1] == '&' && sql[pos + 2] == '\'')) {
      while (pos < sql.size() && IsIdentChar(static_cast<unsigned char>(sql[pos]))) {
        ++pos;
      }
      token.kind = TokenKind::kIdentifier;
      token.text.assign(sql.substr(start, pos - start));
      tokens.push_back(std::move(token));
      continue;
    }
    bool unicode = (c == 'u' || c == 'U');
    if (c == '\'' || unicode) {
      if (unicode) {
        pos += 2;
      }
      ++pos;
      std::string text;
      while (true) {
        if (pos >= sql.size()) {
          return LexError("unterminated string literal", token.line, token.column);
        }
        if (sql[pos] == '\'') {
          if (pos + 1 < sql.size() && sql[pos + 1] == '\'') {
            text.push_back('\'');
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        text.push_back(sql[pos]);
        ++pos;
      }
      advance_newlines(start, pos);
      // Unicode strings keep their escapes: the escape character may be changed by a
      // following UESCAPE clause, which the parser reads.
      token.kind = unicode ? TokenKind::kUnicodeString : TokenKind::kString;
      token.text = std::move(text);
      tokens.push_back(std::move(token));
      continue;
    }
    if (c == '"' || c == '`') {
      char quote = char(c);
      ++pos;
      std::string text;
      while (true) {
        if (pos >= sql.size()) {
          return LexError("unterminated quoted identifier", token.line, token.column);
        }
        if (sql[pos] == quote) {
          if (pos + 1 < sql.size() && sql[pos + 1] == quote) {
            text.push_back(quote);
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        text.push_back(sql[pos]);
        ++pos;
      }
      advance_newlines(start, pos);
      token.kind = TokenKind::kQuotedIdentifier;
      token.text = std::move(text);
      tokens.push_back(std::move(token));
      continue;
    }
    if (std::isdigit(c) || (c == '.' && pos + 1 < sql.size() &&
                            std::isdigit(static_cast<unsigned char>(sql[pos + 1])))) {
      bool is_float = false;
      while (pos < sql.size() && std::isdigit(static_cast<unsigned char>(sql[pos]))) {
        ++pos;
      }
      if (pos < sql.size() && sql[pos] == '.') {
        is_float = true;
        ++pos;
        while (pos < sql.size() && std::isdigit(static_cast<unsigned char>(sql[pos]))) {
          ++pos;
        }
      }
      if (pos < sql.size() && (sql[pos] == 'e' || sql[pos] == 'E')) {
        size_t exp = pos + 1;
        if (exp < sql.size() && (sql[exp] == '+' || sql[exp] == '-')) {
          ++exp;
        }
        if (exp < sql.size() && std::isdigit(static_cast<unsigned char>(sql[exp]))) {
          is_float = true;
          pos = exp;
          while (pos < sql.size() && std::isdigit(static_cast<unsigned char>(sql[pos]))) {
            ++pos;
          }
        }
      }
      token.kind = is_float ? TokenKind::kFloat : TokenKind::kInteger;
      token.text.assign(sql.substr(start, pos - start));
      tokens.push_back(std::move(token));
      continue;
    }
    if (c == '?') {
      token.kind = TokenKind::kQuestion;
      token.text = "?";
      ++pos;
      tokens.push_back(std::move(token));
      continue;
    }
    static constexpr std::string_view kTwoChar[] = {
        "||", "<>", "!=", "<=", ">=", "::", "<<", ">>", "=>"};
    token.kind = TokenKind::kSymbol;
    bool matched = false;
    for (std::string_view sym : kTwoChar) {
      if (sql.substr(pos, 2) == sym) {
        token.text.assign(sym);
        pos += 2;
        matched = true;
        break;
      }
    }
    if (!matched) {
      static constexpr std::string_view kOneChar = "()[]{},.;+-*/%=<>:&|^~";
      if (kOneChar.find(char(c)) == std::string_view::npos) {
        return LexError(std::string("unexpected character '") + char(c) + "'", token.line,
                        token.column);
      }
      token.text.assign(1, char(c));
      ++pos;
    }
    tokens.push_back(std::move(token));
  }
  Token end;
  end.kind = TokenKind::kEnd;
  end.line = line;
  end.column = column_of(sql.size());
  tokens.push_back(end);
  return tokens;
}

}  // namespace basalt::sql
