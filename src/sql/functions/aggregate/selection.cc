// COUNT_IF, BOOL_AND/EVERY, BOOL_OR, ARBITRARY/ANY_VALUE, MAX_BY, MIN_BY, MAP_AGG/OBJECT_AGG,
// BITWISE_AND_AGG, BITWISE_OR_AGG, BITWISE_XOR_AGG (sql.md §9.10).
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Status BadSavedState(std::string_view aggregate) {
  return Corruption("saved state of " + std::string(aggregate) + " has the wrong shape");
}

class CountIfState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (args[0].type() != ValueType::kBool) {
      return ArgumentTypeError("COUNT_IF", 1, args[0], "a bool");
    }
    count_ += args[0].bool_value() ? 1 : 0;
    return Status::Ok();
  }
  Result<Value> Finalize() const override { return Value::Int(count_); }
  Result<Value> SaveState() const override { return Value::Int(count_); }
  Status MergeState(const Value& saved) override {
    if (saved.type() != ValueType::kInt) {
      return BadSavedState("COUNT_IF");
    }
    count_ += saved.int_value();
    return Status::Ok();
  }

 private:
  int64_t count_ = 0;
};

template <FnName kName, bool kAnd>
class BoolState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (args[0].type() != ValueType::kBool) {
      return ArgumentTypeError(kName.view(), 1, args[0], "a bool");
    }
    if (!seen_) {
      result_ = args[0].bool_value();
      seen_ = true;
    } else {
      result_ = kAnd ? (result_ && args[0].bool_value()) : (result_ || args[0].bool_value());
    }
    return Status::Ok();
  }
  Result<Value> Finalize() const override { return seen_ ? Value::Bool(result_) : Value::Null(); }
  // The saved state is the result (null: no input yet); merging adds it as one input.
  Result<Value> SaveState() const override { return Finalize(); }
  Status MergeState(const Value& saved) override {
    return saved.is_null() ? Status::Ok() : Update({saved});
  }

 private:
  bool seen_ = false;
  bool result_ = kAnd;
};

class ArbitraryState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (value_.is_undefined()) {
      value_ = args[0];
    }
    return Status::Ok();
  }
  Result<Value> Finalize() const override { return value_.is_undefined() ? Value::Null() : value_; }
  // The saved state is the value kept (null: none yet; inputs are never null). Merging a
  // later row set after an earlier one keeps the earlier value, as reading in order does.
  Result<Value> SaveState() const override { return Finalize(); }
  Status MergeState(const Value& saved) override {
    return saved.is_null() ? Status::Ok() : Update({saved});
  }

 private:
  Value value_;
};

// MAX_BY(x, y) / MIN_BY(x, y): x at the row with the largest / smallest non-null y. Rows with
// a null y are skipped; x may be null. The y values must be mutually comparable.
template <FnName kName, bool kMax>
class ByState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    const Value& key = args[1];
    if (key.is_nullish()) {
      return Status::Ok();
    }
    if (key.is_object()) {
      return ArgumentTypeError(kName.view(), 2, key, "an orderable value");
    }
    if (!best_key_.is_undefined()) {
      bool comparable =
          (key.is_number() && best_key_.is_number()) || key.type() == best_key_.type();
      if (!comparable) {
        return ArgumentTypeError(
            kName.view(), 2, key,
            "of one type (got " + std::string(ValueTypeName(best_key_.type())) + " before)");
      }
      int c = key.Compare(best_key_);
      if (kMax ? c <= 0 : c >= 0) {
        return Status::Ok();
      }
    }
    best_key_ = key;
    best_value_ = args[0].is_undefined() ? Value::Null() : args[0];
    return Status::Ok();
  }
  Result<Value> Finalize() const override {
    return best_key_.is_undefined() ? Value::Null() : best_value_;
  }
  // [value, key] of the best row so far (null: none). Merging a later row set after an
  // earlier one keeps the earlier row on ties, as reading the rows in order does.
  Result<Value> SaveState() const override {
    if (best_key_.is_undefined()) {
      return Value::Null();
    }
    return Value::MakeArray({best_value_, best_key_});
  }
  Status MergeState(const Value& saved) override {
    if (saved.is_null()) {
      return Status::Ok();
    }
    if (!saved.is_array() || saved.array().size() != 2) {
      return BadSavedState(kName.view());
    }
    return Update(saved.array());
  }

 private:
  Value best_key_;
  Value best_value_;
};

// MAP_AGG(k, v): object of key -> value; the first value of a repeated key wins.
template <FnName kName>
class MapAggState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (!args[0].is_string()) {
      return ArgumentTypeError(kName.view(), 1, args[0], "a string");
    }
    if (args[1].is_undefined() || !object_.Get(args[0].string_value()).is_undefined()) {
      return Status::Ok();
    }
    object_.Set(args[0].string_value(), args[1]);
    seen_ = true;
    return Status::Ok();
  }
  Result<Value> Finalize() const override { return seen_ ? object_ : Value::Null(); }
  // The saved state is the object (null: nothing yet); merging a later row set after an
  // earlier one keeps the earlier value of a repeated key, as reading in order does.
  Result<Value> SaveState() const override { return Finalize(); }
  Status MergeState(const Value& saved) override {
    if (saved.is_null()) {
      return Status::Ok();
    }
    if (!saved.is_object()) {
      return BadSavedState(kName.view());
    }
    for (const Field& field : saved.object()) {
      BASALT_RETURN_IF_ERROR(Update({Value::String(field.first), field.second}));
    }
    return Status::Ok();
  }

 private:
  bool seen_ = false;
  Value object_ = Value::EmptyObject();
};

enum class BitAgg : uint8_t { kAnd, kOr, kXor };

template <FnName kName, BitAgg kOp>
class BitAggState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (args[0].type() != ValueType::kInt) {
      return ArgumentTypeError(kName.view(), 1, args[0], "an int");
    }
    int64_t v = args[0].int_value();
    if (!seen_) {
      bits_ = v;
      seen_ = true;
    } else if (kOp == BitAgg::kAnd) {
      bits_ &= v;
    } else if (kOp == BitAgg::kOr) {
      bits_ |= v;
    } else {
      bits_ ^= v;
    }
    return Status::Ok();
  }
  Result<Value> Finalize() const override { return seen_ ? Value::Int(bits_) : Value::Null(); }
  // The saved state is the result (null: no input yet); merging adds it as one input.
  Result<Value> SaveState() const override { return Finalize(); }
  Status MergeState(const Value& saved) override {
    return saved.is_null() ? Status::Ok() : Update({saved});
  }

 private:
  bool seen_ = false;
  int64_t bits_ = 0;
};

template <typename State>
std::unique_ptr<AggregateState> Make() {
  return std::make_unique<State>();
}

AggregateDef Def(std::string_view name, int min_args, int max_args, bool skip_nulls,
                 std::unique_ptr<AggregateState> (*create)(), std::string_view signature,
                 std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .skip_nulls = skip_nulls,
          .create = create,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

AggregateDef CountIfAggregate() {
  return Def("COUNT_IF", 1, 1, true, Make<CountIfState>, "COUNT_IF(cond) -> int",
             "Number of rows where cond is true (0 when none).",
             "COUNT_IF(1 > 0) = 1 AND COUNT_IF(1 < 0) = 0");
}
AggregateDef BoolAndAggregate() {
  return Def("BOOL_AND", 1, 1, true, Make<BoolState<"BOOL_AND", true>>, "BOOL_AND(x) -> bool",
             "True when every non-null input is true; null without inputs.", "BOOL_AND(true)");
}
AggregateDef EveryAggregate() {
  return Def("EVERY", 1, 1, true, Make<BoolState<"EVERY", true>>, "EVERY(x) -> bool",
             "Same as BOOL_AND.", "EVERY(true)");
}
AggregateDef BoolOrAggregate() {
  return Def("BOOL_OR", 1, 1, true, Make<BoolState<"BOOL_OR", false>>, "BOOL_OR(x) -> bool",
             "True when some non-null input is true; null without inputs.", "NOT BOOL_OR(false)");
}
AggregateDef ArbitraryAggregate() {
  return Def("ARBITRARY", 1, 1, true, Make<ArbitraryState>, "ARBITRARY(x) -> any",
             "Any one of the non-null inputs.", "ARBITRARY(7) = 7");
}
AggregateDef AnyValueAggregate() {
  return Def("ANY_VALUE", 1, 1, true, Make<ArbitraryState>, "ANY_VALUE(x) -> any",
             "Same as ARBITRARY.", "ANY_VALUE('a') = 'a'");
}
AggregateDef MaxByAggregate() {
  return Def("MAX_BY", 2, 2, false, Make<ByState<"MAX_BY", true>>, "MAX_BY(x, y) -> any",
             "x of the row with the largest y (rows with a null y are skipped).",
             "MAX_BY('b', 9) = 'b'");
}
AggregateDef MinByAggregate() {
  return Def("MIN_BY", 2, 2, false, Make<ByState<"MIN_BY", false>>, "MIN_BY(x, y) -> any",
             "x of the row with the smallest y (rows with a null y are skipped).",
             "MIN_BY('a', 3) = 'a'");
}
AggregateDef MapAggAggregate() {
  return Def("MAP_AGG", 2, 2, true, Make<MapAggState<"MAP_AGG">>, "MAP_AGG(k, v) -> object",
             "Object from string keys k to values v (the first value of a repeated key wins).",
             "MAP_AGG('a', 1) = {'a': 1}");
}
AggregateDef ObjectAggAggregate() {
  return Def("OBJECT_AGG", 2, 2, true, Make<MapAggState<"OBJECT_AGG">>,
             "OBJECT_AGG(k, v) -> object", "Same as MAP_AGG.", "OBJECT_AGG('a', 1) = {'a': 1}");
}
AggregateDef BitwiseAndAggAggregate() {
  return Def("BITWISE_AND_AGG", 1, 1, true, Make<BitAggState<"BITWISE_AND_AGG", BitAgg::kAnd>>,
             "BITWISE_AND_AGG(x) -> int", "Bitwise and of the non-null ints.",
             "BITWISE_AND_AGG(6) = 6");
}
AggregateDef BitwiseOrAggAggregate() {
  return Def("BITWISE_OR_AGG", 1, 1, true, Make<BitAggState<"BITWISE_OR_AGG", BitAgg::kOr>>,
             "BITWISE_OR_AGG(x) -> int", "Bitwise or of the non-null ints.",
             "BITWISE_OR_AGG(5) = 5");
}
AggregateDef BitwiseXorAggAggregate() {
  return Def("BITWISE_XOR_AGG", 1, 1, true, Make<BitAggState<"BITWISE_XOR_AGG", BitAgg::kXor>>,
             "BITWISE_XOR_AGG(x) -> int", "Bitwise exclusive or of the non-null ints.",
             "BITWISE_XOR_AGG(3) = 3");
}

}  // namespace basalt::sql
