#include "cli/import_progress.h"

#include <cstdio>

namespace basalt::cli {

std::string GroupDigits(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t idx = 0; idx < digits.size(); ++idx) {
    if (idx > 0 && (digits.size() - idx) % 3 == 0) {
      out.push_back(',');
    }
    out.push_back(digits[idx]);
  }
  if (value < 0) {
    out.insert(out.begin(), '-');
  }
  return out;
}

namespace {

std::string Duration(double seconds) {
  auto total = static_cast<int64_t>(seconds + 0.5);
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof(text), "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                  static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  } else {
    std::snprintf(text, sizeof(text), "%lld:%02lld", static_cast<long long>(total / 60),
                  static_cast<long long>(total % 60));
  }
  return text;
}

}  // namespace

std::string ImportProgress::Render(bool bar, int64_t imported, int64_t rejected, uint64_t bytes,
                                   std::optional<uint64_t> total_bytes, double seconds) {
  std::string out;
  double fraction = -1;
  if (total_bytes && *total_bytes > 0) {
    fraction = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(*total_bytes));
  }
  if (bar && fraction >= 0) {
    constexpr int kWidth = 24;
    int filled = static_cast<int>(fraction * kWidth);
    out.push_back('[');
    out.append(static_cast<size_t>(filled), '#');
    out.append(static_cast<size_t>(kWidth - filled), '-');
    out.append("] ");
  }
  char text[64];
  if (fraction >= 0) {
    std::snprintf(text, sizeof(text), "%3d%%  ", static_cast<int>(fraction * 100));
    out += text;
  }
  out += GroupDigits(imported) + " docs";
  if (rejected > 0) {
    out += " (" + GroupDigits(rejected) + " rejected)";
  }
  double rate = seconds > 0 ? static_cast<double>(imported) / seconds : 0;
  out += "  " + GroupDigits(static_cast<int64_t>(rate)) + " docs/s";
  if (fraction > 0 && fraction < 1 && seconds > 0) {
    double eta = seconds * (1 - fraction) / fraction;
    out += "  ETA " + Duration(eta);
  } else {
    out += "  " + Duration(seconds) + " elapsed";
  }
  return out;
}

double ImportProgress::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

void ImportProgress::Start(std::optional<uint64_t> total_bytes, bool bar,
                           std::chrono::milliseconds every) {
  total_bytes_ = total_bytes;
  bar_ = bar;
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this, every] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, every, [this] { return stopping_; })) {
      Print(false);
    }
  });
}

void ImportProgress::Add(int64_t imported, int64_t rejected, uint64_t bytes) {
  imported_.fetch_add(imported);
  rejected_.fetch_add(rejected);
  bytes_.fetch_add(bytes);
}

void ImportProgress::Print(bool final_line) {
  std::string line =
      Render(bar_, imported_.load(), rejected_.load(), bytes_.load(), total_bytes_, Seconds());
  if (bar_) {
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final_line ? "\n" : "");
  } else {
    std::fprintf(stderr, "basalt import: %s\n", line.c_str());
  }
  std::fflush(stderr);
}

void ImportProgress::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || !thread_.joinable()) {
      stopping_ = true;
      return;
    }
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (bar_) {
    Print(true);
  }
}

}  // namespace basalt::cli
