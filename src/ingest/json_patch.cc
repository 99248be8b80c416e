#include "ingest/json_patch.h"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace basalt::ingest {
namespace {

constexpr size_t kAppendIndex = static_cast<size_t>(-1);

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t pos = 0; pos < a.size(); ++pos) {
    if (std::toupper(static_cast<unsigned char>(a[pos])) !=
        std::toupper(static_cast<unsigned char>(b[pos]))) {
      return false;
    }
  }
  return true;
}

constexpr PatchOpKind kAllKinds[] = {
    PatchOpKind::kAdd,  PatchOpKind::kRemove, PatchOpKind::kReplace,  PatchOpKind::kCopy,
    PatchOpKind::kMove, PatchOpKind::kTest,   PatchOpKind::kIncrement};

// Context for error messages: "patch operation 2 (REMOVE /a/b): ...".
struct OpContext {
  size_t index;
  const PatchOp& op;
  Status Fail(std::string_view why) const {
    return InvalidInput("patch operation " + std::to_string(index) + " (" +
                        std::string(PatchOpKindName(op.kind)) + " " + op.path.text +
                        "): " + std::string(why));
  }
};

// Parses an array index token: "-" (append, when allowed) or a decimal without leading
// zeros. Returns false on anything else.
bool ParseArrayIndex(std::string_view token, bool allow_append, size_t* index) {
  if (token == "-") {
    if (!allow_append) {
      return false;
    }
    *index = kAppendIndex;
    return true;
  }
  if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0')) {
    return false;
  }
  size_t parsed = 0;
  for (char c : token) {
    if (c < '0' || c > '9') {
      return false;
    }
    parsed = parsed * 10 + static_cast<size_t>(c - '0');
  }
  *index = parsed;
  return true;
}

// The value at `tokens`, or nullptr when there is none.
const Value* Find(const Value& root, const std::vector<std::string>& tokens) {
  const Value* current = &root;
  for (const std::string& token : tokens) {
    if (current->is_object()) {
      const Value& child = current->Get(token);
      if (child.is_undefined()) {
        return nullptr;
      }
      current = &child;
    } else if (current->is_array()) {
      size_t index = 0;
      if (!ParseArrayIndex(token, false, &index) || index >= current->array().size()) {
        return nullptr;
      }
      current = &current->array()[index];
    } else {
      return nullptr;
    }
  }
  return current;
}

// Walks to the container holding the last token, making each level uniquely owned so it
// can be modified. REQUIRES: tokens is not empty.
Result<Value*> MutableParent(Value* root, const std::vector<std::string>& tokens,
                             const OpContext& ctx) {
  Value* current = root;
  for (size_t depth = 0; depth + 1 < tokens.size(); ++depth) {
    const std::string& token = tokens[depth];
    Value* next = nullptr;
    if (current->is_object()) {
      for (Field& field : current->MutableObject()) {
        if (field.first == token) {
          next = &field.second;
          break;
        }
      }
    } else if (current->is_array()) {
      size_t index = 0;
      if (ParseArrayIndex(token, false, &index) && index < current->array().size()) {
        next = &current->MutableArray()[index];
      }
    }
    if (next == nullptr || next->is_undefined()) {
      return ctx.Fail("no value at the parent of the target");
    }
    current = next;
  }
  if (!current->is_object() && !current->is_array()) {
    return ctx.Fail("the parent of the target is neither an object nor an array");
  }
  return current;
}

// The existing child of `parent` named by `token`, or nullptr.
Value* MutableChild(Value* parent, const std::string& token) {
  if (parent->is_object()) {
    for (Field& field : parent->MutableObject()) {
      if (field.first == token) {
        return field.second.is_undefined() ? nullptr : &field.second;
      }
    }
    return nullptr;
  }
  size_t index = 0;
  if (!ParseArrayIndex(token, false, &index) || index >= parent->array().size()) {
    return nullptr;
  }
  return &parent->MutableArray()[index];
}

// RFC 6902 "add": sets an object member, or inserts into an array (index <= size, or '-').
Status AddAt(Value* root, const JsonPointer& path, Value value, const OpContext& ctx) {
  if (path.tokens.empty()) {
    *root = std::move(value);
    return Status::Ok();
  }
  BASALT_ASSIGN_OR_RETURN(Value * parent, MutableParent(root, path.tokens, ctx));
  const std::string& token = path.tokens.back();
  if (parent->is_object()) {
    parent->Set(token, std::move(value));
    return Status::Ok();
  }
  size_t index = 0;
  Array& elements = parent->MutableArray();
  if (!ParseArrayIndex(token, true, &index)) {
    return ctx.Fail("invalid array index");
  }
  if (index == kAppendIndex) {
    index = elements.size();
  }
  if (index > elements.size()) {
    return ctx.Fail("array index out of bounds");
  }
  elements.insert(elements.begin() + static_cast<ptrdiff_t>(index), std::move(value));
  return Status::Ok();
}

// RFC 6902 "remove": the target must exist. Returns the removed value.
Result<Value> RemoveAt(Value* root, const JsonPointer& path, const OpContext& ctx) {
  if (path.tokens.empty()) {
    return ctx.Fail("cannot remove the whole document");
  }
  BASALT_ASSIGN_OR_RETURN(Value * parent, MutableParent(root, path.tokens, ctx));
  Value* target = MutableChild(parent, path.tokens.back());
  if (target == nullptr) {
    return ctx.Fail("no value at the target");
  }
  Value removed = std::move(*target);
  if (parent->is_object()) {
    parent->Erase(path.tokens.back());
  } else {
    Array& elements = parent->MutableArray();
    elements.erase(elements.begin() + (target - elements.data()));
  }
  return removed;
}

Status Increment(Value* root, const PatchOp& op, const OpContext& ctx) {
  Value sum = op.value;
  const Value* existing = Find(*root, op.path.tokens);
  if (existing != nullptr) {
    if (!existing->is_number()) {
      return ctx.Fail("the target is not a number");
    }
    if (existing->type() == ValueType::kInt && op.value.type() == ValueType::kInt) {
      int64_t total = 0;
      if (__builtin_add_overflow(existing->int_value(), op.value.int_value(), &total)) {
        return ctx.Fail("integer overflow");
      }
      sum = Value::Int(total);
    } else {
      sum = Value::Float(existing->AsDouble() + op.value.AsDouble());
    }
  }
  if (op.path.tokens.empty()) {
    *root = std::move(sum);
    return Status::Ok();
  }
  if (existing == nullptr) {
    return AddAt(root, op.path, std::move(sum), ctx);
  }
  BASALT_ASSIGN_OR_RETURN(Value * parent, MutableParent(root, op.path.tokens, ctx));
  *MutableChild(parent, op.path.tokens.back()) = std::move(sum);
  return Status::Ok();
}

bool IsProperPrefix(const JsonPointer& prefix, const JsonPointer& path) {
  if (prefix.tokens.size() >= path.tokens.size()) {
    return false;
  }
  for (size_t depth = 0; depth < prefix.tokens.size(); ++depth) {
    if (prefix.tokens[depth] != path.tokens[depth]) {
      return false;
    }
  }
  return true;
}

Status ApplyOne(const PatchOp& op, const OpContext& ctx, Value* root) {
  switch (op.kind) {
    case PatchOpKind::kAdd:
      return AddAt(root, op.path, op.value, ctx);
    case PatchOpKind::kRemove: {
      BASALT_ASSIGN_OR_RETURN(Value removed, RemoveAt(root, op.path, ctx));
      (void)removed;
      return Status::Ok();
    }
    case PatchOpKind::kReplace: {
      if (Find(*root, op.path.tokens) == nullptr) {
        return ctx.Fail("no value at the target");
      }
      if (op.path.tokens.empty()) {
        *root = op.value;
        return Status::Ok();
      }
      BASALT_ASSIGN_OR_RETURN(Value * parent, MutableParent(root, op.path.tokens, ctx));
      *MutableChild(parent, op.path.tokens.back()) = op.value;
      return Status::Ok();
    }
    case PatchOpKind::kCopy: {
      const Value* source = Find(*root, op.from.tokens);
      if (source == nullptr) {
        return ctx.Fail("no value at `from` " + op.from.text);
      }
      Value copy = *source;
      return AddAt(root, op.path, std::move(copy), ctx);
    }
    case PatchOpKind::kMove: {
      if (IsProperPrefix(op.from, op.path)) {
        return ctx.Fail("cannot move a value into one of its own children");
      }
      if (Find(*root, op.from.tokens) == nullptr) {
        return ctx.Fail("no value at `from` " + op.from.text);
      }
      if (op.from.tokens == op.path.tokens) {
        return Status::Ok();
      }
      BASALT_ASSIGN_OR_RETURN(Value moved, RemoveAt(root, op.from, ctx));
      return AddAt(root, op.path, std::move(moved), ctx);
    }
    case PatchOpKind::kTest: {
      const Value* actual = Find(*root, op.path.tokens);
      if (actual == nullptr) {
        return ctx.Fail("TEST failed: no value at the target");
      }
      if (!actual->Equals(op.value)) {
        return ctx.Fail("TEST failed: the value differs");
      }
      return Status::Ok();
    }
    case PatchOpKind::kIncrement:
      return Increment(root, op, ctx);
  }
  return ctx.Fail("unknown operation");
}

}  // namespace

std::string_view PatchOpKindName(PatchOpKind kind) {
  switch (kind) {
    case PatchOpKind::kAdd:
      return "ADD";
    case PatchOpKind::kRemove:
      return "REMOVE";
    case PatchOpKind::kReplace:
      return "REPLACE";
    case PatchOpKind::kCopy:
      return "COPY";
    case PatchOpKind::kMove:
      return "MOVE";
    case PatchOpKind::kTest:
      return "TEST";
    case PatchOpKind::kIncrement:
      return "INCREMENT";
  }
  return "UNKNOWN";
}

Result<JsonPointer> ParseJsonPointer(std::string_view text) {
  JsonPointer pointer;
  pointer.text = std::string(text);
  if (text.empty()) {
    return pointer;
  }
  if (text[0] != '/') {
    return InvalidInput("JSON Pointer `" + pointer.text + "` must be empty or start with '/'");
  }
  std::string token;
  for (size_t pos = 1; pos <= text.size(); ++pos) {
    if (pos == text.size() || text[pos] == '/') {
      pointer.tokens.push_back(std::move(token));
      token.clear();
      continue;
    }
    char c = text[pos];
    if (c != '~') {
      token.push_back(c);
      continue;
    }
    if (pos + 1 < text.size() && (text[pos + 1] == '0' || text[pos + 1] == '1')) {
      token.push_back(text[pos + 1] == '0' ? '~' : '/');
      ++pos;
      continue;
    }
    return InvalidInput("JSON Pointer `" + pointer.text + "` has '~' not followed by 0 or 1");
  }
  return pointer;
}

Result<std::vector<PatchOp>> ParsePatch(const Value& operations) {
  if (!operations.is_array()) {
    return InvalidInput("`patch` must be an array of operations");
  }
  std::vector<PatchOp> ops;
  ops.reserve(operations.array().size());
  for (size_t op_idx = 0; op_idx < operations.array().size(); ++op_idx) {
    const Value& item = operations.array()[op_idx];
    std::string where = "patch operation " + std::to_string(op_idx);
    if (!item.is_object()) {
      return InvalidInput(where + " must be an object");
    }
    const Value& name = item.Get("op");
    if (!name.is_string()) {
      return InvalidInput(where + ": `op` must be a string");
    }
    PatchOp op;
    bool known = false;
    for (PatchOpKind kind : kAllKinds) {
      if (EqualsIgnoreCase(name.string_value(), PatchOpKindName(kind))) {
        op.kind = kind;
        known = true;
      }
    }
    if (!known) {
      return InvalidInput(where + ": unknown `op` \"" + std::string(name.string_value()) +
                          "\"; expected ADD, REMOVE, REPLACE, COPY, MOVE, TEST or INCREMENT");
    }
    const Value& path = item.Get("path");
    if (!path.is_string()) {
      return InvalidInput(where + ": `path` must be a string");
    }
    BASALT_ASSIGN_OR_RETURN(op.path, ParseJsonPointer(path.string_value()));
    if (op.kind == PatchOpKind::kCopy || op.kind == PatchOpKind::kMove) {
      const Value& from = item.Get("from");
      if (!from.is_string()) {
        return InvalidInput(where + ": `from` must be a string");
      }
      BASALT_ASSIGN_OR_RETURN(op.from, ParseJsonPointer(from.string_value()));
    }
    if (op.kind == PatchOpKind::kAdd || op.kind == PatchOpKind::kReplace ||
        op.kind == PatchOpKind::kTest || op.kind == PatchOpKind::kIncrement) {
      op.value = item.Get("value");
      if (op.value.is_undefined()) {
        return InvalidInput(where + ": `value` is required");
      }
      if (op.kind == PatchOpKind::kIncrement && !op.value.is_number()) {
        return InvalidInput(where + ": INCREMENT needs a numeric `value`");
      }
    }
    ops.push_back(std::move(op));
  }
  return ops;
}

Result<Value> ApplyPatch(const std::vector<PatchOp>& ops, Value document) {
  for (size_t op_idx = 0; op_idx < ops.size(); ++op_idx) {
    OpContext ctx{op_idx, ops[op_idx]};
    BASALT_RETURN_IF_ERROR(ApplyOne(ops[op_idx], ctx, &document));
  }
  return document;
}

}  // namespace basalt::ingest
