#include "common/parallel.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace basalt {

int DefaultQueryThreads() {
  unsigned hardware = std::thread::hardware_concurrency();
  return std::clamp(int(hardware), 1, kMaxQueryThreads);
}

Status ParallelFor(int workers, size_t tasks,
                   const std::function<Status(int worker, size_t task)>& fn) {
  workers = int(std::clamp<size_t>(size_t(std::max(workers, 1)), 1, std::max<size_t>(tasks, 1)));
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  Status first_error = Status::Ok();
  auto run = [&](int worker) {
    while (!failed.load(std::memory_order_relaxed)) {
      size_t task = next.fetch_add(1, std::memory_order_relaxed);
      if (task >= tasks) {
        return;
      }
      Status st = fn(worker, task);
      if (!st.ok()) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failed.exchange(true)) {
          first_error = std::move(st);
        }
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(size_t(workers - 1));
  for (int worker = 1; worker < workers; ++worker) {
    threads.emplace_back(run, worker);
  }
  run(0);
  for (std::thread& thread : threads) {
    thread.join();
  }
  return first_error;
}

}  // namespace basalt
