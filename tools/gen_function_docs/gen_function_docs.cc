// Prints docs/functions.md, the SQL function reference, from the function registry so the
// reference cannot drift from the code. A ctest (function_docs_up_to_date) regenerates it and
// fails when the committed file differs:
//
//   build/tools/gen_function_docs/gen_function_docs > docs/functions.md
//
// `--list` prints one tab-separated line per registered function instead (kind, family,
// name, min_args, max_args, nulls), for scripts such as tools/gen_function_tests.py.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sql/functions/function_registry.h"

namespace basalt::sql {
namespace {

// Section titles of the families; a family missing here is titled by its name.
constexpr std::pair<std::string_view, std::string_view> kFamilyTitles[] = {
    {"conditional", "Conditional and null handling"},
    {"type", "Types"},
    {"math", "Math and bitwise"},
    {"string", "Strings"},
    {"regex", "Regular expressions"},
    {"array", "Arrays"},
    {"object", "Objects"},
    {"json", "JSON"},
    {"datetime", "Date and time"},
    {"hash", "Hashing"},
    {"geo", "Geography"},
    {"vector", "Vectors"},
    {"misc", "Miscellaneous"},
    {"aggregate", "Aggregates"},
};

// Forms the parser, binder and executor implement themselves: not in the registry.
struct SpecialForm {
  std::string_view syntax;
  std::string_view description;
  std::string_view example;
};

constexpr SpecialForm kSpecialForms[] = {
    {"CAST(x AS type)", "Lexical cast; an unsupported conversion is an error (spec/sql.md §5).",
     "CAST('10' AS int) = 10"},
    {"TRY_CAST(x AS type)", "As CAST, but null instead of an error.",
     "TRY_CAST('x' AS int) IS NULL"},
    {"STATIC_CAST(x AS type)", "Numeric conversions and Python truthiness to bool; no parsing.",
     "STATIC_CAST(2.7 AS int) = 2"},
    {"TRY_STATIC_CAST(x AS type)", "As STATIC_CAST, but null instead of an error.",
     "TRY_STATIC_CAST('x' AS int) IS NULL"},
    {"x::type", "Shorthand for CAST.", "'2' :: int = 2"},
    {"type 'text'", "Typed literal: DATE, TIME, DATETIME, TIMESTAMP, BYTES, INT, FLOAT, ...",
     "DATE '2024-05-26' = DATE(2024, 5, 26)"},
    {"CASE WHEN c THEN v ... [ELSE e] END", "First branch whose condition is true; else e or null.",
     "CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END = 'b'"},
    {"EXTRACT(part FROM v)",
     "Part of a date, time, datetime or timestamp: MICROSECOND, MILLISECOND, SECOND, MINUTE, "
     "HOUR, DAY, DAYOFWEEK (1 = Sunday), DAYOFYEAR, WEEK (weeks start on Sunday; days before "
     "the first Sunday are week 0), ISOWEEK, MONTH, QUARTER, YEAR, ISOYEAR, DATE, TIME.",
     "EXTRACT(MONTH FROM DATE '2024-05-26') = 5"},
    {"v AT TIME ZONE tz",
     "A datetime read in zone tz gives a timestamp; a timestamp seen in tz gives a datetime.",
     "DATETIME '2024-05-26T10:00:00' AT TIME ZONE 'UTC' = TIMESTAMP '2024-05-26T10:00:00Z'"},
    {"INTERVAL 'n' unit",
     "Interval literal: YEAR and MONTH give a month_interval, DAY ... "
     "MICROSECOND a microsecond_interval.",
     "INTERVAL 2 HOUR = HOURS(2)"},
    {"POSITION(sub IN s)", "SQL syntax of STRPOS.", "POSITION('c' IN 'abc') = 3"},
    {"SUBSTRING(s FROM start [FOR len])", "SQL syntax of SUBSTR.",
     "SUBSTRING('abcdef' FROM 2 FOR 3) = 'bcd'"},
    {"x [NOT] LIKE pattern [ESCAPE 'c']", "Anchored wildcard match: % any run, _ one character.",
     "'abc' LIKE 'a%'"},
    {"FIELD('path') / FIELD('rel', 'path')",
     "Field reference built from string literals; no default output name, so alias it.",
     "SELECT FIELD('a.b') FROM t"},
    {"TABLE('name') / TABLE(['ws', 'name'])", "Collection reference built from strings (in FROM).",
     "SELECT * FROM TABLE('people')"},
    {"GROUPING(c, ...)",
     "Bitmask of the grouping keys rolled up in this row (ROLLUP, CUBE, "
     "GROUPING SETS); the first argument is the most significant bit.",
     "SELECT a, GROUPING(a) FROM t GROUP BY ROLLUP(a)"},
};

constexpr SpecialForm kWindowFunctions[] = {
    {"ROW_NUMBER()", "1, 2, 3 ... within the partition, in window order.", ""},
    {"RANK()", "Rank with gaps for ties.", ""},
    {"DENSE_RANK()", "Rank without gaps.", ""},
    {"PERCENT_RANK()", "(rank - 1) / (rows - 1); 0 for a single row.", ""},
    {"CUME_DIST()", "Rows up to and including the peers of this row, over all rows.", ""},
    {"NTILE(n)", "Bucket 1 ... n of the row when the partition is split into n parts.", ""},
    {"LAG(x[, offset[, default]])",
     "x at the row `offset` (1) before; default (null) past the "
     "start.",
     ""},
    {"LEAD(x[, offset[, default]])",
     "x at the row `offset` (1) after; default (null) past the "
     "end.",
     ""},
    {"FIRST_VALUE(x)", "x at the first row of the frame.", ""},
    {"LAST_VALUE(x)", "x at the last row of the frame.", ""},
    {"NTH_VALUE(x, n)", "x at the n-th (1-based) row of the frame; null when it has fewer rows.",
     ""},
};

std::string_view FamilyTitle(std::string_view family) {
  for (const auto& [name, title] : kFamilyTitles) {
    if (name == family) {
      return title;
    }
  }
  return family.empty() ? std::string_view("Other") : family;
}

// GitHub's heading anchor: lower case, spaces to '-', other punctuation dropped.
std::string Anchor(std::string_view title) {
  std::string out;
  for (char c : title) {
    if (c >= 'A' && c <= 'Z') {
      out += char(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      out += c;
    } else if (c == ' ') {
      out += '-';
    }
  }
  return out;
}

// Text for a Markdown table cell: '|' would end the cell, newlines the row.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// A code span; the fence grows past any run of backticks in the text.
std::string Code(std::string_view text) {
  if (text.empty()) {
    return "";
  }
  size_t longest = 0;
  size_t run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  std::string pad = text.front() == '`' || text.back() == '`' ? " " : "";
  return fence + pad + Cell(text) + pad + fence;
}

std::string Arity(int min_args, int max_args) {
  if (max_args < 0) {
    return std::to_string(min_args) + "+";
  }
  if (min_args == max_args) {
    return std::to_string(min_args);
  }
  return std::to_string(min_args) + "-" + std::to_string(max_args);
}

// The definitions of one kind grouped by family: families in registry order, names sorted.
template <typename Def>
std::vector<std::pair<std::string_view, std::vector<const Def*>>> ByFamily(
    const std::vector<Def>& defs) {
  std::vector<std::pair<std::string_view, std::vector<const Def*>>> families;
  for (const Def& def : defs) {
    auto found = std::find_if(families.begin(), families.end(),
                              [&](const auto& entry) { return entry.first == def.family; });
    if (found == families.end()) {
      families.push_back({def.family, {}});
      found = families.end() - 1;
    }
    found->second.push_back(&def);
  }
  for (auto& entry : families) {
    std::sort(entry.second.begin(), entry.second.end(),
              [](const Def* a, const Def* b) { return a->name < b->name; });
  }
  return families;
}

void PrintSpecialForms(std::string_view title, const SpecialForm* begin, const SpecialForm* end,
                       std::ostream& out) {
  out << "### " << title << "\n\n";
  bool has_examples =
      std::any_of(begin, end, [](const SpecialForm& f) { return !f.example.empty(); });
  out << (has_examples ? "| syntax | description | example |\n| --- | --- | --- |\n"
                       : "| syntax | description |\n| --- | --- |\n");
  for (const SpecialForm* form = begin; form != end; ++form) {
    out << "| " << Code(form->syntax) << " | " << Cell(form->description);
    if (has_examples) {
      out << " | " << Code(form->example);
    }
    out << " |\n";
  }
  out << "\n";
}

void PrintMarkdown(const FunctionRegistry& registry, std::ostream& out) {
  auto scalars = ByFamily(registry.scalars());
  auto aggregates = ByFamily(registry.aggregates());

  out << "# SQL function reference\n\n"
      << "<!-- Generated from the function registry by tools/gen_function_docs; do not edit.\n"
      << "     Regenerate: build/tools/gen_function_docs/gen_function_docs > docs/functions.md"
      << " -->\n\n"
      << "Every function in the registry (`src/sql/functions/builtin_functions.cc`): "
      << registry.scalars().size() << " scalar functions and " << registry.aggregates().size()
      << " aggregates, by family, then the special forms and window functions that the engine "
         "implements itself. Semantics are specified in `spec/sql.md` §9.\n\n"
      << "Unless the *nulls* column says `custom`, a null or undefined argument makes the "
         "result null and the function is not called (spec/sql.md §3). Aggregates skip rows "
         "whose first argument is null or undefined unless *nulls* says `seen`. Every example "
         "is a SQL expression that is true; `builtin_functions_test` checks them all.\n\n";

  out << "## Contents\n\n";
  for (const auto& [family, defs] : scalars) {
    std::string title(FamilyTitle(family));
    out << "- [" << title << "](#" << Anchor(title) << ") (" << defs.size() << ")\n";
  }
  for (const auto& [family, defs] : aggregates) {
    std::string title(FamilyTitle(family));
    out << "- [" << title << "](#" << Anchor(title) << ") (" << defs.size() << ")\n";
  }
  out << "- [Special forms and window functions](#special-forms-and-window-functions)\n\n";

  out << "## Scalar functions\n\n";
  for (const auto& [family, defs] : scalars) {
    out << "### " << FamilyTitle(family) << "\n\n"
        << "| function | signature | args | nulls | description | example |\n"
        << "| --- | --- | --- | --- | --- | --- |\n";
    for (const FunctionDef* def : defs) {
      std::string nulls = def->nulls == NullHandling::kCustom ? "custom" : "null";
      std::string doc = Cell(def->doc);
      if (!def->deterministic) {
        doc += " *Not deterministic.*";
      }
      out << "| " << Code(def->name) << " | " << Code(def->signature) << " | "
          << Arity(def->min_args, def->max_args) << " | " << nulls << " | " << doc << " | "
          << Code(def->example) << " |\n";
    }
    out << "\n";
  }

  out << "## Aggregate functions\n\n"
      << "Aggregates accept `DISTINCT` (one-argument forms) and `FILTER (WHERE ...)`; over no "
         "rows they return null, except `COUNT` (0).\n\n";
  for (const auto& [family, defs] : aggregates) {
    out << "### " << FamilyTitle(family) << "\n\n"
        << "| function | signature | args | nulls | description | example |\n"
        << "| --- | --- | --- | --- | --- | --- |\n";
    for (const AggregateDef* def : defs) {
      out << "| " << Code(def->name) << " | " << Code(def->signature) << " | "
          << Arity(def->min_args, def->max_args) << " | " << (def->skip_nulls ? "skipped" : "seen")
          << " | " << Cell(def->doc) << " | " << Code(def->example) << " |\n";
    }
    out << "\n";
  }

  out << "## Special forms and window functions\n\n"
      << "Not in the registry: the parser, binder and executor handle these (this section is "
         "a table in tools/gen_function_docs/gen_function_docs.cc).\n\n";
  PrintSpecialForms("Special forms", std::begin(kSpecialForms), std::end(kSpecialForms), out);
  out << "Window functions need an `OVER (...)` clause; any aggregate above may also be used "
         "with one.\n\n";
  PrintSpecialForms("Window functions", std::begin(kWindowFunctions), std::end(kWindowFunctions),
                    out);
}

void PrintList(const FunctionRegistry& registry, std::ostream& out) {
  for (const FunctionDef& def : registry.scalars()) {
    out << "scalar\t" << def.family << '\t' << def.name << '\t' << def.min_args << '\t'
        << def.max_args << '\t' << (def.nulls == NullHandling::kCustom ? "custom" : "propagate")
        << '\n';
  }
  for (const AggregateDef& def : registry.aggregates()) {
    out << "aggregate\t" << def.family << '\t' << def.name << '\t' << def.min_args << '\t'
        << def.max_args << '\t' << (def.skip_nulls ? "skip" : "seen") << '\n';
  }
}

}  // namespace
}  // namespace basalt::sql

int main(int argc, char** argv) {
  const auto& registry = basalt::sql::FunctionRegistry::Get();
  std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "--list") {
    basalt::sql::PrintList(registry, std::cout);
  } else if (mode.empty()) {
    basalt::sql::PrintMarkdown(registry, std::cout);
  } else {
    std::cerr << "usage: gen_function_docs [--list]\n";
    return 2;
  }
  std::cout.flush();
  return std::cout.good() ? 0 : 1;
}
