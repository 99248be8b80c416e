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
    EXPECT_NE(def.create, nullptr);
    auto result = Eval(def.example);
    ASSERT_TRUE(result.ok()) << def.example << ": " << result.status().ToString();
    EXPECT_TRUE(result->type() == ValueType::kBool && result->bool_value())
        << def.example << " gave " << result->DebugString();
  }
}

TEST(BuiltinFunctionsTest, LookupIsCaseInsensitive) {
  EXPECT_NE(FunctionRegistry::Get().FindScalar("lower"), nullptr);
  EXPECT_NE(FunctionRegistry::Get().FindAggregate("count"), nullptr);
  EXPECT_EQ(FunctionRegistry::Get().FindScalar("NO_SUCH_FUNCTION"), nullptr);
}

}  // namespace
}  // namespace basalt::sql
