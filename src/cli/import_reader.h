#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace basalt::cli {

// Input formats of `basalt import` (docs/cli.md).
enum class ImportFormat {
  kAuto,    // from the file name (.csv/.tsv, .ndjson/.jsonl), else from the first byte
  kNdjson,  // one JSON object per line
  kJson,    // a JSON array of objects, or JSON objects one after another
  kCsv,     // a header row, then one record per row
};

Result<ImportFormat> ParseImportFormat(std::string_view name);
std::string_view ImportFormatName(ImportFormat format);

struct CsvOptions {
  char delimiter = ',';
  // Unquoted values that look like integers, floats, true/false become numbers and
  // booleans, and empty unquoted values null; off: every value is a string.
  bool infer_types = true;
};

// One record read from an input.
struct SourceRecord {
  uint64_t offset = 0;      // byte offset of its first byte
  uint64_t end_offset = 0;  // just past it: where reading resumes after it
  uint64_t line = 0;        // 1-based line of its first byte
  uint64_t end_line = 0;    // the line at end_offset
  std::string json;         // a JSON object's text (when `error` is ok)
  Status error;             // why it cannot be imported (the record is rejected)
};

// Buffered reading of a file descriptor, counting bytes and lines.
class ByteSource {
 public:
  // Reads `fd`; closes it on destruction when `owned`.
  ByteSource(int fd, bool owned);
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Moves to byte `offset` (seeking when the descriptor allows it, else reading and
  // dropping bytes; only forward then) and sets the line number counted from there.
  Status SkipTo(uint64_t offset, uint64_t line);

  // The next byte without consuming it, or -1 at the end. Errors reading: see status().
  int Peek() {
    if (pos_ == end_ && !Fill()) {
      return -1;
    }
    return static_cast<unsigned char>(buffer_[pos_]);
  }
  int Get() {
    int c = Peek();
    if (c >= 0) {
      ++pos_;
      if (c == '\n') {
        ++line_;
      }
    }
    return c;
  }
  // Appends the bytes up to and including the next '\n' (or the end) to `out`; false when
  // there was nothing left.
  bool ReadLine(std::string* out);

  // The bytes read ahead (after Peek: the start of what is left).
  std::string_view Buffered() const { return std::string_view(buffer_).substr(pos_, end_ - pos_); }
  uint64_t offset() const { return base_offset_ + pos_; }
  uint64_t line() const { return line_; }
  const Status& status() const { return status_; }

 private:
  bool Fill();

  int fd_;
  bool owned_;
  std::string buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  uint64_t base_offset_ = 0;  // input offset of buffer_[0]
  uint64_t line_ = 1;
  Status status_;
};

// Reads the records of one input. Malformed records come back with an error (the caller
// reports them with their line) and reading goes on after them when the format allows it
// (NDJSON: the next line; CSV: the next row; a JSON array: nothing after a syntax error).
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // The next record into *record: true, or false at the end of the input.
  virtual Result<bool> Next(SourceRecord* record) = 0;
};

// A reader of `format` (not kAuto) over `source`, starting at `resume_offset` (0, or the
// end_offset of a record read before) on line `resume_line`. CSV reads its header first.
// `resume_offset` is where reading starts; 0 for a fresh start.
Result<std::unique_ptr<RecordReader>> NewRecordReader(ImportFormat format,
                                                      std::unique_ptr<ByteSource> source,
                                                      const CsvOptions& csv, uint64_t resume_offset,
                                                      uint64_t resume_line);

// The format of a file named `path` (whose first bytes are `head`) for kAuto.
ImportFormat DetectFormat(std::string_view path, std::string_view head);

// Checks that `json` is one JSON object and writes it to `out` with an `_id`: its own, or
// `fallback_id` when it has none or a null one (so that sending it again updates the same
// document). INVALIDINPUT (malformed JSON, not an object) otherwise. (import_document.cc)
Status PrepareDocument(std::string_view json, std::string_view fallback_id, std::string* out);

// --- CSV pieces (import_csv.cc), exposed for tests.

// One CSV field: its text with quotes removed, and whether it was quoted.
struct CsvField {
  std::string text;
  bool quoted = false;
};
// Reads one row (RFC 4180: quoted fields may hold the delimiter, "" and newlines; CRLF or
// LF line ends). False at the end of the input. INVALIDINPUT for a stray quote; then the
// rest of the row is consumed.
Result<bool> ReadCsvRow(ByteSource& source, char delimiter, std::vector<CsvField>* fields);
// Appends a field's JSON value (type inference as CsvOptions says) to `out`.
void AppendCsvValue(const CsvField& field, bool infer_types, std::string* out);

}  // namespace basalt::cli
