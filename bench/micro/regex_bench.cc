// REGEXP_LIKE with a constant pattern: the compiled RE2 comes from the process-wide cache,
// so this measures the cache look-up plus the match.
#include <benchmark/benchmark.h>

#include "function_bench_util.h"

namespace basalt::sql::bench {
namespace {

const char* const kEmail = "user1234.example-name@mail.example.com";

void BM_RegexpLike_Literal(benchmark::State& state) {
  RunKernel(state, Scalar("REGEXP_LIKE"), {Value::String(kEmail), Value::String("user1234")});
}
BENCHMARK(BM_RegexpLike_Literal);

void BM_RegexpLike_Email(benchmark::State& state) {
  RunKernel(state, Scalar("REGEXP_LIKE"),
            {Value::String(kEmail), Value::String("^[a-z0-9._-]+@[a-z0-9.-]+\\.[a-z]{2,}$")});
}
BENCHMARK(BM_RegexpLike_Email);

void BM_RegexpLike_NoMatch(benchmark::State& state) {
  RunKernel(state, Scalar("REGEXP_LIKE"), {Value::String(kEmail), Value::String("[0-9]{6}")});
}
BENCHMARK(BM_RegexpLike_NoMatch);

void BM_RegexpExtract(benchmark::State& state) {
  RunKernel(state, Scalar("REGEXP_EXTRACT"),
            {Value::String(kEmail), Value::String("@([a-z.]+)"), Value::Int(1)});
}
BENCHMARK(BM_RegexpExtract);

}  // namespace
}  // namespace basalt::sql::bench

BENCHMARK_MAIN();
