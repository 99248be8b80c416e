// sqllogictest: runs test/sql/**/*.test files (format: STYLE.md "Test SQL with data files",
// details in tools/sqllogictest/README.md) in-process against a temporary store.
//
//   sqllogictest [--config
//   default|no-index|force-index|row|column|no-optimizer|restart-each|all]... [--root DIR]
//                [--slow] [--run-known-failures] [--verbose] [PATH...]
//
// PATHs are .test files or directories searched recursively (default: test/sql). Data
// files named by `load` are relative to --root (default: the current directory). Ends
// with "N passed, M failed, K skipped"; exits 1 when anything failed.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/json.h"
#include "ingest/write_ops.h"
#include "sql/engine.h"
#include "sqllogictest/render.h"
#include "sqllogictest/test_file.h"
#include "storage/store_test_util.h"

namespace basalt::slt {
namespace {

// 2024-01-01T00:00:00Z: the `_event_time` of loaded documents that do not carry one, so
// results do not depend on the wall clock.
constexpr int64_t kIngestTimeMicros = 1704067200LL * 1000000;

struct Config {
  std::string name;
  bool use_indexes = true;
  bool use_column_store = true;
  bool optimize = true;
  bool restart_each = false;
};

const std::vector<Config>& AllConfigs() {
  static const std::vector<Config> kConfigs = {
      {.name = "default"},
      // No index: column scans where possible, else whole documents.
      {.name = "no-index", .use_indexes = false},
      // Index probes whenever the binder finds one, whole documents (no column reads).
      {.name = "force-index", .use_indexes = true, .use_column_store = false},
      // Row store only: whole documents, every predicate evaluated by the filters.
      {.name = "row", .use_indexes = false, .use_column_store = false},
      // Column store wherever the query allows it, no index.
      {.name = "column", .use_indexes = false, .use_column_store = true},
      // Optimizer off: no pushdown, no index, no column scans, nested-loop joins.
      {.name = "no-optimizer", .optimize = false},
      // Close and reopen the store after every directive (recovery from the WAL).
      {.name = "restart-each", .restart_each = true},
  };
  return kConfigs;
}

// Collections, plus the views and aliases the `view` and `alias` directives define.
class MapCatalog : public sql::CatalogView {
 public:
  Result<sql::ResolvedCollection> ResolveCollection(
      const std::vector<std::string>& names) override {
    BASALT_ASSIGN_OR_RETURN(sql::ResolvedRelation relation, ResolveRelation(names));
    if (relation.kind == sql::ResolvedRelation::Kind::kView) {
      return NotImplemented("DESCRIBE of a view is not supported yet");
    }
    return relation.collection;
  }
  Result<sql::ResolvedRelation> ResolveRelation(const std::vector<std::string>& names) override {
    sql::ResolvedRelation relation;
    relation.path = QualifiedName(names);
    if (auto view = views_.find(relation.path); view != views_.end()) {
      relation.kind = sql::ResolvedRelation::Kind::kView;
      relation.view_sql = view->second;
      return relation;
    }
    std::string path = relation.path;
    if (auto alias = aliases_.find(path); alias != aliases_.end()) {
      path = alias->second;
    }
    auto found = collections_.find(path);
    if (found == collections_.end()) {
      return NotFound("Collection '" + path + "' not found");
    }
    relation.collection = sql::ResolvedCollection{found->second, path};
    return relation;
  }
  void AddView(const std::string& path, const std::string& sql) { views_[path] = sql; }
  void AddAlias(const std::string& path, const std::string& target) { aliases_[path] = target; }

  static std::string QualifiedName(const std::vector<std::string>& names) {
    if (names.size() == 1) {
      return "commons." + names[0];
    }
    std::string path;
    for (const std::string& name : names) {
      path += (path.empty() ? "" : ".") + name;
    }
    return path;
  }

  const uint32_t* Find(const std::string& path) const {
    auto found = collections_.find(path);
    return found == collections_.end() ? nullptr : &found->second;
  }
  void Add(const std::string& path, uint32_t id) { collections_[path] = id; }

 private:
  std::map<std::string, uint32_t> collections_;
  std::map<std::string, std::string> views_;    // path -> SQL
  std::map<std::string, std::string> aliases_;  // path -> collection path
};

struct Counts {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
};

struct Flags {
  std::filesystem::path root = ".";
  bool run_known_failures = false;
  bool verbose = false;
};

std::string Normalize(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != '_') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// `expected` is an ErrorCode name with or without the leading k (QueryError, kNotFound) or
// a Rockset error type (QUERY_ERROR, NOTFOUND); case and underscores do not matter.
bool CodeMatches(const std::string& expected, ErrorCode code) {
  std::string want = Normalize(expected);
  std::string name(ErrorCodeName(code));
  if (!name.empty() && name[0] == 'k') {
    name = name.substr(1);
  }
  return want == Normalize(name) || want == Normalize(ErrorTypeOf(code)) ||
         want == Normalize(ErrorCodeName(code));
}

std::string Indent(const std::string& text) {
  std::string out = "    ";
  for (char c : text) {
    out += c;
    if (c == '\n') {
      out += "    ";
    }
  }
  return out;
}

class FileRunner {
 public:
  FileRunner(const Config& config, const Flags& flags, std::string file)
      : config_(config), flags_(flags), file_(std::move(file)) {}

  Counts Run() {
    std::ifstream in(file_, std::ios::binary);
    if (!in) {
      Fail(0, "", "cannot read the file");
      return counts_;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto records = ParseTestFile(file_, text.str());
    if (!records.ok()) {
      std::cout << "FAIL " << records.status().message() << " [" << config_.name << "]\n";
      ++counts_.failed;
      return counts_;
    }
    for (const Record& record : *records) {
      if (!Applies(record)) {
        if (record.kind == Record::Kind::kStatement || record.kind == Record::Kind::kQuery) {
          ++counts_.skipped;
        }
        continue;
      }
      if (record.kind == Record::Kind::kRequire) {
        if (!RequireMet(record)) {
          break;
        }
        continue;
      }
      if (record.known_failure && !flags_.run_known_failures) {
        ++counts_.skipped;
        if (flags_.verbose) {
          std::cout << "SKIP " << file_ << ":" << record.line
                    << " known failure: " << record.known_failure_reason << "\n";
        }
        continue;
      }
      RunRecord(record);
      if (config_.restart_each && record.kind != Record::Kind::kRestart) {
        temp_.Reopen();
      }
    }
    return counts_;
  }

 private:
  bool Applies(const Record& record) const {
    for (const std::string& name : record.skip_if) {
      if (name == config_.name) {
        return false;
      }
    }
    if (record.only_if.empty()) {
      return true;
    }
    return std::find(record.only_if.begin(), record.only_if.end(), config_.name) !=
           record.only_if.end();
  }

  // `require config <name>...` runs the rest of the file only under those configs; any
  // other requirement is unknown to this runner, so the rest of the file is skipped.
  bool RequireMet(const Record& record) const {
    if (record.require.size() >= 2 && record.require[0] == "config") {
      return std::find(record.require.begin() + 1, record.require.end(), config_.name) !=
             record.require.end();
    }
    if (flags_.verbose) {
      std::cout << "SKIP " << file_ << ":" << record.line << " unknown requirement\n";
    }
    return false;
  }

  void RunRecord(const Record& record) {
    bool ok = true;
    switch (record.kind) {
      case Record::Kind::kLoad:
        ok = Load(record);
        break;
      case Record::Kind::kRestart:
        temp_.Reopen();
        return;
      case Record::Kind::kView:
        catalog_.AddView(QualifiedPath(record.name), record.sql);
        return;
      case Record::Kind::kAlias:
        catalog_.AddAlias(QualifiedPath(record.name), QualifiedPath(record.target));
        return;
      case Record::Kind::kStatement:
        ok = RunStatement(record);
        break;
      case Record::Kind::kQuery:
        ok = RunQuery(record);
        break;
      case Record::Kind::kRequire:
        return;
    }
    if (record.kind == Record::Kind::kLoad) {
      if (!ok) {
        ++counts_.failed;
      }
      return;
    }
    if (ok) {
      ++counts_.passed;
      if (record.known_failure) {
        std::cout << "NOTE " << file_ << ":" << record.line
                  << " is marked as a known failure but passes [" << config_.name << "]\n";
      }
    } else {
      ++counts_.failed;
    }
  }

  // A name from a directive: without a dot it is in `commons`.
  static std::string QualifiedPath(const std::string& name) {
    return name.find('.') == std::string::npos ? "commons." + name : name;
  }

  bool Load(const Record& record) {
    std::string path = QualifiedPath(record.collection);
    std::vector<std::pair<int, std::string>> docs = record.inline_docs;
    if (!record.path.empty()) {
      std::ifstream in(flags_.root / record.path, std::ios::binary);
      if (!in) {
        Fail(record.line, "", "cannot read data file " + record.path);
        return false;
      }
      std::string line;
      int line_number = 0;
      while (std::getline(in, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
          continue;
        }
        docs.emplace_back(line_number, line);
      }
    }
    uint32_t id = 0;
    if (const uint32_t* existing = catalog_.Find(path)) {
      id = *existing;
    } else {
      auto created = temp_.store().CreateCollection();
      if (!created.ok()) {
        Fail(record.line, "", "CreateCollection: " + created.status().ToString());
        return false;
      }
      id = *created;
      catalog_.Add(path, id);
    }
    std::vector<storage::Mutation> mutations;
    for (const auto& [line_number, text] : docs) {
      auto doc = ParseJson(text);
      if (!doc.ok()) {
        Fail(record.line, "",
             "document at line " + std::to_string(line_number) + ": " + doc.status().ToString());
        return false;
      }
      auto mutation = ingest::MakeAddMutation(std::move(doc).value(), kIngestTimeMicros);
      if (!mutation.ok()) {
        Fail(record.line, "",
             "document at line " + std::to_string(line_number) + ": " +
                 mutation.status().ToString());
        return false;
      }
      mutations.push_back(std::move(mutation).value());
    }
    auto summary = temp_.store().Apply(id, mutations);
    if (!summary.ok()) {
      Fail(record.line, "", "Apply: " + summary.status().ToString());
      return false;
    }
    for (const storage::MutationResult& result : summary->results) {
      if (!result.status.ok()) {
        Fail(record.line, "", "document rejected: " + result.status.ToString());
        return false;
      }
    }
    return true;
  }

  Result<sql::QueryResult> Execute(const std::string& sql) {
    sql::QueryOptions options;
    options.use_indexes = config_.use_indexes;
    options.use_column_store = config_.use_column_store;
    options.optimize = config_.optimize;
    return sql::ExecuteSql(sql, catalog_, temp_.store(), options);
  }

  bool RunStatement(const Record& record) {
    auto result = Execute(record.sql);
    if (!record.expect_error) {
      if (result.ok()) {
        return true;
      }
      Fail(record.line, record.sql, "expected success, got " + result.status().ToString());
      return false;
    }
    if (result.ok()) {
      Fail(record.line, record.sql,
           "expected error " + (record.error_code.empty() ? "" : record.error_code + " ") +
               "but the statement succeeded");
      return false;
    }
    if (!record.error_code.empty() && !CodeMatches(record.error_code, result.status().code())) {
      Fail(record.line, record.sql,
           "expected error " + record.error_code + ", got " + result.status().ToString());
      return false;
    }
    return true;
  }

  bool RunQuery(const Record& record) {
    auto result = Execute(record.sql);
    if (!result.ok()) {
      Fail(record.line, record.sql, "query failed: " + result.status().ToString());
      return false;
    }
    size_t column_count = result->column_names.empty() ? 1 : result->column_names.size();
    if (column_count != record.type_letters.size()) {
      Fail(record.line, record.sql,
           "expected " + std::to_string(record.type_letters.size()) + " column(s), got " +
               std::to_string(column_count));
      return false;
    }
    std::vector<std::string> actual;
    for (const Value& row : result->rows) {
      actual.push_back(Join(RenderRow(row, result->column_names)));
    }
    std::vector<std::string> expected;
    size_t first_row = 0;
    std::string actual_header;
    std::string expected_header;
    if (record.colnames) {
      std::vector<std::string> names = result->column_names;
      if (names.empty()) {
        names.push_back("*");
      }
      actual_header = Join(names);
      if (!record.expected.empty()) {
        expected_header = Join(SplitExpected(record.expected[0], column_count));
        first_row = 1;
      }
    }
    for (size_t row_idx = first_row; row_idx < record.expected.size(); ++row_idx) {
      expected.push_back(Join(SplitExpected(record.expected[row_idx], column_count)));
    }
    if (record.sort == Record::Sort::kValueSort) {
      actual = Flatten(actual);
      expected = Flatten(expected);
    }
    if (record.sort != Record::Sort::kNone) {
      std::sort(actual.begin(), actual.end());
      std::sort(expected.begin(), expected.end());
    }
    if (actual == expected && actual_header == expected_header) {
      return true;
    }
    std::string why = "result mismatch\n  expected:\n";
    if (record.colnames) {
      why += "    " + expected_header + "\n    ----\n";
    }
    for (const std::string& row : expected) {
      why += "    " + row + "\n";
    }
    why += "  actual:\n";
    if (record.colnames) {
      why += "    " + actual_header + "\n    ----\n";
    }
    for (const std::string& row : actual) {
      why += "    " + row + "\n";
    }
    why.pop_back();
    Fail(record.line, record.sql, why);
    return false;
  }

  static std::string Join(const std::vector<std::string>& columns) {
    std::string out;
    for (size_t col_idx = 0; col_idx < columns.size(); ++col_idx) {
      if (col_idx > 0) {
        out += '\t';
      }
      out += columns[col_idx];
    }
    return out;
  }

  static std::vector<std::string> Flatten(const std::vector<std::string>& rows) {
    std::vector<std::string> values;
    for (const std::string& row : rows) {
      std::vector<std::string> columns = SplitExpected(row, 0);
      values.insert(values.end(), columns.begin(), columns.end());
    }
    return values;
  }

  void Fail(int line, const std::string& sql, const std::string& why) {
    std::cout << "FAIL " << file_ << ":" << line << " [" << config_.name << "]\n";
    if (!sql.empty()) {
      std::cout << "  SQL:\n" << Indent(sql) << "\n";
    }
    std::cout << "  " << why << "\n";
  }

  const Config& config_;
  const Flags& flags_;
  std::string file_;
  storage::testing::TempStore temp_;
  MapCatalog catalog_;
  Counts counts_;
};

void CollectFiles(const std::filesystem::path& path, bool slow, std::vector<std::string>* out) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    std::vector<std::string> found;
    for (auto it = std::filesystem::recursive_directory_iterator(path, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      if (!it->is_regular_file(error)) {
        continue;
      }
      std::string ext = it->path().extension().string();
      if (ext == ".test" || (slow && ext == ".test_slow")) {
        found.push_back(it->path().string());
      }
    }
    std::sort(found.begin(), found.end());
    out->insert(out->end(), found.begin(), found.end());
  } else {
    out->push_back(path.string());
  }
}

int Usage() {
  std::cerr << "usage: sqllogictest [--config NAME|all]... [--root DIR] [--slow]\n"
               "                    [--run-known-failures] [--verbose] [PATH...]\n"
               "configs: default, no-index, force-index, row, column, no-optimizer, restart-each\n";
  return 2;
}

int Main(int argc, char** argv) {
  Flags flags;
  std::vector<Config> configs;
  std::vector<std::string> paths;
  bool slow = false;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    std::string arg = argv[arg_idx];
    auto value = [&]() -> const char* { return arg_idx + 1 < argc ? argv[++arg_idx] : nullptr; };
    if (arg == "--config") {
      const char* name = value();
      if (name == nullptr) {
        return Usage();
      }
      bool known = false;
      for (const Config& config : AllConfigs()) {
        if (std::string(name) == "all" || config.name == name) {
          configs.push_back(config);
          known = true;
        }
      }
      if (!known) {
        std::cerr << "unknown config '" << name << "'\n";
        return Usage();
      }
    } else if (arg == "--root") {
      const char* dir = value();
      if (dir == nullptr) {
        return Usage();
      }
      flags.root = dir;
    } else if (arg == "--slow") {
      slow = true;
    } else if (arg == "--run-known-failures") {
      flags.run_known_failures = true;
    } else if (arg == "--verbose" || arg == "-v") {
      flags.verbose = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage();
    } else {
      paths.push_back(arg);
    }
  }
  if (configs.empty()) {
    configs.push_back(AllConfigs()[0]);
  }
  if (paths.empty()) {
    paths.push_back((flags.root / "test/sql").string());
  }
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    CollectFiles(path, slow, &files);
  }

  Counts total;
  for (const Config& config : configs) {
    for (const std::string& file : files) {
      Counts counts = FileRunner(config, flags, file).Run();
      if (flags.verbose) {
        std::cout << file << " [" << config.name << "]: " << counts.passed << " passed, "
                  << counts.failed << " failed, " << counts.skipped << " skipped\n";
      }
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
    }
  }
  std::cout << total.passed << " passed, " << total.failed << " failed, " << total.skipped
            << " skipped\n";
  return total.failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace basalt::slt

int main(int argc, char** argv) {
  return basalt::slt::Main(argc, argv);
}
