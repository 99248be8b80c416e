// String kernels: LOWER/UPPER (ASCII fast path and UTF-8), SUBSTR, and LIKE matching.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "function_bench_util.h"
#include "sql/executor/value_ops.h"

namespace basalt::sql::bench {
namespace {

// 64 bytes of mixed-case ASCII, and the same length in 2-byte UTF-8 letters.
const std::string kAscii = "The Quick Brown Fox Jumps Over The Lazy Dog, Again And Again!!";
const std::string kUtf8 = "ÀÉÎÕÜàéîõüÀÉÎÕÜàéîõüÀÉÎÕÜàéîõüÀÉ";

void BM_Lower_Ascii(benchmark::State& state) {
  RunKernel(state, Scalar("LOWER"), {Value::String(kAscii)});
}
BENCHMARK(BM_Lower_Ascii);

void BM_Lower_Utf8(benchmark::State& state) {
  RunKernel(state, Scalar("LOWER"), {Value::String(kUtf8)});
}
BENCHMARK(BM_Lower_Utf8);

void BM_Upper_Ascii(benchmark::State& state) {
  RunKernel(state, Scalar("UPPER"), {Value::String(kAscii)});
}
BENCHMARK(BM_Upper_Ascii);

void BM_Upper_Utf8(benchmark::State& state) {
  RunKernel(state, Scalar("UPPER"), {Value::String(kUtf8)});
}
BENCHMARK(BM_Upper_Utf8);

void BM_Substr_Ascii(benchmark::State& state) {
  RunKernel(state, Scalar("SUBSTR"), {Value::String(kAscii), Value::Int(11), Value::Int(20)});
}
BENCHMARK(BM_Substr_Ascii);

void BM_Substr_Utf8(benchmark::State& state) {
  RunKernel(state, Scalar("SUBSTR"), {Value::String(kUtf8), Value::Int(11), Value::Int(10)});
}
BENCHMARK(BM_Substr_Utf8);

void RunLike(benchmark::State& state, const std::string& text, const std::string& pattern) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(LikeMatch(text, pattern, -1, false));
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

void BM_Like_Prefix(benchmark::State& state) {
  RunLike(state, kAscii, "The Quick%");
}
BENCHMARK(BM_Like_Prefix);

void BM_Like_Contains(benchmark::State& state) {
  RunLike(state, kAscii, "%Lazy Dog%");
}
BENCHMARK(BM_Like_Contains);

void BM_Like_Underscores(benchmark::State& state) {
  RunLike(state, kAscii, "%J_mps%A_ain!!");
}
BENCHMARK(BM_Like_Underscores);

void BM_Like_NoMatch(benchmark::State& state) {
  RunLike(state, kAscii, "%x%y%z%");
}
BENCHMARK(BM_Like_NoMatch);

}  // namespace
}  // namespace basalt::sql::bench

BENCHMARK_MAIN();
