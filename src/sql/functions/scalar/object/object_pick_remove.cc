// OBJECT_REMOVE and OBJECT_PICK (sql.md §9.7, unv): drop / keep named top-level keys.
// By analogy with Presto's map_filter on keys (Presto has no such object functions).
#include <string>
#include <unordered_set>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

// The keys of arguments 2..n: each a string or an array of strings.
template <FnName kName>
Result<std::unordered_set<std::string>> KeyArgs(const Args& args) {
  std::unordered_set<std::string> keys;
  for (size_t idx = 1; idx < args.size(); ++idx) {
    const Value& key = args[idx];
    if (key.is_string()) {
      keys.insert(std::string(key.string_value()));
      continue;
    }
    if (!key.is_array()) {
      return ArgumentTypeError(kName.view(), int(idx + 1), key, "a string or an array of strings");
    }
    for (const Value& element : key.array()) {
      if (!element.is_string()) {
        return ArgumentTypeError(kName.view(), int(idx + 1), element, "an array of strings");
      }
      keys.insert(std::string(element.string_value()));
    }
  }
  return keys;
}

template <FnName kName, bool kKeep>
Result<Value> FilterKeys(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Object* o, ObjectArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(auto keys, KeyArgs<kName>(args));
  Object out;
  for (const Field& field : *o) {
    if (keys.contains(field.first) == kKeep) {
      out.push_back(field);
    }
  }
  return Value::MakeObject(std::move(out));
}

}  // namespace

FunctionDef ObjectRemoveFunction() {
  return {.name = "OBJECT_REMOVE",
          .min_args = 2,
          .max_args = -1,
          .kernel = FilterKeys<"OBJECT_REMOVE", false>,
          .signature = "OBJECT_REMOVE(o, key, ...) -> object",
          .doc =
              "A copy of o without the named top-level keys (each key argument a string or an "
              "array of strings; absent keys are ignored). Unverified name: semantics by "
              "analogy (as ERASE, variadic).",
          .example = "OBJECT_REMOVE({'a': 1, 'b': 2, 'c': 3}, 'a', 'c') = {'b': 2}"};
}

FunctionDef ObjectPickFunction() {
  return {.name = "OBJECT_PICK",
          .min_args = 2,
          .max_args = -1,
          .kernel = FilterKeys<"OBJECT_PICK", true>,
          .signature = "OBJECT_PICK(o, key, ...) -> object",
          .doc =
              "A copy of o with only the named top-level keys, in o's order (each key argument "
              "a string or an array of strings; absent keys are ignored). Unverified name: "
              "semantics by analogy.",
          .example = "OBJECT_PICK({'a': 1, 'b': 2, 'c': 3}, 'c', 'a') = {'a': 1, 'c': 3}"};
}

}  // namespace basalt::sql
