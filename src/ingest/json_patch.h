#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"

namespace basalt::ingest {

// JSON Patch (RFC 6902) with Rockset's extra INCREMENT operation, over Values.
//
// Operation names are case-insensitive. Paths are JSON Pointers (RFC 6901): "" is the
// whole document, "/a/b" a nested field, "/tags/0" an array element, "/tags/-" the slot
// past the end of an array (ADD, COPY, MOVE and INCREMENT append there); "~1" stands for
// '/' and "~0" for '~' inside a token. INCREMENT adds its numeric `value` to the number at
// `path` (a missing target counts as 0; int + int stays int and fails on overflow, any
// float makes a float).
//
// All failures are INVALIDINPUT statuses naming the operation's index and path.

enum class PatchOpKind { kAdd, kRemove, kReplace, kCopy, kMove, kTest, kIncrement };

// "ADD", "REMOVE", ...
std::string_view PatchOpKindName(PatchOpKind kind);

struct JsonPointer {
  std::string text;                 // as written, for messages
  std::vector<std::string> tokens;  // unescaped reference tokens; empty = whole document
};

// Parses a JSON Pointer. Fails on a non-empty pointer not starting with '/' and on a '~'
// not followed by '0' or '1'.
Result<JsonPointer> ParseJsonPointer(std::string_view text);

struct PatchOp {
  PatchOpKind kind = PatchOpKind::kAdd;
  JsonPointer path;
  JsonPointer from;  // COPY and MOVE only
  Value value;       // ADD, REPLACE, TEST, INCREMENT (a number for INCREMENT)
};

// Parses and validates the `patch` array of one document: each element an object
// `{op, path, value?, from?}` with the fields its operation needs.
Result<std::vector<PatchOp>> ParsePatch(const Value& operations);

// Applies `ops` in order to `document` and returns the patched document. Any failing
// operation (missing target, bad array index, failed TEST, ...) fails the whole patch; the
// caller's `document` is never modified (Values copy on write).
Result<Value> ApplyPatch(const std::vector<PatchOp>& ops, Value document);

}  // namespace basalt::ingest
