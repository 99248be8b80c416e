#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace basalt::slt {

// One directive of a .test file (format in STYLE.md "Test SQL with data files" and in
// tools/sqllogictest/README.md).
struct Record {
  enum class Kind { kStatement, kQuery, kLoad, kRestart, kRequire, kView, kAlias };
  Kind kind = Kind::kStatement;
  int line = 0;  // 1-based line of the directive

  // A `# known failure: <reason>` comment directly before the directive: skipped, counted.
  bool known_failure = false;
  std::string known_failure_reason;
  // `skipif <config>` / `onlyif <config>` lines directly before the directive.
  std::vector<std::string> skip_if;
  std::vector<std::string> only_if;

  // kStatement and kQuery.
  std::string sql;
  // kStatement: expect success, or an error (with an optional code to match).
  bool expect_error = false;
  std::string error_code;

  // kQuery.
  std::string type_letters;
  enum class Sort { kNone, kRowSort, kValueSort };
  Sort sort = Sort::kNone;
  bool colnames = false;  // the first expected line holds the column names
  std::vector<std::string> expected;

  // kLoad: a JSONL file relative to the repository root, or inline documents.
  std::string collection;
  std::string path;
  std::vector<std::pair<int, std::string>> inline_docs;  // (line, JSON text)

  // kView: `view <name>` then its SQL (in `sql`); kAlias: `alias <name> <target>`. Names
  // without a dot are in `commons`.
  std::string name;
  std::string target;

  // kRequire: the words after `require`.
  std::vector<std::string> require;
};

// Parses a .test file's text into records. `loop <var> <from> <to>` ... `endloop` blocks are
// unrolled, substituting `${var}`. Fails with INVALIDINPUT ("file:line: why") on a malformed
// directive.
Result<std::vector<Record>> ParseTestFile(const std::string& file_name, const std::string& text);

}  // namespace basalt::slt
