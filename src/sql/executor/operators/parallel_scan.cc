#include "sql/executor/operators/parallel_scan.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "common/parallel.h"

namespace basalt::sql {
namespace {

// Morsels a worker may run ahead of the consumer: enough to keep every worker busy while
// the consumer drains one, few enough to bound the rows waiting in memory.
constexpr size_t kMorselsPerWorker = 2;

std::atomic<uint64_t> started_count{0};

// A worker's morsel was abandoned (the consumer will never read it); never surfaces.
Status Abandoned() {
  return Status(ErrorCode::kQueryCancelled, "parallel scan stopped");
}

}  // namespace

bool ParallelSafe(const BoundExpr& expr) {
  if (expr.subquery != nullptr) {
    return false;
  }
  switch (expr.kind) {
    case BoundKind::kOuterSlot:
    case BoundKind::kInSubquery:
    case BoundKind::kExists:
    case BoundKind::kScalarSubquery:
    case BoundKind::kQuantified:
      return false;
    default:
      break;
  }
  return std::all_of(expr.args.begin(), expr.args.end(),
                     [](const BoundExprPtr& arg) { return ParallelSafe(*arg); });
}

class ParallelScan::State {
 public:
  State(const Source& source, std::vector<std::pair<size_t, size_t>> morsels, int workers)
      : source_(source),
        predicate_(source.predicate),
        morsels_(std::move(morsels)),
        workers_(workers),
        window_(kMorselsPerWorker * size_t(workers)),
        slots_(morsels_.size()) {}

  ~State() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      cutoff_.store(0);
    }
    cv_.notify_all();
    if (coordinator_.joinable()) {
      coordinator_.join();
    }
  }

  Status Prepare(ExecContext& ctx) {
    for (int worker = 0; worker < workers_; ++worker) {
      BASALT_ASSIGN_OR_RETURN(auto reader, source_.reader->Fork());
      readers_.push_back(std::move(reader));
      contexts_.push_back(ctx.WorkerContext());
      // Each worker its own copy: the constants' reference counts are not shared.
      predicates_.push_back(predicate_ != nullptr ? predicate_->Clone() : nullptr);
      if (source_.columns != nullptr) {
        column_readers_.push_back(
            std::make_unique<ColumnRowReader>(*source_.columns, predicates_.back().get()));
      }
    }
    return Status::Ok();
  }

  void Launch() {
    coordinator_ = std::thread([this] {
      // Each morsel's outcome is in its slot; the first failure only ends the hand-out.
      ParallelFor(workers_, morsels_.size(), [this](int worker, size_t morsel) {
        return RunMorsel(worker, morsel);
      }).IgnoreError();
    });
  }

  Result<bool> Next(std::vector<Row>* out) {
    out->clear();
    while (true) {
      if (pending_pos_ < pending_.size()) {
        size_t end = std::min(pending_.size(), pending_pos_ + kBatchSize);
        out->reserve(end - pending_pos_);
        for (; pending_pos_ < end; ++pending_pos_) {
          out->push_back(std::move(pending_[pending_pos_]));
        }
        return true;
      }
      pending_.clear();
      pending_pos_ = 0;
      if (!error_.ok()) {
        return error_;
      }
      if (current_ == morsels_.size()) {
        return false;
      }
      std::unique_lock<std::mutex> lock(mu_);
      Slot& slot = slots_[current_];
      cv_.wait(lock, [&] { return slot.done || !slot.rows.empty(); });
      pending_.swap(slot.rows);
      if (slot.done) {
        error_ = std::move(slot.status);
        ++current_;
        lock.unlock();
        cv_.notify_all();  // the window moved
      }
    }
  }

 private:
  struct Slot {
    std::vector<Row> rows;  // produced, not yet taken by the consumer
    bool done = false;
    Status status;
  };

  bool Abandon(size_t morsel) const { return morsel >= cutoff_.load(std::memory_order_relaxed); }

  // Hands `rows` to the consumer; with `done`, the morsel's last rows and its outcome.
  void Publish(size_t morsel, std::vector<Row>* rows, bool done, Status status) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      Slot& slot = slots_[morsel];
      if (slot.rows.empty()) {
        slot.rows.swap(*rows);
      } else {
        std::move(rows->begin(), rows->end(), std::back_inserter(slot.rows));
      }
      if (done) {
        slot.done = true;
        slot.status = std::move(status);
      }
    }
    rows->clear();
    cv_.notify_all();
  }

  Status RunMorsel(int worker, size_t morsel) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return Abandon(morsel) || morsel < current_ + window_; });
    }
    std::vector<Row> rows;
    Status status;
    try {
      status = Abandon(morsel) ? Abandoned() : ReadMorsel(worker, morsel, &rows);
    } catch (const std::exception& e) {  // std::bad_alloc: this thread is a task boundary
      status = Internal(std::string("parallel scan: ") + e.what());
    }
    if (!status.ok()) {
      // Later morsels are never read: let their workers stop.
      size_t cutoff = cutoff_.load();
      while (morsel + 1 < cutoff && !cutoff_.compare_exchange_weak(cutoff, morsel + 1)) {
      }
    }
    Publish(morsel, &rows, true, status);
    return status;
  }

  Status ReadMorsel(int worker, size_t morsel, std::vector<Row>* rows) {
    ExecContext& ctx = *contexts_[size_t(worker)];
    storage::CollectionReader& reader = *readers_[size_t(worker)];
    const BoundExpr* predicate = predicates_[size_t(worker)].get();
    auto [begin, end] = morsels_[morsel];
    const std::vector<uint64_t>& seqs = *source_.seqs;
    if (source_.columns != nullptr) {
      ColumnRowReader& columns = *column_readers_[size_t(worker)];
      for (size_t batch = begin; batch < end; batch += kBatchSize) {
        if (Abandon(morsel)) {
          return Abandoned();
        }
        BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
        BASALT_RETURN_IF_ERROR(
            columns.Read(reader, seqs, batch, std::min(end, batch + kBatchSize), ctx, rows));
        Publish(morsel, rows, false, Status::Ok());
      }
      return Status::Ok();
    }
    uint64_t end_seq = seqs[end - 1] + 1;
    size_t taken = 0;
    return reader.ScanDocumentsFrom(seqs[begin], [&](uint64_t seq, const Value& doc) {
      if (seq >= end_seq) {
        return storage::StopIteration();
      }
      if (taken++ % kBatchSize == 0) {
        Publish(morsel, rows, false, Status::Ok());
        if (Abandon(morsel)) {
          return Abandoned();
        }
        BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      }
      return FilterDocument(doc, predicate, ctx, rows);
    });
  }

  const Source source_;
  const BoundExpr* predicate_;
  const std::vector<std::pair<size_t, size_t>> morsels_;  // [begin, end) in *source_.seqs
  const int workers_;
  const size_t window_;
  // Per worker, made before the workers start.
  std::vector<std::unique_ptr<storage::CollectionReader>> readers_;
  std::vector<std::unique_ptr<ExecContext>> contexts_;
  std::vector<BoundExprPtr> predicates_;
  std::vector<std::unique_ptr<ColumnRowReader>> column_readers_;

  std::mutex mu_;
  std::condition_variable cv_;  // a slot got rows or finished; the window moved; stop
  std::vector<Slot> slots_;     // guarded by mu_
  size_t current_ = 0;          // the morsel the consumer reads; guarded by mu_
  // Morsels from here on will never be read (an earlier one failed, or the scan is being
  // destroyed): their workers stop.
  std::atomic<size_t> cutoff_{SIZE_MAX};
  std::thread coordinator_;

  // Consumer side (the thread calling Next).
  std::vector<Row> pending_;
  size_t pending_pos_ = 0;
  Status error_;
};

Result<std::unique_ptr<ParallelScan>> ParallelScan::Start(const Source& source, ExecContext& ctx) {
  const BoundExpr* predicate = source.predicate;
  if (ctx.threads() <= 1 || (predicate != nullptr && !ParallelSafe(*predicate))) {
    return std::unique_ptr<ParallelScan>();
  }
  // One morsel per column chunk that holds live documents.
  const std::vector<uint64_t>& seqs = *source.seqs;
  std::vector<std::pair<size_t, size_t>> morsels;
  for (size_t idx = source.begin; idx < seqs.size(); ++idx) {
    if (idx == source.begin ||
        seqs[idx] / storage::kChunkSize != seqs[idx - 1] / storage::kChunkSize) {
      morsels.emplace_back(idx, idx);
    }
    morsels.back().second = idx + 1;
  }
  if (morsels.size() < kMinParallelMorsels) {
    return std::unique_ptr<ParallelScan>();
  }
  int workers = int(std::min<size_t>(size_t(ctx.threads()), morsels.size()));
  auto state = std::make_unique<State>(source, std::move(morsels), workers);
  BASALT_RETURN_IF_ERROR(state->Prepare(ctx));
  state->Launch();
  started_count.fetch_add(1, std::memory_order_relaxed);
  return std::unique_ptr<ParallelScan>(new ParallelScan(std::move(state)));
}

ParallelScan::ParallelScan(std::unique_ptr<State> state) : state_(std::move(state)) {}

ParallelScan::~ParallelScan() = default;

uint64_t ParallelScan::StartedCount() {
  return started_count.load(std::memory_order_relaxed);
}

Result<bool> ParallelScan::Next(std::vector<Row>* out) {
  return state_->Next(out);
}

}  // namespace basalt::sql
