#include "common/parallel.h"

#include <atomic>
#include <vector>

#include <gtest/gtest.h>

namespace basalt {
namespace {

TEST(ParallelForTest, RunsEveryTaskOnceOnAtMostTheGivenWorkers) {
  std::vector<std::atomic<int>> runs(1000);
  std::atomic<int> max_worker{0};
  Status st = ParallelFor(4, runs.size(), [&](int worker, size_t task) {
    runs[task].fetch_add(1);
    int seen = max_worker.load();
    while (worker > seen && !max_worker.compare_exchange_weak(seen, worker)) {
    }
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok());
  for (auto& count : runs) {
    EXPECT_EQ(count.load(), 1);
  }
  EXPECT_LT(max_worker.load(), 4);
}

TEST(ParallelForTest, FirstErrorStopsTheHandOutAndIsReturned) {
  std::atomic<int> ran{0};
  Status st = ParallelFor(3, 100000, [&](int, size_t task) {
    ran.fetch_add(1);
    if (task == 10) {
      return Status(ErrorCode::kInvalidInput, "task 10 failed");
    }
    return Status::Ok();
  });
  EXPECT_EQ(st.code(), ErrorCode::kInvalidInput);
  EXPECT_LT(ran.load(), 100000);
}

TEST(ParallelForTest, NoTasksAndOneWorker) {
  EXPECT_TRUE(ParallelFor(4, 0, [](int, size_t) { return Status(ErrorCode::kInternal, "x"); }).ok());
  int sum = 0;  // one worker: runs on the calling thread, in order
  ASSERT_TRUE(ParallelFor(1, 5, [&](int worker, size_t task) {
                EXPECT_EQ(worker, 0);
                sum = sum * 10 + int(task);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(sum, 1234);
}

}  // namespace
}  // namespace basalt
