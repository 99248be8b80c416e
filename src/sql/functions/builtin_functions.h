#pragma once

#include "sql/functions/function.h"

// Factories of the built-in functions, one per function, defined in scalar/ and aggregate/.
// builtin_functions.cc lists them.
namespace basalt::sql {

// conditional
FunctionDef CoalesceFunction();
FunctionDef IfFunction();
FunctionDef NullIfFunction();
// types
FunctionDef TypeOfFunction();
// strings
FunctionDef LowerFunction();
FunctionDef UpperFunction();
FunctionDef LengthFunction();
FunctionDef ConcatFunction();
// math
FunctionDef AbsFunction();
// arrays
FunctionDef ArrayContainsFunction();
// regular expressions
FunctionDef RegexpLikeFunction();

// aggregates
AggregateDef CountAggregate();
AggregateDef SumAggregate();
AggregateDef AvgAggregate();
AggregateDef MinAggregate();
AggregateDef MaxAggregate();
AggregateDef ArrayAggAggregate();

}  // namespace basalt::sql
