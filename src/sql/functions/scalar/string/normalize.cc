// NORMALIZE(s[, form]): Unicode normalization (NFC, NFD, NFKC, NFKD) through ICU.
// `NORMALIZE(s, NFC)` with a bare form is SQL syntax; the parser passes the form as a string.
#include <string>
#include <string_view>

#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"
#include "sql/parser/lexer.h"

namespace basalt::sql {
namespace {

// ICU's normalizer instances are process-wide singletons, safe to share across threads.
const icu::Normalizer2* NormalizerFor(std::string_view form, UErrorCode* status) {
  if (form == "NFC") {
    return icu::Normalizer2::getNFCInstance(*status);
  }
  if (form == "NFD") {
    return icu::Normalizer2::getNFDInstance(*status);
  }
  if (form == "NFKC") {
    return icu::Normalizer2::getNFKCInstance(*status);
  }
  if (form == "NFKD") {
    return icu::Normalizer2::getNFKDInstance(*status);
  }
  return nullptr;
}

Result<Value> Normalize(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view text, StringArg("NORMALIZE", args, 0));
  std::string form = "NFC";
  if (args.size() > 1) {
    BASALT_ASSIGN_OR_RETURN(std::string_view given, StringArg("NORMALIZE", args, 1));
    form = ToUpperAscii(given);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = NormalizerFor(form, &status);
  if (normalizer == nullptr) {
    return FunctionError("NORMALIZE",
                         "the form must be NFC, NFD, NFKC or NFKD, got '" + form + "'");
  }
  if (U_FAILURE(status)) {
    return FunctionError("NORMALIZE", std::string("ICU: ") + u_errorName(status));
  }
  // Invalid UTF-8 decodes to U+FFFD, as everywhere else strings are decoded.
  icu::UnicodeString input =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), int32_t(text.size())));
  icu::UnicodeString output = normalizer->normalize(input, status);
  if (U_FAILURE(status)) {
    return FunctionError("NORMALIZE", std::string("ICU: ") + u_errorName(status));
  }
  std::string out;
  output.toUTF8String(out);
  return Value::String(std::move(out));
}

}  // namespace

FunctionDef NormalizeFunction() {
  return {.name = "NORMALIZE",
          .min_args = 1,
          .max_args = 2,
          .kernel = Normalize,
          .signature = "NORMALIZE(s[, NFC | NFD | NFKC | NFKD]) -> string",
          .doc = "Unicode normalization of s to the given form (default NFC).",
          .example = "NORMALIZE('e\u0301') = '\u00e9' AND LENGTH(NORMALIZE('\u00e9', NFD)) = 2"};
}

}  // namespace basalt::sql
