#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"

namespace basalt::storage {

// Field paths name where a value sits inside a document (docs/formats/paths.md): object
// keys joined by '.', with '.', '[', ']' and '\' inside a key escaped by a backslash;
// "[*]" names the elements of an array.

// Escapes one object key for use as a path segment.
std::string EscapePathKey(std::string_view key);
// Joins escaped keys: JoinPath({"address", "city"}) == "address.city".
std::string JoinPath(const std::vector<std::string>& keys);

struct PathValue {
  std::string path;
  Value value;
};

// The entries of the row/column stores: for every path of object keys (no array descent)
// whose value is not a non-empty object, the value there (scalars, arrays, empty objects).
void FlattenForColumns(const Value& document, std::vector<PathValue>* out);

// The entries of the inverted index: every scalar at every path, `[*]` paths included;
// arrays and objects contribute a type-only entry (an empty array or object stands for
// them; the index key holds only the type) so that type look-ups (IS NOT NULL, IS_ARRAY)
// are served by the index.
void FlattenForIndex(const Value& document, std::vector<PathValue>* out);

// Resolves a path without `[*]` against a document: the value there or undefined.
Value ValueAtPath(const Value& document, std::string_view path);

}  // namespace basalt::storage
