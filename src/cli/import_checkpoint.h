#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"

namespace basalt::cli {

// How far a `basalt import` got, saved so that an interrupted import resumes without
// duplicates (docs/cli.md):
// - every record before a file's `offset` has been acknowledged by the server (or rejected
//   and counted), so a resumed import starts reading there;
// - records without an `_id` get DocumentIdFor(import_id, file, offset of the record), the
//   same in every run of the import, so a batch that was sent but not yet counted before the
//   interruption updates the same documents when it is sent again.
struct CheckpointFile {
  std::string path;             // as given on the command line ("-": stdin)
  std::optional<int64_t> size;  // bytes, for regular files (a changed file is refused)
  uint64_t offset = 0;
  uint64_t line = 1;  // the line at `offset`
  bool complete = false;
};

struct Rejection {
  std::string file;
  uint64_t line = 0;
  std::string message;
};

inline constexpr size_t kMaxRejectionDetails = 1000;

struct ImportCheckpoint {
  std::string import_id;   // random, made when the import starts
  std::string collection;  // "ws.name"
  std::string format;      // the --format asked for
  std::string delimiter;
  bool infer_types = true;
  std::vector<CheckpointFile> files;
  int64_t imported = 0;
  int64_t rejected = 0;
  std::vector<Rejection> rejections;  // the first kMaxRejectionDetails

  Value ToValue() const;
  static Result<ImportCheckpoint> FromValue(const Value& value);
};

// A fresh random import id (16 hex digits).
std::string NewImportId();

// The `_id` given to the record at `offset` of input `file_idx` when it has none.
std::string DocumentIdFor(std::string_view import_id, size_t file_idx, uint64_t offset);

// Writes the checkpoint atomically (a temporary file, fsync, rename).
Status SaveCheckpoint(const std::string& path, const ImportCheckpoint& checkpoint);
// The saved checkpoint, or nullopt when there is no file at `path`.
Result<std::optional<ImportCheckpoint>> LoadCheckpoint(const std::string& path);
// Whether `saved` belongs to the import `fresh` describes (same collection, options and
// inputs, files of the same size); INVALIDINPUT naming the difference otherwise.
Status CheckCheckpointMatches(const ImportCheckpoint& saved, const ImportCheckpoint& fresh);

}  // namespace basalt::cli
