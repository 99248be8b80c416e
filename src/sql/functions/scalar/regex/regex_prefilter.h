#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class FilteredRE2;
}

namespace basalt::sql {

// The literals every match of a pattern contains, checked on a text before the full RE2
// search: RE2's prefilter (an AND/OR formula over lower-case "atoms" of at least
// kMinAtomLength bytes) evaluated with a case-insensitive ASCII substring search. A text
// with bytes outside ASCII is always left to RE2 when the formula fails (Unicode case
// folding maps some non-ASCII characters onto ASCII letters, e.g. the Kelvin sign onto k).
// Immutable after construction; MayMatch may be called from several threads.
class RegexPrefilter {
 public:
  static constexpr int kMinAtomLength = 3;

  // `pattern` in RE2 syntax, UTF-8, case-sensitive unless it says (?i). A pattern that
  // does not compile, or has no required literal, gives a prefilter that rules nothing out.
  explicit RegexPrefilter(std::string_view pattern);
  ~RegexPrefilter();
  RegexPrefilter(const RegexPrefilter&) = delete;
  RegexPrefilter& operator=(const RegexPrefilter&) = delete;

  // False only when no match of the pattern can be in `text`.
  bool MayMatch(std::string_view text) const;
  // Whether MayMatch can ever be false.
  bool useful() const { return filter_ != nullptr; }

 private:
  std::unique_ptr<re2::FilteredRE2> filter_;  // null: rules nothing out
  std::vector<std::string> atoms_;
};

// Whether `text` contains `atom` (lower-case) when ASCII upper-case letters of `text` are
// read as lower-case. When it does not and `ascii` is given, *ascii tells whether every
// byte of `text` is ASCII (found in the same pass).
bool ContainsAsciiFolded(std::string_view text, std::string_view atom, bool* ascii = nullptr);

}  // namespace basalt::sql
