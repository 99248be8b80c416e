// REGEXP_EXTRACT, REGEXP_EXTRACT_ALL, REGEXP_REPLACE, REGEXP_SPLIT, REGEXP_COUNT. RE2 syntax;
// matching is a search (unanchored), sql.md §9.5.
#include <string>
#include <vector>

#include <re2/re2.h>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"
#include "sql/functions/scalar/regex/regex_cache.h"

namespace basalt::sql {
namespace {

// Calls `on_match(groups)` for each successive non-overlapping match; empty matches advance
// by one character. Stops when on_match returns false.
template <typename OnMatch>
void ForEachMatch(const re2::RE2& re, std::string_view text, int groups, OnMatch on_match) {
  std::vector<re2::StringPiece> submatch(size_t(groups) + 1);
  size_t pos = 0;
  while (pos <= text.size()) {
    if (!re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(),
                  re2::RE2::UNANCHORED, submatch.data(), groups + 1)) {
      return;
    }
    if (!on_match(submatch)) {
      return;
    }
    size_t match_end = size_t(submatch[0].data() - text.data()) + submatch[0].size();
    if (submatch[0].empty()) {
      // Step over one UTF-8 character.
      ++match_end;
      while (match_end < text.size() &&
             (static_cast<unsigned char>(text[match_end]) & 0xC0) == 0x80) {
        ++match_end;
      }
    }
    pos = match_end;
  }
}

struct RegexCall {
  std::string_view text;
  std::shared_ptr<const re2::RE2> re;
  int64_t group = 0;
};

Result<RegexCall> Prepare(std::string_view fn, const Args& args, bool has_group) {
  RegexCall call;
  BASALT_ASSIGN_OR_RETURN(call.text, StringArg(fn, args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view pattern, StringArg(fn, args, 1));
  BASALT_ASSIGN_OR_RETURN(call.re, CompiledRegex(fn, pattern));
  if (has_group && args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(call.group, IntArg(fn, args, 2));
    if (call.group < 0 || call.group > call.re->NumberOfCapturingGroups()) {
      return FunctionError(fn, "pattern has no capture group " + std::to_string(call.group));
    }
  }
  return call;
}

Value GroupValue(const re2::StringPiece& piece) {
  if (piece.data() == nullptr) {
    return Value::Null();  // the group did not take part
  }
  return Value::String(std::string_view(piece.data(), piece.size()));
}

Result<Value> RegexpExtract(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(RegexCall call, Prepare("REGEXP_EXTRACT", args, true));
  Value out = Value::Null();
  ForEachMatch(*call.re, call.text, int(call.group), [&](const auto& groups) {
    out = GroupValue(groups[size_t(call.group)]);
    return false;
  });
  return out;
}

Result<Value> RegexpExtractAll(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(RegexCall call, Prepare("REGEXP_EXTRACT_ALL", args, true));
  Array out;
  ForEachMatch(*call.re, call.text, int(call.group), [&](const auto& groups) {
    out.push_back(GroupValue(groups[size_t(call.group)]));
    return true;
  });
  return Value::MakeArray(std::move(out));
}

Result<Value> RegexpReplace(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(RegexCall call, Prepare("REGEXP_REPLACE", args, false));
  std::string_view replacement;
  if (args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(replacement, StringArg("REGEXP_REPLACE", args, 2));
  }
  int groups = call.re->NumberOfCapturingGroups();
  // Validate the replacement: `\0`..`\9` within range, `\\` for a backslash.
  for (size_t pos = 0; pos < replacement.size(); ++pos) {
    if (replacement[pos] != '\\') {
      continue;
    }
    if (pos + 1 >= replacement.size()) {
      return FunctionError("REGEXP_REPLACE", "replacement ends with a lone backslash");
    }
    char next = replacement[++pos];
    if (next == '\\') {
      continue;
    }
    if (next < '0' || next > '9' || next - '0' > groups) {
      return FunctionError("REGEXP_REPLACE",
                           std::string("invalid group reference \\") + next + " in replacement");
    }
  }
  std::string out;
  size_t copied = 0;
  std::string_view text = call.text;
  ForEachMatch(*call.re, text, groups, [&](const auto& submatch) {
    size_t start = size_t(submatch[0].data() - text.data());
    out.append(text.substr(copied, start - copied));
    for (size_t pos = 0; pos < replacement.size(); ++pos) {
      char c = replacement[pos];
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      char next = replacement[++pos];
      if (next == '\\') {
        out.push_back('\\');
      } else {
        const re2::StringPiece& group = submatch[size_t(next - '0')];
        out.append(group.data(), group.size());
      }
    }
    copied = start + submatch[0].size();
    return true;
  });
  out.append(text.substr(copied));
  return Value::String(std::move(out));
}

Result<Value> RegexpSplit(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(RegexCall call, Prepare("REGEXP_SPLIT", args, false));
  Array out;
  size_t piece_start = 0;
  std::string_view text = call.text;
  ForEachMatch(*call.re, text, 0, [&](const auto& submatch) {
    size_t start = size_t(submatch[0].data() - text.data());
    if (submatch[0].empty() && (start == 0 || start == text.size())) {
      return true;
    }
    out.push_back(Value::String(text.substr(piece_start, start - piece_start)));
    piece_start = start + submatch[0].size();
    return true;
  });
  out.push_back(Value::String(text.substr(piece_start)));
  return Value::MakeArray(std::move(out));
}

Result<Value> RegexpCount(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(RegexCall call, Prepare("REGEXP_COUNT", args, false));
  int64_t count = 0;
  ForEachMatch(*call.re, call.text, 0, [&](const auto&) {
    ++count;
    return true;
  });
  return Value::Int(count);
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef RegexpExtractFunction() {
  return Def("REGEXP_EXTRACT", 2, 3, RegexpExtract, "REGEXP_EXTRACT(s, pattern[, group]) -> string",
             "The first match of pattern in s (or its capture group `group`); null when "
             "nothing matches.",
             "REGEXP_EXTRACT('abc123def456', '[0-9]+') = '123' AND "
             "REGEXP_EXTRACT('a=1', '(\\w)=(\\d)', 2) = '1'");
}

FunctionDef RegexpExtractAllFunction() {
  return Def("REGEXP_EXTRACT_ALL", 2, 3, RegexpExtractAll,
             "REGEXP_EXTRACT_ALL(s, pattern[, group]) -> array",
             "Every non-overlapping match of pattern in s (or of capture group `group`).",
             "REGEXP_EXTRACT_ALL('a1b22c333', '[0-9]+') = ['1', '22', '333']");
}

FunctionDef RegexpReplaceFunction() {
  return Def("REGEXP_REPLACE", 2, 3, RegexpReplace,
             "REGEXP_REPLACE(s, pattern[, replacement]) -> string",
             "Replaces every match; `\\1`..`\\9` insert capture groups and `\\0` the match. "
             "Without a replacement, matches are deleted.",
             "REGEXP_REPLACE('a1b2c3', '[0-9]') = 'abc' AND "
             "REGEXP_REPLACE('ab', '(a)(b)', '\\2\\1') = 'ba'");
}

FunctionDef RegexpSplitFunction() {
  return Def("REGEXP_SPLIT", 2, 2, RegexpSplit, "REGEXP_SPLIT(s, pattern) -> array",
             "The pieces of s between matches of pattern.",
             "REGEXP_SPLIT('a1b22c', '[0-9]+') = ['a', 'b', 'c']");
}

FunctionDef RegexpCountFunction() {
  return Def("REGEXP_COUNT", 2, 2, RegexpCount, "REGEXP_COUNT(s, pattern) -> int",
             "Number of non-overlapping matches of pattern in s.",
             "REGEXP_COUNT('a1b22c333', '[0-9]+') = 3");
}

}  // namespace basalt::sql
