// The list of every SQL function: the single source of truth of the registry. Adding a
// function is one factory (in scalar/<family>/ or aggregate/) and one line here.
#include "sql/functions/builtin_functions.h"

#include "sql/functions/function_registry.h"

namespace basalt::sql {

std::vector<FunctionDef> BuiltinScalarFunctions() {
  return {
      // conditional and null handling
      CoalesceFunction(),
      IfFunction(),
      NullIfFunction(),
      // types
      TypeOfFunction(),
      // strings
      LowerFunction(),
      UpperFunction(),
      LengthFunction(),
      ConcatFunction(),
      // math
      AbsFunction(),
      // arrays
      ArrayContainsFunction(),
      // regular expressions
      RegexpLikeFunction(),
  };
}

std::vector<AggregateDef> BuiltinAggregateFunctions() {
  return {
      CountAggregate(),
      SumAggregate(),
      AvgAggregate(),
      MinAggregate(),
      MaxAggregate(),
      ArrayAggAggregate(),
  };
}

}  // namespace basalt::sql
