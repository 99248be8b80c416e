// Ingest through the storage API directly (no HTTP): reads NDJSON documents, turns each
// into the Write API's add mutation and applies them in batches, the way the server does.
// Prints documents per second and bytes on disk per document (after compaction).
//
//   build/bench/storage_ingest_bench FILE.ndjson [--batch 1000] [--dir DIR] [--threads 1]
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/json.h"
#include "common/time_util.h"
#include "ingest/write_ops.h"
#include "storage/store.h"

namespace {

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      total += entry.file_size();
  }
  return total;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.ndjson [--batch N] [--dir DIR] [--threads N]\n", argv[0]);
    return 2;
  }
  std::string file = argv[1];
  size_t batch_size = 1000;
  int threads = 1;
  std::string dir = "/tmp/basalt-storage-bench";
  for (int idx = 2; idx + 1 < argc; idx += 2) {
    std::string flag = argv[idx];
    if (flag == "--batch")
      batch_size = std::stoul(argv[idx + 1]);
    if (flag == "--dir")
      dir = argv[idx + 1];
    if (flag == "--threads")
      threads = std::stoi(argv[idx + 1]);
  }
  std::vector<std::string> lines;
  {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty())
        lines.push_back(std::move(line));
    }
  }
  uint64_t input_bytes = 0;
  for (const auto& line : lines)
    input_bytes += line.size() + 1;
  std::filesystem::remove_all(dir);
  auto store = basalt::storage::Store::Open({.path = dir});
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().ToString().c_str());
    return 1;
  }
  uint32_t coll = *(*store)->CreateCollection();

  // Threads take whole batches, like concurrent Write API requests.
  std::atomic<size_t> next_batch{0};
  std::atomic<bool> failed{false};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&]() {
      while (!failed) {
        size_t first = next_batch.fetch_add(batch_size);
        if (first >= lines.size())
          return;
        size_t last = std::min(lines.size(), first + batch_size);
        int64_t now = basalt::NowMicros();
        std::vector<basalt::storage::Mutation> mutations;
        mutations.reserve(last - first);
        for (size_t idx = first; idx < last; ++idx) {
          auto doc = basalt::ParseJson(lines[idx]);
          if (!doc.ok())
            continue;
          auto m = basalt::ingest::MakeAddMutation(std::move(doc).value(), now);
          if (m.ok())
            mutations.push_back(std::move(m).value());
        }
        auto summary = (*store)->Apply(coll, mutations);
        if (!summary.ok()) {
          std::fprintf(stderr, "apply: %s\n", summary.status().ToString().c_str());
          failed = true;
        }
      }
    });
  }
  for (auto& w : workers)
    w.join();
  double load_secs = Seconds(start);
  if (failed)
    return 1;
  uint64_t count = *(*store)->DocumentCount(coll);
  uint64_t before_compaction = DirectoryBytes(dir);
  auto compact_start = std::chrono::steady_clock::now();
  if (!(*store)->CompactAll().ok())
    return 1;
  double compact_secs = Seconds(compact_start);
  uint64_t after_compaction = DirectoryBytes(dir);
  std::printf("documents            %llu (input %.1f MB NDJSON)\n", (unsigned long long)count,
              input_bytes / 1e6);
  std::printf("load                 %.2f s, %.0f docs/s (batch %zu, %d threads)\n", load_secs,
              count / load_secs, batch_size, threads);
  std::printf("on disk after load   %.1f MB, %.0f bytes/doc\n", before_compaction / 1e6,
              double(before_compaction) / count);
  std::printf("compaction           %.2f s\n", compact_secs);
  std::printf("on disk compacted    %.1f MB, %.0f bytes/doc\n", after_compaction / 1e6,
              double(after_compaction) / count);
  return 0;
}
