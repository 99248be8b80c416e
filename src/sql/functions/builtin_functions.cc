// The list of every SQL function: the single source of truth of the registry. Adding a
// function is one factory (in scalar/<family>/ or aggregate/) and one line here, in the list
// of its family.
#include "sql/functions/builtin_functions.h"

#include <string_view>
#include <utility>
#include <vector>

#include "sql/functions/function_registry.h"

namespace basalt::sql {
namespace {

// Appends `defs` to `out`, each tagged with `family`: the folder its factory lives in
// (scalar/<family>/, or "aggregate"), which groups the generated docs/functions.md and the
// test/sql/function/<family>/ tests.
template <typename Def>
void AddFamily(std::string_view family, std::vector<Def>* out, std::vector<Def> defs) {
  for (Def& def : defs) {
    def.family = family;
    out->push_back(std::move(def));
  }
}

}  // namespace

std::vector<FunctionDef> BuiltinScalarFunctions() {
  std::vector<FunctionDef> all;
  // conditional and null handling
  AddFamily("conditional", &all,
            {
                GreatestFunction(),
                LeastFunction(),
                IfNullFunction(),
                CoalesceFunction(),
                IfFunction(),
                NullIfFunction(),
            });
  // types
  AddFamily("type", &all,
            {
                IsScalarFunction(),
                TypeOfFunction(),
            });
  // math
  AddFamily("math", &all,
            {
                AbsFunction(),
                BitwiseAndFunction(),
                BitwiseOrFunction(),
                BitwiseXorFunction(),
                BitwiseNotFunction(),
                BitwiseShiftLeftFunction(),
                BitwiseShiftRightFunction(),
                BitwiseShiftRightArithmeticFunction(),
                BitCountFunction(),
                SqrtFunction(),
                CbrtFunction(),
                ExpFunction(),
                LnFunction(),
                Log10Function(),
                Log2Function(),
                LogFunction(),
                PowFunction(),
                PowerFunction(),
                ModFunction(),
                SinFunction(),
                CosFunction(),
                TanFunction(),
                AsinFunction(),
                AcosFunction(),
                AtanFunction(),
                SinhFunction(),
                CoshFunction(),
                TanhFunction(),
                AsinhFunction(),
                AcoshFunction(),
                AtanhFunction(),
                Atan2Function(),
                HypotFunction(),
                DegreesFunction(),
                RadiansFunction(),
                PiFunction(),
                EFunction(),
                RandFunction(),
                RandomFunction(),
                IsNanFunction(),
                IsFiniteFunction(),
                IsInfiniteFunction(),
                WidthBucketFunction(),
                FloorFunction(),
                CeilFunction(),
                CeilingFunction(),
                RoundFunction(),
                TruncateFunction(),
                TruncFunction(),
                SignFunction(),
            });
  // strings
  AddFamily("string", &all,
            {
                LowerFunction(),
                UpperFunction(),
                LengthFunction(),
                ConcatFunction(),
                ToUtf8Function(),
                FromUtf8Function(),
                ToHexFunction(),
                FromHexFunction(),
                ToBase64Function(),
                FromBase64Function(),
                FormatFunction(),
                NormalizeFunction(),
                ReplaceFunction(),
                SplitFunction(),
                SplitPartFunction(),
                ReverseFunction(),
                RepeatFunction(),
                LpadFunction(),
                RpadFunction(),
                ChrFunction(),
                CodepointFunction(),
                LevenshteinDistanceFunction(),
                HammingDistanceFunction(),
                SubstrFunction(),
                SubstringFunction(),
                StrposFunction(),
                PositionFunction(),
                StartsWithFunction(),
                EndsWithFunction(),
                TrimFunction(),
                LtrimFunction(),
                RtrimFunction(),
            });
  // regular expressions
  AddFamily("regex", &all,
            {
                RegexpExtractFunction(),
                RegexpExtractAllFunction(),
                RegexpReplaceFunction(),
                RegexpSplitFunction(),
                RegexpCountFunction(),
                RegexpLikeFunction(),
            });
  // arrays
  AddFamily("array", &all,
            {
                ArrayContainsFunction(), ArrayCreateFunction(),   CardinalityFunction(),
                ElementAtFunction(),     ArrayPositionFunction(), ArrayLastPositionFunction(),
                ArrayRemoveFunction(),   ArrayDistinctFunction(), SliceFunction(),
                ArrayConcatFunction(),   ArrayFlattenFunction(),  ArrayJoinFunction(),
                ArrayAppendFunction(),   ArrayPrependFunction(),  ArraySortFunction(),
                ArrayMaxFunction(),      ArrayMinFunction(),      ArrayIntersectFunction(),
                ArrayUnionFunction(),    ArrayExceptFunction(),   ArraysOverlapFunction(),
                ArrayShuffleFunction(),  SequenceFunction(),      ZipFunction(),
                FlattenFunction(),
            });
  // objects
  AddFamily("object", &all,
            {
                ObjectFunction(),
                KeysFunction(),
                ValuesFunction(),
                ItemsFunction(),
                MergeFunction(),
                EraseFunction(),
                ObjectInsertFunction(),
                ObjectRemoveFunction(),
                ObjectPickFunction(),
            });
  // JSON
  AddFamily("json", &all,
            {
                JsonParseFunction(),
                JsonFormatFunction(),
            });
  // date and time
  AddFamily("datetime", &all,
            {
                CurrentTimestampFunction(),
                NowFunction(),
                CurrentDateFunction(),
                CurrentTimeFunction(),
                CurrentDatetimeFunction(),
                LocaltimeFunction(),
                LocaltimestampFunction(),
                DateFunction(),
                TimeFunction(),
                DatetimeFunction(),
                TimestampSecondsFunction(),
                TimestampMillisFunction(),
                TimestampMicrosFunction(),
                UnixSecondsFunction(),
                UnixMillisFunction(),
                UnixMicrosFunction(),
                UnixDateFunction(),
                DateFromUnixDateFunction(),
                FormatIso8601Function(),
                FormatTimestampFunction(),
                FormatDatetimeFunction(),
                FormatDateFunction(),
                FormatTimeFunction(),
                ParseTimestampIso8601Function(),
                ParseDatetimeIso8601Function(),
                ParseDateIso8601Function(),
                ParseTimeIso8601Function(),
                ParseTimestampFunction(),
                ParseDatetimeFunction(),
                ParseDateFunction(),
                ParseTimeFunction(),
                MicrosecondsFunction(),
                MillisecondsFunction(),
                SecondsFunction(),
                MinutesFunction(),
                HoursFunction(),
                DaysFunction(),
                WeeksFunction(),
                MonthsFunction(),
                YearsFunction(),
                DurationMicrosFunction(),
                DurationMillisFunction(),
                DurationSecondsFunction(),
                DurationMonthsFunction(),
                ParseDurationSecondsFunction(),
                ParseDurationMonthsFunction(),
                DateTruncFunction(),
                DateDiffFunction(),
                DateAddFunction(),
                DateSubFunction(),
                TimeBucketFunction(),
            });
  // hashing
  AddFamily("hash", &all,
            {
                Md5Function(),
                Sha1Function(),
                Sha256Function(),
                Sha512Function(),
                HashFunction(),
                HmacMd5Function(),
                HmacSha1Function(),
                HmacSha256Function(),
                HmacSha512Function(),
                HmacFunction(),
                Crc32Function(),
                XxHash64Function(),
                Murmur3Function(),
            });
  // geography
  AddFamily("geo", &all,
            {
                StGeogPointFunction(),
                StXFunction(),
                StYFunction(),
                StGeogFromTextFunction(),
                StGeogFromGeoJsonFunction(),
                StAsTextFunction(),
                StAsGeoJsonFunction(),
                StDistanceFunction(),
                StDWithinFunction(),
                StContainsFunction(),
                StWithinFunction(),
                StIntersectsFunction(),
                StAreaFunction(),
                StLengthFunction(),
            });
  // vectors
  AddFamily("vector", &all,
            {
                VectorEnforceFunction(),
                VectorAddFunction(),
                VectorSubtractFunction(),
                VectorMultiplyFunction(),
                VectorDivideFunction(),
                DotProductFunction(),
                CosineSimilarityFunction(),
                EuclideanDistanceFunction(),
                CosineSimFunction(),
                EuclideanDistFunction(),
                ApproxDotProductFunction(),
                ApproxEuclideanDistFunction(),
                L1NormFunction(),
                L2NormFunction(),
            });
  // miscellaneous
  AddFamily("misc", &all,
            {
                UuidFunction(),
                GuidFunction(),
                SleepFunction(),
                CurrentUserFunction(),
                CurrentRoleFunction(),
            });
  // text search
  AddFamily("search", &all,
            {
                TokenizeFunction(),
                HasTermFunction(),
                ContainsFunction(),
                BoostFunction(),
                ProximityFunction(),
                ProximityBoostFunction(),
                SearchFunction(),
                ScoreFunction(),
            });
  return all;
}

std::vector<AggregateDef> BuiltinAggregateFunctions() {
  std::vector<AggregateDef> all;
  AddFamily("aggregate", &all,
            {
                ApproxDistinctAggregate(),
                ApproxPercentileAggregate(),
                CountAggregate(),
                SumAggregate(),
                AvgAggregate(),
                MinAggregate(),
                MaxAggregate(),
                ArrayAggAggregate(),
                CountIfAggregate(),
                BoolAndAggregate(),
                EveryAggregate(),
                BoolOrAggregate(),
                ArbitraryAggregate(),
                AnyValueAggregate(),
                MaxByAggregate(),
                MinByAggregate(),
                MapAggAggregate(),
                ObjectAggAggregate(),
                BitwiseAndAggAggregate(),
                BitwiseOrAggAggregate(),
                BitwiseXorAggAggregate(),
                StddevSampAggregate(),
                StddevAggregate(),
                StddevPopAggregate(),
                VarSampAggregate(),
                VarianceAggregate(),
                VarPopAggregate(),
                GeometricMeanAggregate(),
                CorrAggregate(),
                CovarSampAggregate(),
                CovarPopAggregate(),
                PercentileAggregate(),
                VectorSumAggregate(),
            });
  return all;
}

}  // namespace basalt::sql
