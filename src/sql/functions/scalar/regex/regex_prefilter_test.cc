#include "sql/functions/scalar/regex/regex_prefilter.h"

#include <string>

#include <gtest/gtest.h>
#include <re2/re2.h>

#include "sql/functions/scalar/regex/regex_cache.h"

namespace basalt::sql {
namespace {

TEST(ContainsAsciiFoldedTest, FindsTheAtomAnywhereIgnoringAsciiCase) {
  EXPECT_TRUE(ContainsAsciiFolded("abc", "abc"));
  EXPECT_TRUE(ContainsAsciiFolded("xxABCxx", "abc"));
  EXPECT_TRUE(ContainsAsciiFolded("aBc-1", "bc-1"));
  EXPECT_FALSE(ContainsAsciiFolded("ab", "abc"));
  EXPECT_FALSE(ContainsAsciiFolded("abd abx", "abc"));
  // '@' | 0x20 is '`' and '[' | 0x20 is '{': only letters fold.
  EXPECT_FALSE(ContainsAsciiFolded("`a{", "@a["));
  EXPECT_TRUE(ContainsAsciiFolded("@a[", "@a["));
  EXPECT_FALSE(ContainsAsciiFolded("@A[", "`a{"));
  // Non-ASCII bytes anywhere are reported when the atom is not found.
  for (size_t length : {2u, 5u, 15u, 16u, 17u, 31u, 33u, 70u}) {
    for (size_t pos = 0; pos < length; ++pos) {
      std::string text(length, 'z');
      bool ascii = false;
      EXPECT_FALSE(ContainsAsciiFolded(text, "abc", &ascii));
      EXPECT_TRUE(ascii) << length;
      text[pos] = char(0xC3);
      EXPECT_FALSE(ContainsAsciiFolded(text, "abc", &ascii));
      EXPECT_FALSE(ascii) << length << " " << pos;
      EXPECT_FALSE(ContainsAsciiFolded(text, "abcdefghijklmnopqrstu", &ascii));
      EXPECT_FALSE(ascii) << length << " " << pos;
    }
  }
  // Every position across the 16-byte blocks and the scalar tail.
  for (size_t length : {3u, 15u, 16u, 17u, 31u, 32u, 33u, 70u}) {
    for (size_t pos = 0; pos + 4 <= length; ++pos) {
      std::string text(length, 'z');
      text.replace(pos, 4, "NeEd");
      EXPECT_TRUE(ContainsAsciiFolded(text, "need")) << length << " " << pos;
      text[pos + 3] = 'x';
      EXPECT_FALSE(ContainsAsciiFolded(text, "need")) << length << " " << pos;
      text[pos + 3] = 'D';
      text[pos + 1] = '3';
      EXPECT_FALSE(ContainsAsciiFolded(text, "need")) << length << " " << pos;
    }
  }
}

TEST(RegexPrefilterTest, RulesOutTextsWithoutTheRequiredLiterals) {
  RegexPrefilter word("(?i)\\bguzirglu\\b");
  EXPECT_TRUE(word.useful());
  EXPECT_TRUE(word.MayMatch("a GUZIRGLU b"));
  EXPECT_TRUE(word.MayMatch("guzirglus"));  // a candidate; RE2 decides
  EXPECT_FALSE(word.MayMatch("nothing to see here"));
  EXPECT_FALSE(word.MayMatch(""));

  RegexPrefilter either("abc|xyz");
  EXPECT_TRUE(either.MayMatch("--xyz--"));
  EXPECT_TRUE(either.MayMatch("ABC"));  // atoms are case-folded: a candidate only
  EXPECT_FALSE(either.MayMatch("abxy"));

  RegexPrefilter both("reax.*chil");
  EXPECT_TRUE(both.MayMatch("reax and chil"));
  EXPECT_FALSE(both.MayMatch("reax alone"));
  EXPECT_FALSE(both.MayMatch("chil alone"));
}

TEST(RegexPrefilterTest, PatternsWithoutALiteralRuleNothingOut) {
  for (const char* pattern : {".*", "a+", "[a-z]{5}", "ab|.", "(", "x?y?z?"}) {
    RegexPrefilter any(pattern);
    EXPECT_FALSE(any.useful()) << pattern;
    EXPECT_TRUE(any.MayMatch("")) << pattern;
  }
}

TEST(RegexPrefilterTest, NonAsciiTextsAreLeftToRe2) {
  // U+212A KELVIN SIGN folds to k under (?i): the ASCII search cannot see it.
  std::string kelvin =
      "\xE2\x84\xAA"
      "elvin";
  RegexPrefilter pattern("(?i)kelvin");
  EXPECT_TRUE(pattern.MayMatch(kelvin));
  EXPECT_TRUE(RE2::PartialMatch(kelvin, RE2("(?i)kelvin")));
  EXPECT_TRUE(*RegexPartialMatch("REGEXP_LIKE", "(?i)kelvin", kelvin));
  EXPECT_FALSE(*RegexPartialMatch("REGEXP_LIKE", "(?i)kelvin", "kelvi"));
  // Non-ASCII atoms: found exactly, or left to RE2.
  EXPECT_TRUE(*RegexPartialMatch("REGEXP_LIKE", "(?i)élan", "\xC3\x89LAN"));
  EXPECT_FALSE(*RegexPartialMatch("REGEXP_LIKE", "(?i)élan", "elan"));
}

TEST(RegexPartialMatchTest, AgreesWithRe2) {
  const char* const patterns[] = {"(?i)\\bneedle\\b", "abc|xyz",         "^The", "end$", "a.*b",
                                  "[0-9]{3}-x",       "(?i)ÉLAN|Kelvin", "q"};
  const char* const texts[] = {"the Needle.", "needles", "xyzabc", "The end", "bend",
                               "123-X 456-x", "élan",    "KELVIN", "",        "no match here"};
  for (const char* pattern : patterns) {
    RE2 re(pattern);
    for (const char* text : texts) {
      EXPECT_EQ(*RegexPartialMatch("REGEXP_LIKE", pattern, text), RE2::PartialMatch(text, re))
          << pattern << " on " << text;
    }
  }
  auto bad = RegexPartialMatch("REGEXP_LIKE", "(", "x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kQueryError);
}

}  // namespace
}  // namespace basalt::sql
