#pragma once

// Helpers for the function micro benchmarks: call a registered scalar kernel the way the
// engine does, and fail the benchmark (not silently measure an error path) when it errors.

#include <cstdlib>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "sql/functions/function_registry.h"

namespace basalt::sql::bench {

// REQUIRES: `name` is a registered scalar function.
inline const FunctionDef& Scalar(std::string_view name) {
  const FunctionDef* def = FunctionRegistry::Get().FindScalar(name);
  if (def == nullptr) {
    std::abort();
  }
  return *def;
}

// Runs `def` on `args` once per iteration; reports an error if a call fails.
inline void RunKernel(benchmark::State& state, const FunctionDef& def,
                      const std::vector<Value>& args) {
  FunctionContext ctx;
  ctx.now_micros = 1716719420000000;
  for (auto _ : state) {
    Result<Value> result = def.kernel(args, ctx);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

}  // namespace basalt::sql::bench
