// Text search predicates evaluated per row (sql.md §9.15): TOKENIZE, HAS_TERM, CONTAINS,
// BOOST, PROXIMITY, PROXIMITY_BOOST, SEARCH, SCORE. No search index is used: every call
// tokenizes its arguments, so these are correct filters, not fast ones.
//
// Relevance (SCORE()): the binder replaces SCORE() in a SELECT whose WHERE has SEARCH(...) by
// a copy of that SEARCH call evaluated with the score kernels below (SearchScoreKernel):
// a matched term weighs 1 + ln(tf) (tf: occurrences of the term among the field's tokens; a
// CONTAINS adds this for each of its tokens), BOOST multiplies its term's weight, PROXIMITY
// and SEARCH add up their terms' weights, and terms that are not text predicates add 0.
//
// Tokenizer (one rule, locale-agnostic): a token is a maximal run of word characters, which
// are ASCII letters and digits plus every byte >= 0x80 (so any non-ASCII UTF-8 text counts as
// word characters and is never split); everything else separates tokens. Tokens are
// lower-cased (ASCII, Latin, Greek, Cyrillic, Armenian, as LOWER). Rockset's tokenizer is
// ICU-based and locale-aware; the optional locale argument is accepted and ignored.
#include <cmath>
#include <string>
#include <unordered_set>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

bool IsWordByte(unsigned char ch) {
  return ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
         (ch >= 'A' && ch <= 'Z');
}

std::string LowerToken(std::string_view token) {
  bool ascii = true;
  for (char ch : token) {
    ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
  }
  if (ascii) {
    return AsciiLower(token);
  }
  std::vector<uint32_t> cps = DecodeUtf8(token);
  for (uint32_t& cp : cps) {
    cp = ToLowerCodePoint(cp);
  }
  return EncodeUtf8(cps);
}

template <typename Sink>
void ForEachToken(std::string_view text, Sink&& sink) {
  size_t idx = 0;
  while (idx < text.size()) {
    while (idx < text.size() && !IsWordByte(static_cast<unsigned char>(text[idx]))) {
      ++idx;
    }
    size_t start = idx;
    while (idx < text.size() && IsWordByte(static_cast<unsigned char>(text[idx]))) {
      ++idx;
    }
    if (idx > start) {
      sink(LowerToken(text.substr(start, idx - start)));
    }
  }
}

Status CheckLocale(std::string_view fn, const Args& args, size_t index) {
  if (args.size() > index) {
    BASALT_ASSIGN_OR_RETURN(std::string_view locale, StringArg(fn, args, index));
    (void)locale;  // accepted, ignored: one tokenizer for every locale
  }
  return Status::Ok();
}

// The tokens of a searched field: a string's tokens, or for an array the union of its string
// elements' tokens. Other types have no tokens (a search index only indexes strings).
std::unordered_set<std::string> FieldTokens(const Value& field) {
  std::unordered_set<std::string> tokens;
  auto add = [&](std::string token) { tokens.insert(std::move(token)); };
  if (field.is_string()) {
    ForEachToken(field.string_value(), add);
  } else if (field.is_array()) {
    for (const Value& element : field.array()) {
      if (element.is_string()) {
        ForEachToken(element.string_value(), add);
      }
    }
  }
  return tokens;
}

Result<Value> Tokenize(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view text, StringArg("TOKENIZE", args, 0));
  BASALT_RETURN_IF_ERROR(CheckLocale("TOKENIZE", args, 1));
  Array out;
  ForEachToken(text, [&](std::string token) { out.push_back(Value::String(std::move(token))); });
  return Value::MakeArray(std::move(out));
}

Result<Value> HasTerm(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view term, StringArg("HAS_TERM", args, 1));
  std::string wanted = LowerToken(term);
  if (args[0].is_string()) {
    bool found = false;
    ForEachToken(args[0].string_value(), [&](const std::string& token) {
      found = found || token == wanted;
    });
    return Value::Bool(found);
  }
  return Value::Bool(FieldTokens(args[0]).contains(wanted));
}

Result<Value> Contains(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view text, StringArg("CONTAINS", args, 1));
  BASALT_RETURN_IF_ERROR(CheckLocale("CONTAINS", args, 2));
  std::vector<std::string> wanted;
  ForEachToken(text, [&](std::string token) { wanted.push_back(std::move(token)); });
  if (wanted.empty()) {
    return Value::Bool(false);  // text without tokens matches nothing
  }
  std::unordered_set<std::string> tokens = FieldTokens(args[0]);
  for (const std::string& token : wanted) {
    if (!tokens.contains(token)) {
      return Value::Bool(false);
    }
  }
  return Value::Bool(true);
}

Result<Value> Boost(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double boost, NumberArg("BOOST", args, 0));
  (void)boost;  // only affects relevance scores
  BASALT_ASSIGN_OR_RETURN(bool term, BoolArg("BOOST", args, 1));
  return Value::Bool(term);
}

Result<Value> ProximityBoost(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double boost, NumberArg("PROXIMITY_BOOST", args, 0));
  BASALT_ASSIGN_OR_RETURN(double range, NumberArg("PROXIMITY_BOOST", args, 1));
  (void)boost;
  (void)range;
  return Value::Bool(true);
}

// PROXIMITY: three-valued AND (false wins, then null). SEARCH: null terms count as false.
template <FnName kName, bool kNullIsFalse>
Result<Value> AndTerms(const Args& args, const FunctionContext&) {
  bool any_null = false;
  bool all_true = true;
  for (size_t idx = 0; idx < args.size(); ++idx) {
    const Value& term = args[idx];
    if (term.is_nullish()) {
      any_null = true;
      continue;
    }
    if (term.type() != ValueType::kBool) {
      return ArgumentTypeError(kName.view(), int(idx + 1), term, "a boolean search term");
    }
    all_true = all_true && term.bool_value();
  }
  if (!all_true) {
    return Value::Bool(false);
  }
  if (any_null) {
    return kNullIsFalse ? Value::Bool(false) : Value::Null();
  }
  return Value::Bool(true);
}

// --- Relevance scores (see the file comment).

// Occurrences of `wanted` among the tokens of a searched field.
int64_t TermFrequency(const Value& field, const std::string& wanted) {
  int64_t count = 0;
  auto visit = [&](std::string_view text) {
    ForEachToken(text, [&](const std::string& token) { count += token == wanted; });
  };
  if (field.is_string()) {
    visit(field.string_value());
  } else if (field.is_array()) {
    for (const Value& element : field.array()) {
      if (element.is_string()) {
        visit(element.string_value());
      }
    }
  }
  return count;
}

double TermWeight(int64_t frequency) {
  return frequency > 0 ? 1.0 + std::log(double(frequency)) : 0.0;
}

// A term's weight in score mode: floats are weights; any other value (a boolean filter
// term, null) weighs nothing.
double WeightOf(const Value& value) {
  return value.type() == ValueType::kFloat ? value.float_value() : 0.0;
}

Result<Value> HasTermScore(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view term, StringArg("HAS_TERM", args, 1));
  return Value::Float(TermWeight(TermFrequency(args[0], LowerToken(term))));
}

Result<Value> ContainsScore(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view text, StringArg("CONTAINS", args, 1));
  std::vector<std::string> wanted;
  ForEachToken(text, [&](std::string token) { wanted.push_back(std::move(token)); });
  double total = 0;
  for (const std::string& token : wanted) {
    int64_t frequency = TermFrequency(args[0], token);
    if (frequency == 0) {
      return Value::Float(0);
    }
    total += TermWeight(frequency);
  }
  return Value::Float(total);
}

Result<Value> BoostScore(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double boost, NumberArg("BOOST", args, 0));
  return Value::Float(boost * WeightOf(args[1]));
}

Result<Value> ProximityBoostScore(const Args&, const FunctionContext&) {
  return Value::Null();  // tunes PROXIMITY only; weighs nothing itself
}

// PROXIMITY, SEARCH, AND and OR in score mode: the sum of the terms' weights.
Result<Value> SumScores(const Args& args, const FunctionContext&) {
  double total = 0;
  for (const Value& arg : args) {
    total += WeightOf(arg);
  }
  return Value::Float(total);
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example,
                NullHandling nulls = NullHandling::kPropagate) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .nulls = nulls,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef TokenizeFunction() {
  return Def("TOKENIZE", 1, 2, Tokenize, "TOKENIZE(s[, locale]) -> array",
             "The lower-cased word tokens of s. A token is a maximal run of ASCII letters and "
             "digits and bytes >= 0x80 (any non-ASCII UTF-8 character counts as a word "
             "character); everything else separates tokens. Divergence: Rockset tokenizes with "
             "ICU per locale; here the locale is accepted and ignored.",
             "TOKENIZE('Hello, World-42!') = ['hello', 'world', '42']");
}

FunctionDef HasTermFunction() {
  return Def("HAS_TERM", 2, 2, HasTerm, "HAS_TERM(field, term) -> bool",
             "Whether the lower-cased term is one of TOKENIZE(field); for an array field, of "
             "any string element's tokens. A field of another type has no tokens (false). "
             "Evaluated per row (no search index); usually a term of SEARCH.",
             "HAS_TERM('The Quick fox', 'QUICK') AND NOT HAS_TERM('quickly', 'quick')");
}

FunctionDef ContainsFunction() {
  return Def("CONTAINS", 2, 3, Contains, "CONTAINS(field, text[, locale]) -> bool",
             "Whether every token of TOKENIZE(text) is among the field's tokens (for an array "
             "field: the tokens of all its string elements), in any order. Text without tokens "
             "matches nothing. The locale is accepted and ignored.",
             "CONTAINS('the quick brown fox', 'Fox quick') AND NOT CONTAINS('the fox', 'fox dog')");
}

FunctionDef BoostFunction() {
  return Def("BOOST", 2, 2, Boost, "BOOST(b, term) -> bool",
             "The search term itself; in SCORE() the term's weight is multiplied by b.",
             "BOOST(2.0, HAS_TERM('a b', 'b'))");
}

FunctionDef ProximityFunction() {
  return Def("PROXIMITY", 1, -1, AndTerms<"PROXIMITY", false>, "PROXIMITY(term, ...) -> bool",
             "Simplified: the AND of its terms (three-valued: false if any is false, else null "
             "if any is null). Divergence: Rockset also uses the distance between the matched "
             "terms for scoring; positions are not considered here.",
             "PROXIMITY(HAS_TERM('a b', 'a'), HAS_TERM('a b', 'b'))",
             NullHandling::kCustom);
}

FunctionDef ProximityBoostFunction() {
  return Def("PROXIMITY_BOOST", 2, 2, ProximityBoost, "PROXIMITY_BOOST(b, range) -> bool",
             "Always true: it only tunes the scoring of PROXIMITY (b and range must be numbers).",
             "PROXIMITY_BOOST(2.0, 5)");
}

FunctionDef SearchFunction() {
  return Def("SEARCH", 1, -1, AndTerms<"SEARCH", true>, "SEARCH(term, ...) -> bool",
             "Whether the row matches: the AND of its boolean terms, a null or undefined term "
             "counting as false. Evaluated per row; SCORE() gives the relevance of a match. "
             "With OPTION(match_all=false) after the call, any one term matching is enough.",
             "SEARCH(HAS_TERM('a b', 'a'), CONTAINS('a b', 'b')) AND NOT SEARCH(true, NULL)",
             NullHandling::kCustom);
}

namespace {
Result<Value> ScoreOutsideSearch(const Args&, const FunctionContext&) {
  return Value::Null();
}
}  // namespace

FunctionDef ScoreFunction() {
  return Def("SCORE", 0, 0, ScoreOutsideSearch, "SCORE() -> float",
             "The relevance of the current row to the SEARCH(...) of the WHERE clause of the "
             "same SELECT: each matched term weighs 1 + ln(tf), tf being how often the term "
             "occurs among the field's tokens (CONTAINS adds this per token); BOOST(b, term) "
             "multiplies a term's weight by b; the weights of all terms add up. Null in a "
             "SELECT without SEARCH. Divergence: Rockset's exact scoring formula is not "
             "documented; proximity is not scored.",
             "SCORE() IS NULL", NullHandling::kCustom);
}

const FunctionDef* SearchScoreKernel(std::string_view name) {
  static const FunctionDef kHasTerm = Def("HAS_TERM", 2, 2, HasTermScore, "", "", "");
  static const FunctionDef kContains = Def("CONTAINS", 2, 3, ContainsScore, "", "", "");
  static const FunctionDef kBoost =
      Def("BOOST", 2, 2, BoostScore, "", "", "", NullHandling::kCustom);
  static const FunctionDef kProximityBoost =
      Def("PROXIMITY_BOOST", 2, 2, ProximityBoostScore, "", "", "", NullHandling::kCustom);
  static const FunctionDef kSum = Def("SEARCH", 0, -1, SumScores, "", "", "", NullHandling::kCustom);
  if (name == "HAS_TERM") return &kHasTerm;
  if (name == "CONTAINS") return &kContains;
  if (name == "BOOST") return &kBoost;
  if (name == "PROXIMITY_BOOST") return &kProximityBoost;
  if (name == "SEARCH" || name == "PROXIMITY" || name == "AND" || name == "OR") return &kSum;
  return nullptr;
}

}  // namespace basalt::sql
