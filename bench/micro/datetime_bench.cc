// Date/time parsing: CAST(string AS timestamp) and PARSE_TIMESTAMP_ISO8601, plus the
// strftime-style PARSE_TIMESTAMP and FORMAT_ISO8601 for comparison.
#include <benchmark/benchmark.h>

#include "function_bench_util.h"
#include "sql/functions/cast.h"

namespace basalt::sql::bench {
namespace {

void RunCast(benchmark::State& state, const char* text, const char* type) {
  Value input = Value::String(text);
  for (auto _ : state) {
    Result<Value> result = CastValue(input, type, /*try_mode=*/false);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

void BM_CastToTimestamp(benchmark::State& state) {
  RunCast(state, "2018-05-26T10:30:20.345Z", "TIMESTAMP");
}
BENCHMARK(BM_CastToTimestamp);

void BM_CastToTimestamp_Offset(benchmark::State& state) {
  RunCast(state, "2018-05-26 10:30:20.345678+05:30", "TIMESTAMP");
}
BENCHMARK(BM_CastToTimestamp_Offset);

void BM_CastToDate(benchmark::State& state) {
  RunCast(state, "2018-05-26", "DATE");
}
BENCHMARK(BM_CastToDate);

void BM_ParseTimestampIso8601(benchmark::State& state) {
  RunKernel(state, Scalar("PARSE_TIMESTAMP_ISO8601"), {Value::String("2018-05-26T10:30:20.345Z")});
}
BENCHMARK(BM_ParseTimestampIso8601);

void BM_ParseTimestampIso8601_Offset(benchmark::State& state) {
  RunKernel(state, Scalar("PARSE_TIMESTAMP_ISO8601"),
            {Value::String("2018-05-26T10:30:20.345678+05:30")});
}
BENCHMARK(BM_ParseTimestampIso8601_Offset);

void BM_ParseTimestamp_Format(benchmark::State& state) {
  RunKernel(state, Scalar("PARSE_TIMESTAMP"),
            {Value::String("%Y-%m-%d %H:%M:%S"), Value::String("2018-05-26 10:30:20")});
}
BENCHMARK(BM_ParseTimestamp_Format);

void BM_FormatIso8601(benchmark::State& state) {
  RunKernel(state, Scalar("FORMAT_ISO8601"), {Value::Timestamp(1527330620345000)});
}
BENCHMARK(BM_FormatIso8601);

}  // namespace
}  // namespace basalt::sql::bench

BENCHMARK_MAIN();
