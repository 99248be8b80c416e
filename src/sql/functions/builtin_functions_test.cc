// Every registered function documents itself, and its `example` is a true SQL expression.
#include "sql/functions/builtin_functions.h"

#include <gtest/gtest.h>

#include "sql/functions/function_registry.h"
#include "sql/functions/function_test_util.h"

namespace basalt::sql {
namespace {

using testing::Eval;

TEST(BuiltinFunctionsTest, ScalarsAreDocumentedAndExamplesHold) {
  for (const FunctionDef& def : FunctionRegistry::Get().scalars()) {
    SCOPED_TRACE(std::string(def.name));
    EXPECT_FALSE(def.signature.empty());
    EXPECT_FALSE(def.doc.empty());
    EXPECT_FALSE(def.family.empty());
    ASSERT_FALSE(def.example.empty());
    EXPECT_NE(def.kernel, nullptr);
    EXPECT_GE(def.min_args, 0);
    EXPECT_TRUE(def.max_args < 0 || def.max_args >= def.min_args);
    auto result = Eval(def.example);
    ASSERT_TRUE(result.ok()) << def.example << ": " << result.status().ToString();
    EXPECT_TRUE(result->type() == ValueType::kBool && result->bool_value())
        << def.example << " gave " << result->DebugString();
  }
}

TEST(BuiltinFunctionsTest, AggregatesAreDocumentedAndExamplesHold) {
  for (const AggregateDef& def : FunctionRegistry::Get().aggregates()) {
    SCOPED_TRACE(std::string(def.name));
    EXPECT_FALSE(def.signature.empty());
    EXPECT_FALSE(def.doc.empty());
    EXPECT_FALSE(def.family.empty());
    EXPECT_NE(def.create, nullptr);
    auto result = Eval(def.example);
    ASSERT_TRUE(result.ok()) << def.example << ": " << result.status().ToString();
    EXPECT_TRUE(result->type() == ValueType::kBool && result->bool_value())
        << def.example << " gave " << result->DebugString();
  }
}

// Values of every type, to call each function with every combination of argument types.
std::vector<Value> SampleValues() {
  return {Value::Undefined(),
          Value::Null(),
          Value::Bool(true),
          Value::Int(3),
          Value::Int(-1),
          Value::Float(2.5),
          Value::String("abc"),
          Value::String("2018-05-26"),
          Value::Bytes("\xff\x01"),
          Value::Date(17677),
          Value::Time(37820000000),
          Value::Datetime(1527330620000000),
          Value::Timestamp(1527330620000000),
          Value::MonthInterval(2),
          Value::MicrosecondInterval(3600000000),
          testing::J("[1, 2]"),
          testing::J("[\"a\", null]"),
          testing::J("{\"a\": 1}"),
          testing::J("{\"__rockset_type\": \"geography\", "
                     "\"value\": {\"type\": \"Point\", \"coordinates\": [1.0, 2.0]}}")};
}

// No combination of argument types crashes a function or fails with anything but a
// QUERY_ERROR (wrong argument types are ArgumentTypeErrors).
TEST(BuiltinFunctionsTest, EveryArgumentTypeIsHandled) {
  std::vector<Value> samples = SampleValues();
  for (const FunctionDef& def : FunctionRegistry::Get().scalars()) {
    SCOPED_TRACE(std::string(def.name));
    int max_arity = def.max_args < 0 ? def.min_args + 2 : def.max_args;
    for (int arity = def.min_args; arity <= max_arity; ++arity) {
      std::vector<size_t> pick(size_t(arity), 0);
      // Every combination for up to 3 arguments; one varying argument beyond.
      size_t combos = 1;
      for (int idx = 0; idx < arity && idx < 3; ++idx) {
        combos *= samples.size();
      }
      for (size_t combo = 0; combo < combos; ++combo) {
        std::vector<Value> args;
        size_t rest = combo;
        for (int idx = 0; idx < arity; ++idx) {
          if (idx < 3) {
            args.push_back(samples[rest % samples.size()]);
            rest /= samples.size();
          } else {
            args.push_back(samples[combo % samples.size()]);
          }
        }
        auto result = testing::CallScalar(def.name, args);
        if (!result.ok()) {
          ASSERT_EQ(result.status().code(), ErrorCode::kQueryError) << result.status().ToString();
        }
      }
    }
  }
}

TEST(BuiltinFunctionsTest, AggregatesHandleEveryArgumentType) {
  std::vector<Value> samples = SampleValues();
  for (const AggregateDef& def : FunctionRegistry::Get().aggregates()) {
    SCOPED_TRACE(std::string(def.name));
    for (const Value& a : samples) {
      for (const Value& b : samples) {
        std::vector<Value> row = {a};
        if (def.min_args >= 2) {
          row.push_back(b);
        }
        auto result = testing::CallAggregate(def.name, {row, row});
        if (!result.ok()) {
          ASSERT_EQ(result.status().code(), ErrorCode::kQueryError) << result.status().ToString();
        }
        if (def.min_args < 2) {
          break;
        }
      }
    }
  }
}

TEST(BuiltinFunctionsTest, LookupIsCaseInsensitive) {
  EXPECT_NE(FunctionRegistry::Get().FindScalar("lower"), nullptr);
  EXPECT_NE(FunctionRegistry::Get().FindAggregate("count"), nullptr);
  EXPECT_EQ(FunctionRegistry::Get().FindScalar("NO_SUCH_FUNCTION"), nullptr);
}

}  // namespace
}  // namespace basalt::sql
