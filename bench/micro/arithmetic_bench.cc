// The arithmetic every projection and filter runs: Add and Multiply from value_ops.h on
// int/int (with overflow checks), float/float and mixed operands, and timestamp + interval.
#include <benchmark/benchmark.h>

#include "sql/executor/value_ops.h"

namespace basalt::sql::bench {
namespace {

using BinaryOp = Result<Value> (*)(const Value&, const Value&);

void RunBinary(benchmark::State& state, BinaryOp op, const Value& a, const Value& b) {
  for (auto _ : state) {
    Result<Value> result = op(a, b);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}

void BM_Add_IntInt(benchmark::State& state) {
  RunBinary(state, Add, Value::Int(123456789), Value::Int(987654321));
}
BENCHMARK(BM_Add_IntInt);

void BM_Add_FloatFloat(benchmark::State& state) {
  RunBinary(state, Add, Value::Float(1.5), Value::Float(2.25));
}
BENCHMARK(BM_Add_FloatFloat);

void BM_Add_IntFloat(benchmark::State& state) {
  RunBinary(state, Add, Value::Int(3), Value::Float(2.25));
}
BENCHMARK(BM_Add_IntFloat);

void BM_Add_TimestampInterval(benchmark::State& state) {
  RunBinary(state, Add, Value::Timestamp(1527330620000000), Value::MicrosecondInterval(3600000000));
}
BENCHMARK(BM_Add_TimestampInterval);

void BM_Multiply_IntInt(benchmark::State& state) {
  RunBinary(state, Multiply, Value::Int(123456), Value::Int(654321));
}
BENCHMARK(BM_Multiply_IntInt);

void BM_Multiply_FloatFloat(benchmark::State& state) {
  RunBinary(state, Multiply, Value::Float(1.5), Value::Float(2.25));
}
BENCHMARK(BM_Multiply_FloatFloat);

void BM_Multiply_IntFloat(benchmark::State& state) {
  RunBinary(state, Multiply, Value::Int(3), Value::Float(2.25));
}
BENCHMARK(BM_Multiply_IntFloat);

}  // namespace
}  // namespace basalt::sql::bench

BENCHMARK_MAIN();
