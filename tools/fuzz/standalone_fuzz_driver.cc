// Runs a libFuzzer entry point (LLVMFuzzerTestOneInput) without libFuzzer: over a
// deterministic stream of pseudo-random inputs, for builds without clang's -fsanitize=fuzzer
// (GCC, ctest). No coverage feedback, so it finds less than libFuzzer; it does catch crashes,
// hangs, sanitizer reports and aborts, and replays libFuzzer's crash files.
//
//   <target>_driver [--seconds N] [--iterations N] [--seed S] [--first I] [--max-len N]
//                   [--timeout S] [FILE...]
//
// Input I of seed S depends only on (S, I), so a failure reported at iteration I is replayed
// by `--seed S --first I --iterations 1`; the failing input is also written to
// `fuzz-crash-<seed>-<iteration>` in the working directory. Stops after --iterations inputs
// or --seconds seconds, whichever comes first (defaults: 200000 and 20). With FILE
// arguments, runs each file's bytes once instead. Exit status 0 when every input passed.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Sanitizer runtimes (when linked in) call this before exiting on a report.
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  double seconds = 20;
  uint64_t iterations = 200000;
  uint64_t seed = 1;
  uint64_t first = 0;
  size_t max_len = 512;
  double timeout = 10;
  std::vector<std::string> files;
};

// The input being run, for the crash handler and the watchdog (async-signal-safe access).
constexpr size_t kMaxInput = 1 << 16;
uint8_t g_input[kMaxInput];
std::atomic<size_t> g_input_size{0};
std::atomic<uint64_t> g_iteration{0};
std::atomic<int64_t> g_started_ns{0};  // 0: idle
uint64_t g_seed = 0;

// splitmix64: the stream of one input.
uint64_t Mix(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

size_t MakeInput(uint64_t seed, uint64_t iteration, size_t max_len) {
  uint64_t state = seed * 0x2545f4914f6cdd1dULL ^ iteration;
  // Mostly short inputs (the decoder reads a few bytes per value), sometimes long ones.
  uint64_t r = Mix(&state);
  size_t size = (r & 3) == 0 ? size_t(Mix(&state) % (max_len + 1))
                             : size_t(Mix(&state) % (std::min<size_t>(max_len, 64) + 1));
  for (size_t idx = 0; idx < size; idx += 8) {
    uint64_t bits = Mix(&state);
    std::memcpy(g_input + idx, &bits, std::min<size_t>(8, size - idx));
  }
  return size;
}

// Signal-safe decimal rendering.
size_t AppendNumber(char* out, uint64_t value) {
  char digits[24];
  size_t len = 0;
  do {
    digits[len++] = char('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (size_t idx = 0; idx < len; ++idx) {
    out[idx] = digits[len - 1 - idx];
  }
  return len;
}

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t wrote = write(fd, data, size);
    if (wrote <= 0) {
      return;
    }
    data += wrote;
    size -= size_t(wrote);
  }
}

// Reports the input being run and writes it to fuzz-crash-<seed>-<iteration>.
void ReportCurrentInput(const char* why) {
  char name[96] = "fuzz-crash-";
  size_t len = std::strlen(name);
  len += AppendNumber(name + len, g_seed);
  name[len++] = '-';
  len += AppendNumber(name + len, g_iteration.load());
  name[len] = '\0';
  char line[256];
  size_t pos = 0;
  auto add = [&](const char* text) {
    size_t n = std::strlen(text);
    std::memcpy(line + pos, text, n);
    pos += n;
  };
  add("\n==fuzz driver== ");
  add(why);
  add(" at iteration ");
  pos += AppendNumber(line + pos, g_iteration.load());
  add(" (seed ");
  pos += AppendNumber(line + pos, g_seed);
  add("); input saved to ");
  add(name);
  add("\n");
  WriteAll(2, line, pos);
  int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    WriteAll(fd, reinterpret_cast<const char*>(g_input), g_input_size.load());
    close(fd);
  }
}

void OnFatalSignal(int signal_number) {
  ReportCurrentInput(signal_number == SIGABRT ? "abort" : "fatal signal");
  ::signal(signal_number, SIG_DFL);
  raise(signal_number);
}

void Watchdog(double timeout) {
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    int64_t started = g_started_ns.load();
    if (started == 0) {
      continue;
    }
    int64_t now = Clock::now().time_since_epoch().count();
    if (double(now - started) / 1e9 > timeout) {
      ReportCurrentInput("timeout (hang)");
      std::_Exit(3);
    }
  }
}

void RunOne(size_t size) {
  g_input_size = size;
  g_started_ns = Clock::now().time_since_epoch().count();
  LLVMFuzzerTestOneInput(g_input, size);
  g_started_ns = 0;
}

bool ParseArgs(int argc, char** argv, Options* options) {
  for (int idx = 1; idx < argc; ++idx) {
    std::string_view arg = argv[idx];
    auto next = [&]() -> const char* { return idx + 1 < argc ? argv[++idx] : nullptr; };
    const char* value = nullptr;
    if (arg == "--seconds" && (value = next())) {
      options->seconds = std::strtod(value, nullptr);
    } else if (arg == "--iterations" && (value = next())) {
      options->iterations = std::strtoull(value, nullptr, 10);
    } else if (arg == "--seed" && (value = next())) {
      options->seed = std::strtoull(value, nullptr, 10);
    } else if (arg == "--first" && (value = next())) {
      options->first = std::strtoull(value, nullptr, 10);
    } else if (arg == "--max-len" && (value = next())) {
      options->max_len = std::min<size_t>(std::strtoull(value, nullptr, 10), kMaxInput);
    } else if (arg == "--timeout" && (value = next())) {
      options->timeout = std::strtod(value, nullptr);
    } else if (!arg.empty() && arg[0] != '-') {
      options->files.emplace_back(arg);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: %s [--seconds N] [--iterations N] [--seed S] [--first I] "
                 "[--max-len N] [--timeout S] [FILE...]\n",
                 argv[0]);
    return 2;
  }
  g_seed = options.seed;
  for (int signal_number : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) {
    ::signal(signal_number, OnFatalSignal);
  }
  if (__sanitizer_set_death_callback != nullptr) {
    __sanitizer_set_death_callback([] { ReportCurrentInput("sanitizer report"); });
  }
  std::thread(Watchdog, options.timeout).detach();

  if (!options.files.empty()) {
    for (const std::string& path : options.files) {
      std::ifstream file(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      size_t size = std::min(bytes.size(), kMaxInput);
      std::memcpy(g_input, bytes.data(), size);
      RunOne(size);
      std::printf("%s: ok\n", path.c_str());
    }
    return 0;
  }

  auto start = Clock::now();
  uint64_t done = 0;
  for (uint64_t iteration = options.first; done < options.iterations; ++iteration, ++done) {
    if ((done & 255) == 0 &&
        std::chrono::duration<double>(Clock::now() - start).count() >= options.seconds) {
      break;
    }
    g_iteration = iteration;
    RunOne(MakeInput(options.seed, iteration, options.max_len));
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%llu inputs in %.1f s (seed %llu, iterations %llu..%llu): no failures\n",
              static_cast<unsigned long long>(done), elapsed,
              static_cast<unsigned long long>(options.seed),
              static_cast<unsigned long long>(options.first),
              static_cast<unsigned long long>(options.first + done));
  return 0;
}
