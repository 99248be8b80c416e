#include "cli/import_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace basalt::cli {
namespace {

constexpr size_t kReadSize = 1u << 20;

bool IsSpace(int c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view TrimmedLine(std::string_view line) {
  while (!line.empty() && IsSpace(static_cast<unsigned char>(line.back()))) {
    line.remove_suffix(1);
  }
  while (!line.empty() && IsSpace(static_cast<unsigned char>(line.front()))) {
    line.remove_prefix(1);
  }
  return line;
}

// Skips a UTF-8 byte order mark at the start of an input.
void SkipBom(ByteSource& source) {
  if (source.offset() == 0 && source.Peek() == 0xEF) {
    source.Get();
    if (source.Peek() == 0xBB) {
      source.Get();
    }
    if (source.Peek() == 0xBF) {
      source.Get();
    }
  }
}

class NdjsonReader final : public RecordReader {
 public:
  explicit NdjsonReader(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

  Result<bool> Next(SourceRecord* record) override {
    SkipBom(*source_);
    while (true) {
      record->offset = source_->offset();
      record->line = source_->line();
      line_.clear();
      if (!source_->ReadLine(&line_)) {
        BASALT_RETURN_IF_ERROR(source_->status());
        return false;
      }
      std::string_view text = TrimmedLine(line_);
      if (text.empty()) {
        continue;  // blank lines are no records
      }
      record->end_offset = source_->offset();
      record->end_line = source_->line();
      record->json.assign(text);
      record->error = Status::Ok();
      return true;
    }
  }

 private:
  std::unique_ptr<ByteSource> source_;
  std::string line_;
};

// A top-level JSON array of values, or values one after another ("concatenated JSON"):
// finds each value's extent by counting brackets outside strings; the importer parses it.
class JsonReader final : public RecordReader {
 public:
  JsonReader(std::unique_ptr<ByteSource> source, bool resumed)
      : source_(std::move(source)), resumed_(resumed) {}

  Result<bool> Next(SourceRecord* record) override {
    SkipBom(*source_);
    if (failed_) {
      return false;
    }
    int c = SkipSpace();
    if (!started_) {
      started_ = true;
      if (resumed_) {
        // Resuming just after an element: in an array if a ',' or ']' follows.
        in_array_ = c == ',' || c == ']';
      } else if (c == '[') {
        source_->Get();
        in_array_ = true;
        c = SkipSpace();
        if (c == ']') {
          source_->Get();
          return false;
        }
        return ReadValue(record);
      }
    }
    if (c < 0) {
      BASALT_RETURN_IF_ERROR(source_->status());
      if (in_array_) {
        return Fail(record, "the JSON array is not closed with ']'");
      }
      return false;
    }
    if (in_array_) {
      if (c == ']') {
        source_->Get();
        if (SkipSpace() >= 0) {
          return Fail(record, "unexpected text after the JSON array");
        }
        return false;
      }
      if (c != ',') {
        return Fail(record, "expected ',' or ']' between array elements");
      }
      source_->Get();
      SkipSpace();
    }
    return ReadValue(record);
  }

 private:
  int SkipSpace() {
    int c = source_->Peek();
    while (c >= 0 && IsSpace(c)) {
      source_->Get();
      c = source_->Peek();
    }
    return c;
  }

  Result<bool> Fail(SourceRecord* record, std::string message) {
    failed_ = true;
    record->offset = source_->offset();
    record->line = source_->line();
    record->end_offset = record->offset;
    record->end_line = record->line;
    record->json.clear();
    record->error = InvalidInput(std::move(message) + "; the rest of the input is skipped");
    return true;
  }

  // One value: an object or array by its brackets, a scalar up to the next delimiter (the
  // importer rejects non-objects with a clear message).
  Result<bool> ReadValue(SourceRecord* record) {
    record->offset = source_->offset();
    record->line = source_->line();
    record->json.clear();
    record->error = Status::Ok();
    int depth = 0;
    bool in_string = false;
    while (true) {
      int c = source_->Peek();
      if (c < 0) {
        BASALT_RETURN_IF_ERROR(source_->status());
        if (depth > 0 || in_string) {
          return Fail(record, "the input ends inside a JSON value");
        }
        break;
      }
      if (!in_string && depth == 0 && !record->json.empty() &&
          (IsSpace(c) || c == ',' || c == ']' || c == '{' || c == '[')) {
        break;  // the end of a scalar, or of an object/array just closed
      }
      source_->Get();
      record->json.push_back(static_cast<char>(c));
      if (in_string) {
        if (c == '\\') {
          int escaped = source_->Get();
          if (escaped >= 0) {
            record->json.push_back(static_cast<char>(escaped));
          }
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth < 0) {
          return Fail(record, "unbalanced '" + std::string(1, static_cast<char>(c)) + "'");
        }
        if (depth == 0) {
          break;
        }
      }
    }
    record->end_offset = source_->offset();
    record->end_line = source_->line();
    return true;
  }

  std::unique_ptr<ByteSource> source_;
  bool resumed_;
  bool started_ = false;
  bool in_array_ = false;
  bool failed_ = false;
};

class CsvReader final : public RecordReader {
 public:
  CsvReader(std::unique_ptr<ByteSource> source, CsvOptions options, std::vector<std::string> names)
      : source_(std::move(source)), options_(options), names_(std::move(names)) {}

  Result<bool> Next(SourceRecord* record) override {
    while (true) {
      record->offset = source_->offset();
      record->line = source_->line();
      Result<bool> row = ReadCsvRow(*source_, options_.delimiter, &fields_);
      record->end_offset = source_->offset();
      record->end_line = source_->line();
      record->json.clear();
      if (!row.ok()) {
        record->error = row.status();
        return true;
      }
      if (!*row) {
        BASALT_RETURN_IF_ERROR(source_->status());
        return false;
      }
      if (fields_.size() == 1 && fields_[0].text.empty() && !fields_[0].quoted) {
        continue;  // a blank line
      }
      if (fields_.size() != names_.size()) {
        record->error = InvalidInput("the row has " + std::to_string(fields_.size()) +
                                     " fields, the header " + std::to_string(names_.size()));
        return true;
      }
      record->error = Status::Ok();
      record->json.push_back('{');
      for (size_t field_idx = 0; field_idx < fields_.size(); ++field_idx) {
        if (field_idx > 0) {
          record->json.push_back(',');
        }
        record->json.append(quoted_names_[field_idx]);
        record->json.push_back(':');
        AppendCsvValue(fields_[field_idx], options_.infer_types, &record->json);
      }
      record->json.push_back('}');
      return true;
    }
  }

  // Reads the header row (at the start of the input).
  Status ReadHeader() {
    SkipBom(*source_);
    BASALT_ASSIGN_OR_RETURN(bool found, ReadCsvRow(*source_, options_.delimiter, &fields_));
    BASALT_RETURN_IF_ERROR(source_->status());
    if (!found) {
      return InvalidInput("the CSV input is empty: it needs a header row");
    }
    for (size_t field_idx = 0; field_idx < fields_.size(); ++field_idx) {
      std::string name = fields_[field_idx].text;
      if (name.empty()) {
        name = "field" + std::to_string(field_idx + 1);
      }
      for (const std::string& seen : names_) {
        if (seen == name) {
          return InvalidInput("the CSV header names column '" + name + "' twice");
        }
      }
      names_.push_back(name);
    }
    for (const std::string& name : names_) {
      std::string quoted;
      CsvField as_string{name, true};
      AppendCsvValue(as_string, false, &quoted);
      quoted_names_.push_back(std::move(quoted));
    }
    return Status::Ok();
  }

  ByteSource& source() { return *source_; }

 private:
  std::unique_ptr<ByteSource> source_;
  CsvOptions options_;
  std::vector<std::string> names_;
  std::vector<std::string> quoted_names_;
  std::vector<CsvField> fields_;
};

}  // namespace

Result<ImportFormat> ParseImportFormat(std::string_view name) {
  if (name == "auto") {
    return ImportFormat::kAuto;
  }
  if (name == "ndjson" || name == "jsonl") {
    return ImportFormat::kNdjson;
  }
  if (name == "json") {
    return ImportFormat::kJson;
  }
  if (name == "csv") {
    return ImportFormat::kCsv;
  }
  return InvalidInput("unknown format '" + std::string(name) + "' (auto, ndjson, json or csv)");
}

std::string_view ImportFormatName(ImportFormat format) {
  switch (format) {
    case ImportFormat::kAuto:
      return "auto";
    case ImportFormat::kNdjson:
      return "ndjson";
    case ImportFormat::kJson:
      return "json";
    case ImportFormat::kCsv:
      return "csv";
  }
  return "auto";
}

ImportFormat DetectFormat(std::string_view path, std::string_view head) {
  auto ends_with = [&](std::string_view suffix) {
    if (path.size() < suffix.size()) {
      return false;
    }
    std::string_view tail = path.substr(path.size() - suffix.size());
    for (size_t idx = 0; idx < suffix.size(); ++idx) {
      if (std::tolower(static_cast<unsigned char>(tail[idx])) != suffix[idx]) {
        return false;
      }
    }
    return true;
  };
  if (ends_with(".csv") || ends_with(".tsv")) {
    return ImportFormat::kCsv;
  }
  if (ends_with(".ndjson") || ends_with(".jsonl")) {
    return ImportFormat::kNdjson;
  }
  for (char c : head) {
    if (IsSpace(static_cast<unsigned char>(c)) || c == '\xEF' || c == '\xBB' || c == '\xBF') {
      continue;
    }
    if (c == '[') {
      return ImportFormat::kJson;
    }
    if (c == '{') {
      // One object per line is NDJSON; an object spread over lines is concatenated JSON.
      size_t newline = head.find('\n', head.find('{'));
      std::string_view first_line = head.substr(head.find('{'), newline - head.find('{'));
      std::string_view trimmed = TrimmedLine(first_line);
      bool closes = !trimmed.empty() && trimmed.back() == '}';
      return closes || newline == std::string_view::npos ? ImportFormat::kNdjson
                                                         : ImportFormat::kJson;
    }
    return ImportFormat::kCsv;
  }
  return ImportFormat::kNdjson;
}

Result<std::unique_ptr<RecordReader>> NewRecordReader(ImportFormat format,
                                                      std::unique_ptr<ByteSource> source,
                                                      const CsvOptions& csv, uint64_t resume_offset,
                                                      uint64_t resume_line) {
  switch (format) {
    case ImportFormat::kNdjson:
      BASALT_RETURN_IF_ERROR(source->SkipTo(resume_offset, resume_line));
      return std::unique_ptr<RecordReader>(std::make_unique<NdjsonReader>(std::move(source)));
    case ImportFormat::kJson:
      BASALT_RETURN_IF_ERROR(source->SkipTo(resume_offset, resume_line));
      return std::unique_ptr<RecordReader>(
          std::make_unique<JsonReader>(std::move(source), resume_offset > 0));
    case ImportFormat::kCsv: {
      auto reader = std::make_unique<CsvReader>(std::move(source), csv, std::vector<std::string>{});
      BASALT_RETURN_IF_ERROR(reader->ReadHeader());
      if (resume_offset > reader->source().offset()) {
        BASALT_RETURN_IF_ERROR(reader->source().SkipTo(resume_offset, resume_line));
      }
      return std::unique_ptr<RecordReader>(std::move(reader));
    }
    case ImportFormat::kAuto:
      break;
  }
  return InvalidInput("the input format must be known before reading");
}

// --- ByteSource.

ByteSource::ByteSource(int fd, bool owned) : fd_(fd), owned_(owned) {}

ByteSource::~ByteSource() {
  if (owned_ && fd_ >= 0) {
    ::close(fd_);
  }
}

bool ByteSource::Fill() {
  if (!status_.ok()) {
    return false;
  }
  base_offset_ += pos_;
  buffer_.erase(0, pos_);
  end_ -= pos_;
  pos_ = 0;
  buffer_.resize(end_ + kReadSize);
  while (true) {
    ssize_t got = ::read(fd_, buffer_.data() + end_, kReadSize);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      status_ = Status(ErrorCode::kIoError, std::string("read failed: ") + std::strerror(errno));
      got = 0;
    }
    end_ += static_cast<size_t>(got);
    buffer_.resize(end_);
    return got > 0;
  }
}

bool ByteSource::ReadLine(std::string* out) {
  bool any = false;
  while (true) {
    if (pos_ == end_ && !Fill()) {
      return any;
    }
    any = true;
    const char* start = buffer_.data() + pos_;
    const void* newline = std::memchr(start, '\n', end_ - pos_);
    if (newline != nullptr) {
      size_t length = static_cast<const char*>(newline) - start + 1;
      out->append(start, length);
      pos_ += length;
      ++line_;
      return true;
    }
    out->append(start, end_ - pos_);
    pos_ = end_;
  }
}

Status ByteSource::SkipTo(uint64_t target, uint64_t line) {
  if (target < offset()) {
    return InvalidInput("cannot go back in the input");
  }
  if (target > offset()) {
    uint64_t buffered_end = base_offset_ + end_;
    if (target <= buffered_end) {
      pos_ = static_cast<size_t>(target - base_offset_);
    } else if (::lseek(fd_, static_cast<off_t>(target), SEEK_SET) >= 0) {
      buffer_.clear();
      pos_ = end_ = 0;
      base_offset_ = target;
    } else {
      // A pipe: read and drop.
      while (offset() < target) {
        if (pos_ == end_ && !Fill()) {
          BASALT_RETURN_IF_ERROR(status_);
          return InvalidInput("the input is shorter than the checkpoint's offset " +
                              std::to_string(target) + ": is it the same input?");
        }
        size_t step = static_cast<size_t>(std::min<uint64_t>(end_ - pos_, target - offset()));
        pos_ += step;
      }
    }
  }
  line_ = line;
  return Status::Ok();
}

}  // namespace basalt::cli
