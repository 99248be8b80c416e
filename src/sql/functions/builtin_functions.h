#pragma once

#include "sql/functions/function.h"

// Factories of the built-in functions, one per function, defined in scalar/ and aggregate/.
// builtin_functions.cc lists them.
namespace basalt::sql {

// conditional and null handling (scalar/conditional/)
FunctionDef GreatestFunction();
FunctionDef LeastFunction();
FunctionDef IfNullFunction();
FunctionDef CoalesceFunction();
FunctionDef IfFunction();
FunctionDef NullIfFunction();
// types (scalar/type/)
FunctionDef IsScalarFunction();
FunctionDef TypeOfFunction();
// math (scalar/math/)
FunctionDef AbsFunction();
FunctionDef BitwiseAndFunction();
FunctionDef BitwiseOrFunction();
FunctionDef BitwiseXorFunction();
FunctionDef BitwiseNotFunction();
FunctionDef BitwiseShiftLeftFunction();
FunctionDef BitwiseShiftRightFunction();
FunctionDef BitwiseShiftRightArithmeticFunction();
FunctionDef BitCountFunction();
FunctionDef SqrtFunction();
FunctionDef CbrtFunction();
FunctionDef ExpFunction();
FunctionDef LnFunction();
FunctionDef Log10Function();
FunctionDef Log2Function();
FunctionDef LogFunction();
FunctionDef PowFunction();
FunctionDef PowerFunction();
FunctionDef ModFunction();
FunctionDef SinFunction();
FunctionDef CosFunction();
FunctionDef TanFunction();
FunctionDef AsinFunction();
FunctionDef AcosFunction();
FunctionDef AtanFunction();
FunctionDef SinhFunction();
FunctionDef CoshFunction();
FunctionDef TanhFunction();
FunctionDef AsinhFunction();
FunctionDef AcoshFunction();
FunctionDef AtanhFunction();
FunctionDef Atan2Function();
FunctionDef HypotFunction();
FunctionDef DegreesFunction();
FunctionDef RadiansFunction();
FunctionDef PiFunction();
FunctionDef EFunction();
FunctionDef RandFunction();
FunctionDef RandomFunction();
FunctionDef IsNanFunction();
FunctionDef IsFiniteFunction();
FunctionDef IsInfiniteFunction();
FunctionDef WidthBucketFunction();
FunctionDef FloorFunction();
FunctionDef CeilFunction();
FunctionDef CeilingFunction();
FunctionDef RoundFunction();
FunctionDef TruncateFunction();
FunctionDef TruncFunction();
FunctionDef SignFunction();
// strings (scalar/string/)
FunctionDef LowerFunction();
FunctionDef UpperFunction();
FunctionDef LengthFunction();
FunctionDef ConcatFunction();
FunctionDef ToUtf8Function();
FunctionDef FromUtf8Function();
FunctionDef ToHexFunction();
FunctionDef FromHexFunction();
FunctionDef ToBase64Function();
FunctionDef FromBase64Function();
FunctionDef FormatFunction();
FunctionDef ReplaceFunction();
FunctionDef SplitFunction();
FunctionDef SplitPartFunction();
FunctionDef ReverseFunction();
FunctionDef RepeatFunction();
FunctionDef LpadFunction();
FunctionDef RpadFunction();
FunctionDef ChrFunction();
FunctionDef CodepointFunction();
FunctionDef LevenshteinDistanceFunction();
FunctionDef HammingDistanceFunction();
FunctionDef SubstrFunction();
FunctionDef SubstringFunction();
FunctionDef StrposFunction();
FunctionDef PositionFunction();
FunctionDef StartsWithFunction();
FunctionDef EndsWithFunction();
FunctionDef TrimFunction();
FunctionDef LtrimFunction();
FunctionDef RtrimFunction();
// regular expressions (scalar/regex/)
FunctionDef RegexpExtractFunction();
FunctionDef RegexpExtractAllFunction();
FunctionDef RegexpReplaceFunction();
FunctionDef RegexpSplitFunction();
FunctionDef RegexpCountFunction();
FunctionDef RegexpLikeFunction();
// arrays (scalar/array/)
FunctionDef ArrayContainsFunction();
FunctionDef ArrayCreateFunction();
FunctionDef CardinalityFunction();
FunctionDef ElementAtFunction();
FunctionDef ArrayPositionFunction();
FunctionDef ArrayLastPositionFunction();
FunctionDef ArrayRemoveFunction();
FunctionDef ArrayDistinctFunction();
FunctionDef SliceFunction();
FunctionDef ArrayConcatFunction();
FunctionDef ArrayFlattenFunction();
FunctionDef ArrayJoinFunction();
FunctionDef ArrayAppendFunction();
FunctionDef ArrayPrependFunction();
FunctionDef ArraySortFunction();
FunctionDef ArrayMaxFunction();
FunctionDef ArrayMinFunction();
FunctionDef ArrayIntersectFunction();
FunctionDef ArrayUnionFunction();
FunctionDef ArrayExceptFunction();
FunctionDef ArraysOverlapFunction();
FunctionDef ArrayShuffleFunction();
FunctionDef SequenceFunction();
FunctionDef ZipFunction();
// objects (scalar/object/)
FunctionDef ObjectFunction();
FunctionDef KeysFunction();
FunctionDef ValuesFunction();
FunctionDef ItemsFunction();
FunctionDef MergeFunction();
FunctionDef EraseFunction();
FunctionDef ObjectInsertFunction();
// JSON (scalar/json/)
FunctionDef JsonParseFunction();
FunctionDef JsonFormatFunction();

// aggregates (aggregate/)
AggregateDef CountAggregate();
AggregateDef SumAggregate();
AggregateDef AvgAggregate();
AggregateDef MinAggregate();
AggregateDef MaxAggregate();
AggregateDef ArrayAggAggregate();

}  // namespace basalt::sql
