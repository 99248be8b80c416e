// `basalt import`: the pipeline (a reader thread making batches, sender threads posting
// them, a tracker saving the checkpoint in input order). Arguments: import_args.cc.
#include "cli/importer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/http_client.h"
#include "cli/import_checkpoint.h"
#include "cli/import_progress.h"
#include "common/json.h"

namespace basalt::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) {
  g_interrupted.store(true);
}

// One request's worth of records from one input, covering the input's bytes up to
// `end_offset` since the previous batch.
struct Batch {
  size_t file_idx = 0;
  uint64_t seq = 0;  // per input, from 0
  bool last = false;
  uint64_t end_offset = 0;
  uint64_t end_line = 1;
  uint64_t bytes = 0;
  std::string body;             // {"data":[...]}, empty when no record is sent
  std::vector<uint64_t> lines;  // line of each record sent, in order
  std::vector<Rejection> rejections;
  int64_t imported = 0;
};

class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}
  // False when closed.
  bool Push(std::unique_ptr<Batch> batch) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) {
      return false;
    }
    items_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }
  // Null once finished (no more batches) or closed.
  std::unique_ptr<Batch> Pop() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return closed_ || finished_ || !items_.empty(); });
    if (closed_ || items_.empty()) {
      return nullptr;
    }
    std::unique_ptr<Batch> batch = std::move(items_.front());
    items_.pop_front();
    space_.notify_one();
    return batch;
  }
  void Finish() {
    std::lock_guard lock(mu_);
    finished_ = true;
    ready_.notify_all();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    ready_.notify_all();
    space_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::deque<std::unique_ptr<Batch>> items_;
  size_t capacity_;
  bool finished_ = false;
  bool closed_ = false;
};

// Applies finished batches to the checkpoint in input order and saves it now and then.
class Tracker {
 public:
  Tracker(ImportCheckpoint checkpoint, std::string path)
      : checkpoint_(std::move(checkpoint)),
        path_(std::move(path)),
        next_seq_(checkpoint_.files.size(), 0),
        done_(checkpoint_.files.size()) {}

  Status Done(std::unique_ptr<Batch> batch) {
    std::lock_guard lock(mu_);
    size_t file_idx = batch->file_idx;
    done_[file_idx].emplace(batch->seq, std::move(batch));
    auto& pending = done_[file_idx];
    while (!pending.empty() && pending.begin()->first == next_seq_[file_idx]) {
      std::unique_ptr<Batch> next = std::move(pending.begin()->second);
      pending.erase(pending.begin());
      ++next_seq_[file_idx];
      CheckpointFile& file = checkpoint_.files[file_idx];
      file.offset = next->end_offset;
      file.line = next->end_line;
      file.complete = next->last;
      checkpoint_.imported += next->imported;
      checkpoint_.rejected += static_cast<int64_t>(next->rejections.size());
      for (Rejection& rejection : next->rejections) {
        if (checkpoint_.rejections.size() < kMaxRejectionDetails) {
          checkpoint_.rejections.push_back(std::move(rejection));
        }
      }
    }
    auto now = std::chrono::steady_clock::now();
    if (now - last_save_ < std::chrono::milliseconds(500)) {
      return Status::Ok();
    }
    last_save_ = now;
    return SaveCheckpoint(path_, checkpoint_);
  }

  Status Save() {
    std::lock_guard lock(mu_);
    return SaveCheckpoint(path_, checkpoint_);
  }

  ImportCheckpoint Snapshot() {
    std::lock_guard lock(mu_);
    return checkpoint_;
  }

 private:
  std::mutex mu_;
  ImportCheckpoint checkpoint_;
  std::string path_;
  std::vector<uint64_t> next_seq_;
  std::vector<std::map<uint64_t, std::unique_ptr<Batch>>> done_;
  std::chrono::steady_clock::time_point last_save_{};
};

// State shared by the threads of one run.
struct Run {
  Run(const ImportOptions& run_options, ServerUrl url, ImportCheckpoint checkpoint,
      std::string checkpoint_path)
      : options(run_options),
        server(std::move(url)),
        docs_path("/v1/orgs/self/ws/" + run_options.workspace + "/collections/" +
                  run_options.collection + "/docs"),
        queue(static_cast<size_t>(run_options.parallel) * 2),
        tracker(std::move(checkpoint), std::move(checkpoint_path)) {}

  const ImportOptions& options;
  ServerUrl server;
  std::string docs_path;
  BatchQueue queue;
  Tracker tracker;
  ImportProgress progress;
  std::mutex error_mu;
  Status error;  // the first fatal error; guarded by error_mu
  std::atomic<bool> failed{false};

  void Fail(Status status) {
    std::lock_guard lock(error_mu);
    if (error.ok()) {
      error = std::move(status);
    }
    failed.store(true);
    queue.Close();
  }
};

bool Retryable(int http_status) {
  return http_status == 429 || http_status == 500 || http_status == 502 || http_status == 503 ||
         http_status == 504;
}

std::string ReplyError(const HttpReply& reply) {
  Result<Value> body = ParseJson(reply.body);
  std::string message = "HTTP " + std::to_string(reply.status);
  if (body.ok() && body->Get("type").is_string()) {
    message.push_back(' ');
    message.append(body->Get("type").string_value());
  }
  if (body.ok() && body->Get("message").is_string()) {
    message.append(": ");
    message.append(body->Get("message").string_value());
  }
  return message;
}

// Posts one batch (retrying what may pass later) and records the per-document outcome.
Status SendBatch(Run& run, HttpConnection& connection, Batch& batch) {
  HttpHeaders headers = {{"Authorization", "ApiKey " + run.options.api_key},
                         {"Content-Type", "application/json"}};
  std::chrono::milliseconds backoff(100);
  for (int attempt = 1;; ++attempt) {
    Result<HttpReply> reply = connection.Send("POST", run.docs_path, headers, batch.body);
    bool retry = !reply.ok() || Retryable(reply->status);
    if (!retry) {
      if (reply->status == 413 && batch.lines.size() == 1) {
        // One document over the request size limit: reject it, go on with the others.
        batch.rejections.push_back(
            Rejection{run.options.files[batch.file_idx], batch.lines[0], ReplyError(*reply)});
        return Status::Ok();
      }
      if (reply->status != 200) {
        return Status(ErrorCode::kInvalidInput,
                      "the server refused a batch: " + ReplyError(*reply));
      }
      Result<Value> body = ParseJson(reply->body);
      if (!body.ok() || !body->Get("data").is_array() ||
          body->Get("data").array().size() != batch.lines.size()) {
        return Internal("unexpected reply to a write: " + reply->body.substr(0, 200));
      }
      const Array& statuses = body->Get("data").array();
      for (size_t doc_idx = 0; doc_idx < statuses.size(); ++doc_idx) {
        const Value& status = statuses[doc_idx].Get("status");
        if (status.is_string() && status.string_value() != "ERROR") {
          ++batch.imported;
          continue;
        }
        const Value& message = statuses[doc_idx].Get("error").Get("message");
        batch.rejections.push_back(
            Rejection{run.options.files[batch.file_idx], batch.lines[doc_idx],
                      message.is_string() ? std::string(message.string_value()) : "rejected"});
      }
      return Status::Ok();
    }
    if (attempt >= 12 || run.failed.load()) {
      return reply.ok() ? Status(ErrorCode::kServiceUnavailable, ReplyError(*reply))
                        : reply.status();
    }
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

void SenderLoop(Run& run) {
  HttpConnection connection(run.server, "basalt-import");
  while (std::unique_ptr<Batch> batch = run.queue.Pop()) {
    if (!batch->body.empty()) {
      Status sent = SendBatch(run, connection, *batch);
      if (!sent.ok()) {
        run.Fail(sent);
        return;
      }
    }
    run.progress.Add(batch->imported, static_cast<int64_t>(batch->rejections.size()), batch->bytes);
    Status saved = run.tracker.Done(std::move(batch));
    if (!saved.ok()) {
      run.Fail(saved);
      return;
    }
  }
}

// Reads one input from its checkpointed position and queues its batches.
Status ReadInput(Run& run, size_t file_idx, const CheckpointFile& position,
                 const std::string& import_id, std::unique_ptr<ByteSource> source,
                 ImportFormat format) {
  BASALT_ASSIGN_OR_RETURN(
      std::unique_ptr<RecordReader> reader,
      NewRecordReader(format, std::move(source), run.options.csv, position.offset, position.line));
  const std::string& file_name = run.options.files[file_idx];
  uint64_t seq = 0;
  uint64_t batch_start = position.offset;
  auto batch = std::make_unique<Batch>();
  SourceRecord record;
  std::string document;
  auto flush = [&](bool last) {
    if (!batch->body.empty()) {
      batch->body.append("]}");
    }
    batch->file_idx = file_idx;
    batch->seq = seq++;
    batch->last = last;
    batch->bytes = batch->end_offset - batch_start;
    batch_start = batch->end_offset;
    uint64_t line = batch->end_line;
    bool pushed = run.queue.Push(std::move(batch));
    batch = std::make_unique<Batch>();
    batch->end_offset = batch_start;
    batch->end_line = line;
    return pushed;
  };
  batch->end_offset = position.offset;
  batch->end_line = position.line;
  while (!g_interrupted.load() && !run.failed.load()) {
    BASALT_ASSIGN_OR_RETURN(bool more, reader->Next(&record));
    if (!more) {
      flush(/*last=*/true);
      return Status::Ok();
    }
    Status prepared = record.error;
    if (prepared.ok()) {
      prepared = PrepareDocument(record.json, DocumentIdFor(import_id, file_idx, record.offset),
                                 &document);
    }
    if (!prepared.ok()) {
      batch->rejections.push_back(Rejection{file_name, record.line, prepared.message()});
    } else {
      if (batch->body.size() + document.size() + 16 > run.options.batch_bytes &&
          !batch->body.empty()) {
        if (!flush(false)) {
          return Status::Ok();
        }
      }
      batch->body.append(batch->body.empty() ? "{\"data\":[" : ",");
      batch->body.append(document);
      batch->lines.push_back(record.line);
    }
    batch->end_offset = record.end_offset;
    batch->end_line = record.end_line;
    if (batch->lines.size() >= run.options.batch_docs ||
        batch->rejections.size() >= run.options.batch_docs) {
      if (!flush(false)) {
        return Status::Ok();
      }
    }
  }
  return Status::Ok();
}

}  // namespace

namespace {

struct Input {
  std::unique_ptr<ByteSource> source;
  ImportFormat format = ImportFormat::kAuto;
};

Status OpenInputs(const ImportOptions& options, std::vector<Input>* inputs,
                  ImportCheckpoint* fresh) {
  bool stdin_used = false;
  for (const std::string& path : options.files) {
    CheckpointFile file;
    file.path = path;
    int fd = STDIN_FILENO;
    if (path == "-") {
      if (stdin_used) {
        return InvalidInput("stdin ('-') can be read only once");
      }
      stdin_used = true;
    } else {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        return InvalidInput("cannot open " + path + ": " + std::strerror(errno));  // NOLINT
      }
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      file.size = static_cast<int64_t>(st.st_size);
    }
    Input input{std::make_unique<ByteSource>(fd, fd != STDIN_FILENO), options.format};
    if (input.format == ImportFormat::kAuto) {
      input.source->Peek();
      input.format =
          DetectFormat(path == "-" ? "" : path, input.source->Buffered().substr(0, 4096));
    }
    inputs->push_back(std::move(input));
    fresh->files.push_back(std::move(file));
  }
  return Status::Ok();
}

// Fails early, with the server's message, when the collection cannot take writes; with
// --create, makes a missing collection and waits until it is READY.
Status CheckCollection(const ImportOptions& options, const ServerUrl& server) {
  HttpConnection connection(server, "basalt-import");
  HttpHeaders headers = {{"Authorization", "ApiKey " + options.api_key},
                         {"Content-Type", "application/json"}};
  std::string collections = "/v1/orgs/self/ws/" + options.workspace + "/collections";
  std::string path = collections + "/" + options.collection;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool created = false;
  while (true) {
    BASALT_ASSIGN_OR_RETURN(HttpReply reply, connection.Send("GET", path, headers, ""));
    if (reply.status == 404 && options.create && !created) {
      std::string body = "{\"name\":";
      AppendJsonString(options.collection, &body);
      body.push_back('}');
      BASALT_ASSIGN_OR_RETURN(HttpReply made, connection.Send("POST", collections, headers, body));
      if (made.status != 200) {
        return InvalidInput("cannot create the collection: " + ReplyError(made));
      }
      std::fprintf(stderr, "basalt import: created collection %s.%s\n", options.workspace.c_str(),
                   options.collection.c_str());
      created = true;
      continue;
    }
    if (reply.status != 200) {
      return InvalidInput(ReplyError(reply));
    }
    Result<Value> body = ParseJson(reply.body);
    bool ready = body.ok() && body->Get("data").Get("status").is_string() &&
                 body->Get("data").Get("status").string_value() == "READY";
    if (ready || !created) {
      return Status::Ok();  // an existing collection takes writes in any state
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Status(ErrorCode::kServiceUnavailable, "the new collection did not become READY");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void PrintSummary(const ImportCheckpoint& done, const std::string& collection, int64_t this_run,
                  double seconds) {
  std::fprintf(stderr, "basalt import: %s documents imported into %s",
               GroupDigits(done.imported).c_str(), collection.c_str());
  if (done.imported != this_run) {
    std::fprintf(stderr, " (%s in this run)", GroupDigits(this_run).c_str());
  }
  std::fprintf(stderr, " in %.1f s, %s docs/s\n", seconds,
               GroupDigits(static_cast<int64_t>(seconds > 0 ? this_run / seconds : 0)).c_str());
  if (done.rejected == 0) {
    return;
  }
  std::fprintf(stderr, "basalt import: %s records rejected:\n", GroupDigits(done.rejected).c_str());
  constexpr size_t kShown = 20;
  for (size_t idx = 0; idx < done.rejections.size() && idx < kShown; ++idx) {
    const Rejection& rejection = done.rejections[idx];
    std::fprintf(stderr, "  %s:%llu: %s\n", rejection.file.c_str(),
                 static_cast<unsigned long long>(rejection.line), rejection.message.c_str());
  }
  if (done.rejected > static_cast<int64_t>(kShown)) {
    std::fprintf(stderr, "  … and %s more\n",
                 GroupDigits(done.rejected - static_cast<int64_t>(kShown)).c_str());
  }
}

}  // namespace

int RunImport(const ImportOptions& options) {
  auto fail = [](const Status& status) {
    std::fprintf(stderr, "basalt import: %s\n", status.message().c_str());
    return 1;
  };
  Result<ServerUrl> server = ParseServerUrl(options.server);
  if (!server.ok()) {
    return fail(server.status());
  }
  std::string collection = options.workspace + "." + options.collection;
  ImportCheckpoint fresh;
  fresh.collection = collection;
  fresh.format = std::string(ImportFormatName(options.format));
  fresh.delimiter = std::string(1, options.csv.delimiter);
  fresh.infer_types = options.csv.infer_types;
  std::vector<Input> inputs;
  if (Status opened = OpenInputs(options, &inputs, &fresh); !opened.ok()) {
    return fail(opened);
  }
  if (Status checked = CheckCollection(options, *server); !checked.ok()) {
    return fail(checked);
  }

  std::string checkpoint_path =
      options.checkpoint.empty() ? DefaultCheckpointPath(options) : options.checkpoint;
  ImportCheckpoint checkpoint;
  Result<std::optional<ImportCheckpoint>> saved =
      options.restart ? std::optional<ImportCheckpoint>() : LoadCheckpoint(checkpoint_path);
  if (!saved.ok()) {
    return fail(saved.status());
  }
  if (saved->has_value()) {
    if (Status matches = CheckCheckpointMatches(**saved, fresh); !matches.ok()) {
      return fail(Status(matches.code(), checkpoint_path + ": " + matches.message()));
    }
    checkpoint = std::move(**saved);
    std::fprintf(stderr, "basalt import: resuming from %s (%s documents imported before)\n",
                 checkpoint_path.c_str(), GroupDigits(checkpoint.imported).c_str());
  } else {
    checkpoint = fresh;
    checkpoint.import_id = NewImportId();
  }
  // The import id must be on disk before the first document carrying it is sent.
  if (Status written = SaveCheckpoint(checkpoint_path, checkpoint); !written.ok()) {
    return fail(written);
  }

  std::optional<uint64_t> total_bytes = 0;
  for (const CheckpointFile& file : checkpoint.files) {
    if (!file.complete && !file.size) {
      total_bytes.reset();
      break;
    }
    if (!file.complete) {
      *total_bytes +=
          static_cast<uint64_t>(*file.size) - std::min<uint64_t>(*file.size, file.offset);
    }
  }

  g_interrupted.store(false);
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  Run run(options, *server, checkpoint, checkpoint_path);
  bool bar = options.progress == ProgressMode::kBar ||
             (options.progress == ProgressMode::kAuto && ::isatty(STDERR_FILENO));
  if (options.progress != ProgressMode::kNone) {
    run.progress.Start(total_bytes, bar, std::chrono::milliseconds(bar ? 200 : 5000));
  }
  std::vector<std::thread> senders;
  for (int sender_idx = 0; sender_idx < options.parallel; ++sender_idx) {
    senders.emplace_back([&run] { SenderLoop(run); });
  }
  for (size_t file_idx = 0; file_idx < inputs.size() && !g_interrupted.load() && !run.failed.load();
       ++file_idx) {
    const CheckpointFile& position = checkpoint.files[file_idx];
    if (position.complete) {
      continue;
    }
    Status read = ReadInput(run, file_idx, position, checkpoint.import_id,
                            std::move(inputs[file_idx].source), inputs[file_idx].format);
    if (!read.ok()) {
      run.Fail(Status(read.code(), options.files[file_idx] + ": " + read.message()));
    }
  }
  run.queue.Finish();
  for (std::thread& sender : senders) {
    sender.join();
  }
  run.progress.Stop();
  Status saved_last = run.tracker.Save();
  ImportCheckpoint done = run.tracker.Snapshot();
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);

  bool complete = true;
  for (const CheckpointFile& file : done.files) {
    complete = complete && file.complete;
  }
  if (!saved_last.ok()) {
    return fail(saved_last);
  }
  if (!complete) {
    std::string why = run.failed.load() ? run.error.message() : "interrupted";
    std::fprintf(stderr,
                 "basalt import: stopped (%s) after %s documents; %s keeps the position: run "
                 "the same command again to resume\n",
                 why.c_str(), GroupDigits(done.imported).c_str(), checkpoint_path.c_str());
    return g_interrupted.load() ? 130 : 1;
  }
  PrintSummary(done, collection, run.progress.imported(), run.progress.Seconds());
  std::remove(checkpoint_path.c_str());
  return done.rejected > 0 ? 1 : 0;
}

}  // namespace basalt::cli
