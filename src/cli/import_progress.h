#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace basalt::cli {

// Progress of `basalt import` on stderr: a bar redrawn in place on a terminal (documents,
// documents/s, percent and ETA by bytes when the input size is known), a plain line every
// few seconds otherwise. Thread-safe: Add may be called from any thread.
class ImportProgress {
 public:
  ImportProgress() = default;
  ~ImportProgress() { Stop(); }
  ImportProgress(const ImportProgress&) = delete;
  ImportProgress& operator=(const ImportProgress&) = delete;

  // `total_bytes`: bytes still to read (unknown for pipes); `bar`: redraw in place.
  void Start(std::optional<uint64_t> total_bytes, bool bar, std::chrono::milliseconds every);
  void Add(int64_t imported, int64_t rejected, uint64_t bytes);
  // Stops the updates and ends the bar's line.
  void Stop();

  int64_t imported() const { return imported_.load(); }
  double Seconds() const;

  // One rendering, for tests: "[####----]  45%  450,000 docs  98,000 docs/s  ETA 0:06".
  static std::string Render(bool bar, int64_t imported, int64_t rejected, uint64_t bytes,
                            std::optional<uint64_t> total_bytes, double seconds);

 private:
  void Print(bool final_line);

  std::atomic<int64_t> imported_{0};
  std::atomic<int64_t> rejected_{0};
  std::atomic<uint64_t> bytes_{0};
  std::optional<uint64_t> total_bytes_;
  bool bar_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// 1234567 -> "1,234,567".
std::string GroupDigits(int64_t value);

}  // namespace basalt::cli
