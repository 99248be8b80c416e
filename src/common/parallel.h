#pragma once

#include <cstddef>
#include <functional>

#include "common/status.h"

namespace basalt {

// The number of threads a query may use by default: the machine's hardware threads, at
// least 1 and at most kMaxQueryThreads.
inline constexpr int kMaxQueryThreads = 8;
int DefaultQueryThreads();

// Runs fn(worker, task) for every task in [0, tasks) on `workers` threads (the calling
// thread is worker 0; at most `tasks` threads run). Tasks are handed out in ascending order
// as workers become free (morsel-driven). The first error stops the hand-out (tasks already
// running finish) and is returned; so is a StopIteration-like non-ok status from fn.
Status ParallelFor(int workers, size_t tasks,
                   const std::function<Status(int worker, size_t task)>& fn);

}  // namespace basalt
