#include "cli/import_checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "common/json.h"

namespace basalt::cli {
namespace {

Status IoError(const std::string& what) {
  return Status(ErrorCode::kIoError, what + ": " + std::strerror(errno));  // NOLINT
}

Status Malformed(const std::string& path_or_field) {
  return InvalidInput("the import checkpoint is damaged (" + path_or_field +
                      "); remove it or pass --restart");
}

Result<int64_t> IntField(const Value& object, std::string_view name) {
  const Value& value = object.Get(name);
  if (value.type() != ValueType::kInt) {
    return Malformed(std::string(name));
  }
  return value.int_value();
}

Result<std::string> StringField(const Value& object, std::string_view name) {
  const Value& value = object.Get(name);
  if (!value.is_string()) {
    return Malformed(std::string(name));
  }
  return std::string(value.string_value());
}

}  // namespace

Value ImportCheckpoint::ToValue() const {
  Array file_values;
  for (const CheckpointFile& file : files) {
    file_values.push_back(Value::MakeObject({
        {"path", Value::String(file.path)},
        {"size", file.size ? Value::Int(*file.size) : Value::Null()},
        {"offset", Value::Int(static_cast<int64_t>(file.offset))},
        {"line", Value::Int(static_cast<int64_t>(file.line))},
        {"complete", Value::Bool(file.complete)},
    }));
  }
  Array rejection_values;
  for (const Rejection& rejection : rejections) {
    rejection_values.push_back(Value::MakeObject({
        {"file", Value::String(rejection.file)},
        {"line", Value::Int(static_cast<int64_t>(rejection.line))},
        {"message", Value::String(rejection.message)},
    }));
  }
  return Value::MakeObject({
      {"version", Value::Int(1)},
      {"import_id", Value::String(import_id)},
      {"collection", Value::String(collection)},
      {"format", Value::String(format)},
      {"delimiter", Value::String(delimiter)},
      {"infer_types", Value::Bool(infer_types)},
      {"files", Value::MakeArray(std::move(file_values))},
      {"imported", Value::Int(imported)},
      {"rejected", Value::Int(rejected)},
      {"rejections", Value::MakeArray(std::move(rejection_values))},
  });
}

Result<ImportCheckpoint> ImportCheckpoint::FromValue(const Value& value) {
  if (!value.is_object() || !value.Get("version").is_number() ||
      value.Get("version").AsDouble() != 1) {
    return Malformed("version");
  }
  ImportCheckpoint out;
  BASALT_ASSIGN_OR_RETURN(out.import_id, StringField(value, "import_id"));
  BASALT_ASSIGN_OR_RETURN(out.collection, StringField(value, "collection"));
  BASALT_ASSIGN_OR_RETURN(out.format, StringField(value, "format"));
  BASALT_ASSIGN_OR_RETURN(out.delimiter, StringField(value, "delimiter"));
  if (value.Get("infer_types").type() != ValueType::kBool || !value.Get("files").is_array() ||
      !value.Get("rejections").is_array()) {
    return Malformed("fields");
  }
  out.infer_types = value.Get("infer_types").bool_value();
  BASALT_ASSIGN_OR_RETURN(out.imported, IntField(value, "imported"));
  BASALT_ASSIGN_OR_RETURN(out.rejected, IntField(value, "rejected"));
  for (const Value& file_value : value.Get("files").array()) {
    CheckpointFile file;
    BASALT_ASSIGN_OR_RETURN(file.path, StringField(file_value, "path"));
    if (file_value.Get("size").type() == ValueType::kInt) {
      file.size = file_value.Get("size").int_value();
    }
    BASALT_ASSIGN_OR_RETURN(int64_t offset, IntField(file_value, "offset"));
    BASALT_ASSIGN_OR_RETURN(int64_t line, IntField(file_value, "line"));
    file.offset = static_cast<uint64_t>(offset);
    file.line = static_cast<uint64_t>(line);
    file.complete = file_value.Get("complete").type() == ValueType::kBool &&
                    file_value.Get("complete").bool_value();
    out.files.push_back(std::move(file));
  }
  for (const Value& rejection_value : value.Get("rejections").array()) {
    Rejection rejection;
    BASALT_ASSIGN_OR_RETURN(rejection.file, StringField(rejection_value, "file"));
    BASALT_ASSIGN_OR_RETURN(int64_t line, IntField(rejection_value, "line"));
    rejection.line = static_cast<uint64_t>(line);
    BASALT_ASSIGN_OR_RETURN(rejection.message, StringField(rejection_value, "message"));
    out.rejections.push_back(std::move(rejection));
  }
  return out;
}

std::string NewImportId() {
  std::random_device random;
  uint64_t bits = (uint64_t(random()) << 32) ^ random();
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(bits));
  return text;
}

std::string DocumentIdFor(std::string_view import_id, size_t file_idx, uint64_t offset) {
  std::string id(import_id);
  id += '-';
  id += std::to_string(file_idx);
  id += '-';
  id += std::to_string(offset);
  return id;
}

Status SaveCheckpoint(const std::string& path, const ImportCheckpoint& checkpoint) {
  std::string text = ToJson(checkpoint.ToValue());
  text.push_back('\n');
  std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return IoError("cannot write " + temporary);
  }
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      Status error = IoError("cannot write " + temporary);
      ::close(fd);
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status error = IoError("cannot sync " + temporary);
    ::close(fd);
    return error;
  }
  ::close(fd);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return IoError("cannot rename " + temporary + " to " + path);
  }
  return Status::Ok();
}

Result<std::optional<ImportCheckpoint>> LoadCheckpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) {
      return std::optional<ImportCheckpoint>();
    }
    return IoError("cannot read " + path);
  }
  std::stringstream text;
  text << in.rdbuf();
  Result<Value> parsed = ParseJson(text.str());
  if (!parsed.ok()) {
    return Malformed(path);
  }
  BASALT_ASSIGN_OR_RETURN(ImportCheckpoint checkpoint, ImportCheckpoint::FromValue(*parsed));
  return std::optional<ImportCheckpoint>(std::move(checkpoint));
}

Status CheckCheckpointMatches(const ImportCheckpoint& saved, const ImportCheckpoint& fresh) {
  auto differs = [](const std::string& what) {
    return InvalidInput("the checkpoint belongs to another import (" + what +
                        " differs); pass --restart to start over, or --checkpoint FILE");
  };
  if (saved.collection != fresh.collection) {
    return differs("collection " + saved.collection);
  }
  if (saved.format != fresh.format || saved.delimiter != fresh.delimiter ||
      saved.infer_types != fresh.infer_types) {
    return differs("format options");
  }
  if (saved.files.size() != fresh.files.size()) {
    return differs("the list of files");
  }
  for (size_t file_idx = 0; file_idx < saved.files.size(); ++file_idx) {
    const CheckpointFile& before = saved.files[file_idx];
    const CheckpointFile& now = fresh.files[file_idx];
    if (before.path != now.path) {
      return differs("file " + before.path);
    }
    if (before.size != now.size) {
      return differs("the size of " + before.path);
    }
  }
  return Status::Ok();
}

}  // namespace basalt::cli
