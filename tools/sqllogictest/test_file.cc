#include "sqllogictest/test_file.h"

#include <charconv>
#include <utility>

namespace basalt::slt {
namespace {

using Line = std::pair<int, std::string>;  // (1-based line number, text)

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
      ++pos;
    }
    size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') {
      ++end;
    }
    if (end > pos) {
      words.push_back(text.substr(pos, end - pos));
    }
    pos = end;
  }
  return words;
}

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t") == std::string::npos;
}

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

Status ErrorAt(const std::string& file_name, int line, const std::string& why) {
  return InvalidInput(file_name + ":" + std::to_string(line) + ": " + why);
}

std::string Substitute(std::string text, const std::string& var, const std::string& value) {
  std::string pattern = "${" + var + "}";
  for (size_t pos = text.find(pattern); pos != std::string::npos;
       pos = text.find(pattern, pos + value.size())) {
    text.replace(pos, pattern.size(), value);
  }
  return text;
}

bool ParseInt(const std::string& text, int* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Unrolls `loop var from to` (to exclusive) ... `endloop`, nested loops included.
Status Unroll(const std::string& file_name, const std::vector<Line>& lines, size_t* pos,
              bool in_loop, std::vector<Line>* out) {
  while (*pos < lines.size()) {
    const auto& [number, text] = lines[*pos];
    ++*pos;
    if (text == "endloop") {
      if (!in_loop) {
        return ErrorAt(file_name, number, "endloop without loop");
      }
      return Status::Ok();
    }
    if (!StartsWith(text, "loop ")) {
      out->push_back(lines[*pos - 1]);
      continue;
    }
    std::vector<std::string> words = SplitWords(text);
    int from = 0;
    int to = 0;
    if (words.size() != 4 || !ParseInt(words[2], &from) || !ParseInt(words[3], &to)) {
      return ErrorAt(file_name, number, "expected `loop <var> <from> <to>`");
    }
    std::vector<Line> body;
    BASALT_RETURN_IF_ERROR(Unroll(file_name, lines, pos, /*in_loop=*/true, &body));
    for (int value = from; value < to; ++value) {
      for (const auto& [body_number, body_text] : body) {
        out->emplace_back(body_number, Substitute(body_text, words[1], std::to_string(value)));
      }
    }
  }
  if (in_loop) {
    return InvalidInput(file_name + ": loop without endloop");
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Record>> ParseTestFile(const std::string& file_name, const std::string& text) {
  std::vector<Line> raw;
  int number = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    raw.emplace_back(++number, std::move(line));
    start = end + 1;
  }
  std::vector<Line> lines;
  size_t unroll_pos = 0;
  BASALT_RETURN_IF_ERROR(Unroll(file_name, raw, &unroll_pos, /*in_loop=*/false, &lines));

  std::vector<Record> records;
  Record pending;  // collects known-failure / skipif / onlyif for the next directive
  size_t pos = 0;
  // Lines up to the next blank line (or `stop`, exclusive), advancing `pos`.
  auto take_block = [&](std::string_view stop, bool* hit_stop) {
    std::vector<Line> block;
    if (hit_stop != nullptr) {
      *hit_stop = false;
    }
    while (pos < lines.size() && !IsBlank(lines[pos].second)) {
      if (!stop.empty() && lines[pos].second == stop) {
        ++pos;
        if (hit_stop != nullptr) {
          *hit_stop = true;
        }
        break;
      }
      block.push_back(lines[pos++]);
    }
    return block;
  };
  auto join = [](const std::vector<Line>& block) {
    std::string sql;
    for (const auto& [unused, line] : block) {
      if (!sql.empty()) {
        sql += '\n';
      }
      sql += line;
    }
    return sql;
  };

  while (pos < lines.size()) {
    const auto [line_number, line] = lines[pos++];
    if (IsBlank(line)) {
      continue;
    }
    if (line[0] == '#') {
      std::string_view marker = "# known failure:";
      if (StartsWith(line, marker)) {
        pending.known_failure = true;
        pending.known_failure_reason = line.substr(marker.size());
        size_t first = pending.known_failure_reason.find_first_not_of(' ');
        pending.known_failure_reason =
            first == std::string::npos ? "" : pending.known_failure_reason.substr(first);
      }
      continue;
    }
    std::vector<std::string> words = SplitWords(line);
    const std::string& directive = words[0];
    if (directive == "skipif" || directive == "onlyif") {
      if (words.size() != 2) {
        return ErrorAt(file_name, line_number, "expected a config name");
      }
      (directive == "skipif" ? pending.skip_if : pending.only_if).push_back(words[1]);
      continue;
    }
    Record record = std::move(pending);
    pending = Record();
    record.line = line_number;
    if (directive == "statement") {
      record.kind = Record::Kind::kStatement;
      if (words.size() >= 2 && words[1] == "ok" && words.size() == 2) {
        record.expect_error = false;
      } else if (words.size() >= 2 && words[1] == "error" && words.size() <= 3) {
        record.expect_error = true;
        if (words.size() == 3) {
          record.error_code = words[2];
        }
      } else {
        return ErrorAt(file_name, line_number, "expected `statement ok|error [CODE]`");
      }
      record.sql = join(take_block("", nullptr));
      if (record.sql.empty()) {
        return ErrorAt(file_name, line_number, "statement without SQL");
      }
    } else if (directive == "query") {
      record.kind = Record::Kind::kQuery;
      if (words.size() < 2) {
        return ErrorAt(file_name, line_number, "query needs type letters");
      }
      record.type_letters = words[1];
      for (size_t word_idx = 2; word_idx < words.size(); ++word_idx) {
        const std::string& option = words[word_idx];
        if (option == "rowsort") {
          record.sort = Record::Sort::kRowSort;
        } else if (option == "valuesort") {
          record.sort = Record::Sort::kValueSort;
        } else if (option == "nosort") {
          record.sort = Record::Sort::kNone;
        } else if (option == "colnames") {
          record.colnames = true;
        } else {
          return ErrorAt(file_name, line_number, "unknown query option '" + option + "'");
        }
      }
      bool has_results = false;
      record.sql = join(take_block("----", &has_results));
      if (record.sql.empty()) {
        return ErrorAt(file_name, line_number, "query without SQL");
      }
      if (has_results) {
        for (const auto& [unused, expected] : take_block("", nullptr)) {
          record.expected.push_back(expected);
        }
      }
    } else if (directive == "load") {
      record.kind = Record::Kind::kLoad;
      if (words.size() == 3) {
        record.collection = words[1];
        record.path = words[2];
      } else if (words.size() == 2) {
        record.collection = words[1];
        record.inline_docs = take_block("", nullptr);
      } else {
        return ErrorAt(file_name, line_number, "expected `load <collection> [file.jsonl]`");
      }
    } else if (directive == "view") {
      record.kind = Record::Kind::kView;
      if (words.size() != 2) {
        return ErrorAt(file_name, line_number, "expected `view <name>` then its SQL");
      }
      record.name = words[1];
      record.sql = join(take_block("", nullptr));
      if (record.sql.empty()) {
        return ErrorAt(file_name, line_number, "view without SQL");
      }
    } else if (directive == "alias") {
      record.kind = Record::Kind::kAlias;
      if (words.size() != 3) {
        return ErrorAt(file_name, line_number, "expected `alias <name> <collection>`");
      }
      record.name = words[1];
      record.target = words[2];
    } else if (directive == "restart") {
      record.kind = Record::Kind::kRestart;
    } else if (directive == "require") {
      record.kind = Record::Kind::kRequire;
      record.require.assign(words.begin() + 1, words.end());
    } else if (directive == "halt") {
      break;
    } else {
      return ErrorAt(file_name, line_number, "unknown directive '" + directive + "'");
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace basalt::slt
