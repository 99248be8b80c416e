// OBJECT, KEYS, VALUES, ITEMS, MERGE, ERASE, OBJECT_INSERT (sql.md §9.7). Objects keep
// insertion order, so KEYS, VALUES and ITEMS list fields in the same order.
#include <string>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Result<Value> MakeObject(const Args& args, const FunctionContext&) {
  if (args.empty()) return Value::EmptyObject();  // OBJECT() is the empty object
  if (args.size() != 2) return FunctionError("OBJECT", "takes no arguments or two arrays");
  BASALT_ASSIGN_OR_RETURN(const Array* keys, ArrayArg("OBJECT", args, 0));
  BASALT_ASSIGN_OR_RETURN(const Array* values, ArrayArg("OBJECT", args, 1));
  if (keys->size() != values->size()) {
    return FunctionError("OBJECT", "keys and values must have the same length");
  }
  Value out = Value::EmptyObject();
  for (size_t idx = 0; idx < keys->size(); ++idx) {
    const Value& key = (*keys)[idx];
    if (!key.is_string()) {
      return FunctionError("OBJECT", "keys must be strings");
    }
    if ((*values)[idx].is_undefined()) {
      continue;  // an undefined value omits the key
    }
    out.Set(key.string_value(), (*values)[idx]);
  }
  return out;
}

Result<Value> Keys(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Object* o, ObjectArg("KEYS", args, 0));
  Array out;
  out.reserve(o->size());
  for (const Field& field : *o) {
    out.push_back(Value::String(field.first));
  }
  return Value::MakeArray(std::move(out));
}

Result<Value> Values(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Object* o, ObjectArg("VALUES", args, 0));
  Array out;
  out.reserve(o->size());
  for (const Field& field : *o) {
    out.push_back(field.second);
  }
  return Value::MakeArray(std::move(out));
}

Result<Value> Items(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Object* o, ObjectArg("ITEMS", args, 0));
  Array out;
  out.reserve(o->size());
  for (const Field& field : *o) {
    out.push_back(Value::MakeArray({Value::String(field.first), field.second}));
  }
  return Value::MakeArray(std::move(out));
}

Result<Value> Merge(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Object* first, ObjectArg("MERGE", args, 0));
  Value out = Value::MakeObject(*first);
  for (size_t idx = 1; idx < args.size(); ++idx) {
    BASALT_ASSIGN_OR_RETURN(const Object* next, ObjectArg("MERGE", args, idx));
    for (const Field& field : *next) {
      out.Set(field.first, field.second);
    }
  }
  return out;
}

Result<Value> Erase(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Object* o, ObjectArg("ERASE", args, 0));
  Value out = Value::MakeObject(*o);
  const Value& keys = args[1];
  if (keys.is_string()) {
    out.Erase(keys.string_value());
    return out;
  }
  if (!keys.is_array()) {
    return ArgumentTypeError("ERASE", 2, keys, "a string or an array of strings");
  }
  for (const Value& key : keys.array()) {
    if (!key.is_string()) {
      return ArgumentTypeError("ERASE", 2, key, "an array of strings");
    }
    out.Erase(key.string_value());
  }
  return out;
}

Result<Value> ObjectInsert(const Args& args, const FunctionContext&) {
  if (args[0].is_nullish() || args[1].is_nullish()) {
    return Value::Null();
  }
  BASALT_ASSIGN_OR_RETURN(const Object* o, ObjectArg("OBJECT_INSERT", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view key, StringArg("OBJECT_INSERT", args, 1));
  Value out = Value::MakeObject(*o);
  if (!args[2].is_undefined()) {
    out.Set(key, args[2]);
  }
  return out;
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

FunctionDef ObjectFunction() {
  return Def("OBJECT", 0, 2, MakeObject, "OBJECT([keys, values]) -> object",
             "An object from parallel arrays of string keys and values (an undefined value "
             "omits its key); OBJECT() is the empty object.",
             "OBJECT(['a', 'b'], [1, 2]) = {'a': 1, 'b': 2}");
}
FunctionDef KeysFunction() {
  return Def("KEYS", 1, 1, Keys, "KEYS(o) -> array", "The field names of an object.",
             "KEYS({'a': 1, 'b': 2}) = ['a', 'b']");
}
FunctionDef ValuesFunction() {
  return Def("VALUES", 1, 1, Values, "VALUES(o) -> array",
             "The field values of an object, in the order of KEYS.",
             "VALUES({'a': 1, 'b': 2}) = [1, 2]");
}
FunctionDef ItemsFunction() {
  return Def("ITEMS", 1, 1, Items, "ITEMS(o) -> array",
             "The [key, value] pairs of an object, in the order of KEYS.",
             "ITEMS({'a': 1}) = [['a', 1]]");
}
FunctionDef MergeFunction() {
  return Def("MERGE", 2, -1, Merge, "MERGE(o1, o2, ...) -> object",
             "Union of the objects' fields; later objects win on conflicts.",
             "MERGE({'a': 1, 'b': 2}, {'b': 3, 'c': 4}) = {'a': 1, 'b': 3, 'c': 4}");
}
FunctionDef EraseFunction() {
  return Def("ERASE", 2, 2, Erase, "ERASE(o, key | keys) -> object",
             "A copy of o without the field key (or the fields in an array of keys).",
             "ERASE({'a': 1, 'b': 2}, 'a') = {'b': 2}");
}
FunctionDef ObjectInsertFunction() {
  return Def("OBJECT_INSERT", 3, 3, ObjectInsert, "OBJECT_INSERT(o, key, value) -> object",
             "A copy of o with field key set to value (replacing an existing one).",
             "OBJECT_INSERT({'a': 1}, 'b', 2) = {'a': 1, 'b': 2}", NullHandling::kCustom);
}

}  // namespace basalt::sql
