#include "sql/functions/scalar/regex/regex_prefilter.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <re2/filtered_re2.h>
#include <re2/re2.h>

namespace basalt::sql {
namespace {

// More atoms than this cost more to look for than RE2 costs to run.
constexpr size_t kMaxAtoms = 8;

bool IsLowerLetter(char c) {
  return c >= 'a' && c <= 'z';
}

char FoldAscii(char c) {
  return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

bool IsAscii(std::string_view text) {
  size_t idx = 0;
  for (; idx + 8 <= text.size(); idx += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + idx, 8);
    if ((word & 0x8080808080808080ULL) != 0) {
      return false;
    }
  }
  for (; idx < text.size(); ++idx) {
    if ((static_cast<unsigned char>(text[idx]) & 0x80) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool ContainsAsciiFolded(std::string_view text, std::string_view atom, bool* ascii) {
  if (atom.empty()) {
    return true;
  }
  if (atom.size() > text.size()) {
    if (ascii != nullptr) {
      *ascii = IsAscii(text);
    }
    return false;
  }
  const size_t length = atom.size();
  const char first = atom[0];
  const char last = atom[length - 1];
  // A byte equals a lower-case letter ignoring case iff (byte | 0x20) equals it.
  const char first_fold = IsLowerLetter(first) ? 0x20 : 0;
  const char last_fold = IsLowerLetter(last) ? 0x20 : 0;
  auto matches_at = [&](size_t pos) {
    for (size_t idx = 1; idx + 1 < length; ++idx) {
      if (FoldAscii(text[pos + idx]) != atom[idx]) {
        return false;
      }
    }
    return true;
  };
  size_t pos = 0;
  size_t checked = 0;  // text[0, checked) seen by the vector loop; `high`: a byte >= 0x80
  unsigned high = 0;
#if defined(__SSE2__)
  // 16 candidate positions at a time: the first and the last byte of the atom must match
  // (the generic SIMD substring search), then the bytes in between are compared.
  const __m128i first_v = _mm_set1_epi8(first);
  const __m128i last_v = _mm_set1_epi8(last);
  const __m128i first_fold_v = _mm_set1_epi8(first_fold);
  const __m128i last_fold_v = _mm_set1_epi8(last_fold);
  for (; pos + length - 1 + 16 <= text.size(); pos += 16) {
    __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    __m128i tail =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos + length - 1));
    __m128i both = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(head, first_fold_v), first_v),
                                 _mm_cmpeq_epi8(_mm_or_si128(tail, last_fold_v), last_v));
    high |= unsigned(_mm_movemask_epi8(head));
    checked = pos + 16;
    auto mask = unsigned(_mm_movemask_epi8(both));
    while (mask != 0) {
      if (matches_at(pos + size_t(__builtin_ctz(mask)))) {
        return true;
      }
      mask &= mask - 1;
    }
  }
#endif
  for (; pos + length <= text.size(); ++pos) {
    if (char(text[pos] | first_fold) == first && char(text[pos + length - 1] | last_fold) == last &&
        matches_at(pos)) {
      return true;
    }
  }
  if (ascii != nullptr) {
    *ascii = high == 0 && IsAscii(text.substr(checked));
  }
  return false;
}

RegexPrefilter::RegexPrefilter(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto filter = std::make_unique<re2::FilteredRE2>(kMinAtomLength);
  int id = 0;
  if (filter->Add(re2::StringPiece(pattern.data(), pattern.size()), options, &id) != RE2::NoError) {
    return;
  }
  std::vector<std::string> atoms;
  filter->Compile(&atoms);
  if (atoms.empty() || atoms.size() > kMaxAtoms) {
    return;
  }
  for (const std::string& atom : atoms) {
    if (std::any_of(atom.begin(), atom.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      return;  // atoms are lower-case; anything else would be looked for wrongly
    }
  }
  // With no atom found the formula must fail, or the prefilter rules nothing out.
  std::vector<int> potentials;
  filter->AllPotentials({}, &potentials);
  if (!potentials.empty()) {
    return;
  }
  filter_ = std::move(filter);
  atoms_ = std::move(atoms);
}

RegexPrefilter::~RegexPrefilter() = default;

bool RegexPrefilter::MayMatch(std::string_view text) const {
  if (filter_ == nullptr) {
    return true;
  }
  std::vector<int> found;
  bool ascii = true;
  bool ascii_known = false;  // from the first search that failed
  for (size_t atom_idx = 0; atom_idx < atoms_.size(); ++atom_idx) {
    if (ContainsAsciiFolded(text, atoms_[atom_idx], ascii_known ? nullptr : &ascii)) {
      found.push_back(int(atom_idx));
    } else {
      ascii_known = true;
    }
  }
  if (!found.empty()) {
    std::vector<int> potentials;
    filter_->AllPotentials(found, &potentials);
    if (!potentials.empty()) {
      return true;
    }
  }
  // The atoms were looked for with ASCII case folding only.
  return !(ascii_known ? ascii : IsAscii(text));
}

}  // namespace basalt::sql
