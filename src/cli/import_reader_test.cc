#include "cli/import_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/import_checkpoint.h"
#include "common/json.h"

namespace basalt::cli {
namespace {

// A file holding `text`, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/basalt-import-test-XXXXXX";
    fd_ = ::mkstemp(name);
    path_ = name;
    EXPECT_EQ(::write(fd_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::lseek(fd_, 0, SEEK_SET);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  // A new source over the file, from its start.
  std::unique_ptr<ByteSource> Source() const {
    int fd = ::open(path_.c_str(), O_RDONLY);
    return std::make_unique<ByteSource>(fd, true);
  }

 private:
  int fd_ = -1;
  std::string path_;
};

std::vector<SourceRecord> ReadAll(ImportFormat format, const std::string& text,
                                  const CsvOptions& csv = {}, uint64_t resume_offset = 0,
                                  uint64_t resume_line = 1) {
  TempFile file(text);
  auto reader = NewRecordReader(format, file.Source(), csv, resume_offset, resume_line);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<SourceRecord> out;
  if (!reader.ok()) {
    return out;
  }
  SourceRecord record;
  while (true) {
    Result<bool> more = (*reader)->Next(&record);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) {
      return out;
    }
    out.push_back(record);
  }
}

TEST(ImportReaderTest, NdjsonLinesOffsetsAndBlankLines) {
  std::string text = "{\"a\":1}\n\n  {\"b\":2}  \r\n{\"c\":3}";
  std::vector<SourceRecord> records = ReadAll(ImportFormat::kNdjson, text);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].json, "{\"a\":1}");
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[0].end_offset, 8u);
  EXPECT_EQ(records[1].json, "{\"b\":2}");
  EXPECT_EQ(records[1].line, 3u);
  EXPECT_EQ(records[2].line, 4u);
  EXPECT_EQ(records[2].end_offset, text.size());
  // Resuming after the first record reads the others with the right lines.
  std::vector<SourceRecord> resumed =
      ReadAll(ImportFormat::kNdjson, text, {}, records[0].end_offset, records[0].end_line);
  ASSERT_EQ(resumed.size(), 2u);
  EXPECT_EQ(resumed[0].json, "{\"b\":2}");
  EXPECT_EQ(resumed[0].line, 3u);
  EXPECT_EQ(resumed[0].offset, records[1].offset);
}

TEST(ImportReaderTest, JsonArrayAndConcatenatedObjects) {
  std::string text = "[\n {\"a\": \"x]}\\\"\"},\n {\"b\": [1, {\"c\": 2}]}, 5,\n \"s\"\n]\n";
  std::vector<SourceRecord> records = ReadAll(ImportFormat::kJson, text);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].json, "{\"a\": \"x]}\\\"\"}");
  EXPECT_EQ(records[1].json, "{\"b\": [1, {\"c\": 2}]}");
  EXPECT_EQ(records[1].line, 3u);
  EXPECT_EQ(records[2].json, "5");
  EXPECT_EQ(records[3].json, "\"s\"");
  EXPECT_EQ(records[3].line, 4u);
  // Resume after the second element.
  std::vector<SourceRecord> resumed =
      ReadAll(ImportFormat::kJson, text, {}, records[1].end_offset, records[1].end_line);
  ASSERT_EQ(resumed.size(), 2u);
  EXPECT_EQ(resumed[0].json, "5");

  std::vector<SourceRecord> stream =
      ReadAll(ImportFormat::kJson, "{\"a\":\n1}\n{\"b\":2}{\"c\":3}");
  ASSERT_EQ(stream.size(), 3u);
  EXPECT_EQ(stream[0].json, "{\"a\":\n1}");
  EXPECT_EQ(stream[2].json, "{\"c\":3}");
  EXPECT_EQ(ReadAll(ImportFormat::kJson, "[]").size(), 0u);

  std::vector<SourceRecord> broken = ReadAll(ImportFormat::kJson, "[{\"a\":1} {\"b\":2}]");
  ASSERT_EQ(broken.size(), 2u);
  EXPECT_TRUE(broken[0].error.ok());
  EXPECT_EQ(broken[1].error.code(), ErrorCode::kInvalidInput);
  std::vector<SourceRecord> unclosed = ReadAll(ImportFormat::kJson, "[{\"a\":1},{\"b\":");
  ASSERT_EQ(unclosed.size(), 2u);
  EXPECT_FALSE(unclosed[1].error.ok());
}

TEST(ImportReaderTest, CsvHeaderQuotesAndInference) {
  std::string text =
      "\xEF\xBB\xBFname,age,zip,ok,score,note\r\n"
      "ann,31,01234,true,1.5,\r\n"
      "\"bob, \"\"jr\"\"\",-7,\"42\",FALSE,1e3,\"two\nlines\"\n"
      "\n"
      "short,row\n"
      "big,99999999999999999999,0,True,-0.25,null\n";
  std::vector<SourceRecord> records = ReadAll(ImportFormat::kCsv, text);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].json,
            R"({"name":"ann","age":31,"zip":"01234","ok":true,"score":1.5,"note":null})");
  EXPECT_EQ(records[0].line, 2u);
  EXPECT_EQ(
      records[1].json,
      R"({"name":"bob, \"jr\"","age":-7,"zip":"42","ok":false,"score":1000.0,"note":"two\nlines"})");
  EXPECT_EQ(records[1].line, 3u);
  EXPECT_EQ(records[2].error.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(records[2].line, 6u);
  EXPECT_EQ(records[3].json,
            R"({"name":"big","age":1.0e+20,"zip":0,"ok":true,"score":-0.25,"note":"null"})");

  CsvOptions plain{.delimiter = ';', .infer_types = false};
  std::vector<SourceRecord> strings = ReadAll(ImportFormat::kCsv, "a;b\n1;\n", plain);
  ASSERT_EQ(strings.size(), 1u);
  EXPECT_EQ(strings[0].json, R"({"a":"1","b":""})");

  // Resuming re-reads the header, then goes on after the first row.
  std::vector<SourceRecord> resumed =
      ReadAll(ImportFormat::kCsv, text, {}, records[0].end_offset, records[0].end_line);
  ASSERT_EQ(resumed.size(), 3u);
  EXPECT_EQ(resumed[0].json, records[1].json);
  EXPECT_EQ(resumed[0].line, 3u);
}

TEST(ImportReaderTest, CsvValueInference) {
  auto value = [](std::string text, bool quoted = false) {
    std::string out;
    AppendCsvValue(CsvField{std::move(text), quoted}, true, &out);
    return out;
  };
  EXPECT_EQ(value("0"), "0");
  EXPECT_EQ(value("-12"), "-12");
  EXPECT_EQ(value("007"), "\"007\"");
  EXPECT_EQ(value("1.50"), "1.5");
  EXPECT_EQ(value("-2E-2"), "-0.02");
  EXPECT_EQ(value("1."), "\"1.\"");
  EXPECT_EQ(value(".5"), "\".5\"");
  EXPECT_EQ(value("1e"), "\"1e\"");
  EXPECT_EQ(value("12", true), "\"12\"");
  EXPECT_EQ(value("tRuE"), "true");
  EXPECT_EQ(value(""), "null");
  EXPECT_EQ(value("", true), "\"\"");
  EXPECT_EQ(value("NaN"), "\"NaN\"");
  EXPECT_EQ(value("1e999"), "\"1e999\"");
  EXPECT_EQ(value("a\"b"), "\"a\\\"b\"");
}

TEST(ImportReaderTest, CsvStrayQuotes) {
  TempFile file("a,b\nx\"y,1\n\"z\"w,2\nok,3\n");
  auto reader = NewRecordReader(ImportFormat::kCsv, file.Source(), {}, 0, 1);
  ASSERT_TRUE(reader.ok());
  SourceRecord record;
  ASSERT_TRUE(*(*reader)->Next(&record));
  EXPECT_EQ(record.error.code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE(*(*reader)->Next(&record));
  EXPECT_EQ(record.error.code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE(*(*reader)->Next(&record));
  EXPECT_EQ(record.json, R"({"a":"ok","b":3})");
  EXPECT_EQ(record.line, 4u);
}

TEST(ImportReaderTest, CsvHeaderProblems) {
  TempFile empty("");
  EXPECT_FALSE(NewRecordReader(ImportFormat::kCsv, empty.Source(), {}, 0, 1).ok());
  TempFile twice("a,b,a\n1,2,3\n");
  EXPECT_FALSE(NewRecordReader(ImportFormat::kCsv, twice.Source(), {}, 0, 1).ok());
}

TEST(ImportReaderTest, DetectFormat) {
  EXPECT_EQ(DetectFormat("x.CSV", "{"), ImportFormat::kCsv);
  EXPECT_EQ(DetectFormat("x.tsv", "{"), ImportFormat::kCsv);
  EXPECT_EQ(DetectFormat("x.jsonl", "["), ImportFormat::kNdjson);
  EXPECT_EQ(DetectFormat("x.json", "  [{\"a\":1}]"), ImportFormat::kJson);
  EXPECT_EQ(DetectFormat("-", "{\"a\":1}\n{\"a\":2}\n"), ImportFormat::kNdjson);
  EXPECT_EQ(DetectFormat("x.json", "{\n  \"a\": 1\n}\n"), ImportFormat::kJson);
  EXPECT_EQ(DetectFormat("data", "name,age\n"), ImportFormat::kCsv);
  EXPECT_EQ(ParseImportFormat("jsonl").value(), ImportFormat::kNdjson);
  EXPECT_FALSE(ParseImportFormat("xml").ok());
}

TEST(ImportReaderTest, PrepareDocumentAddsDeterministicIds) {
  std::string out;
  ASSERT_TRUE(PrepareDocument("{\"a\":1}", "imp-0-0", &out).ok());
  EXPECT_EQ(out, "{\"_id\":\"imp-0-0\",\"a\":1}");
  ASSERT_TRUE(PrepareDocument("{}", "imp-0-9", &out).ok());
  EXPECT_EQ(out, "{\"_id\":\"imp-0-9\"}");
  ASSERT_TRUE(PrepareDocument("{\"_id\":\"mine\",\"a\":1}", "imp-0-0", &out).ok());
  EXPECT_EQ(out, "{\"_id\":\"mine\",\"a\":1}");
  ASSERT_TRUE(PrepareDocument("{\"a\":1,\"_id\":null}", "imp-1-5", &out).ok());
  Result<Value> parsed = ParseJson(out);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Get("_id").string_value(), "imp-1-5");
  EXPECT_EQ(PrepareDocument("[1]", "x", &out).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(PrepareDocument("{\"a\":", "x", &out).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(DocumentIdFor("abc", 2, 77), "abc-2-77");
}

TEST(ImportCheckpointTest, RoundTripAndMatching) {
  ImportCheckpoint checkpoint;
  checkpoint.import_id = NewImportId();
  EXPECT_EQ(checkpoint.import_id.size(), 16u);
  checkpoint.collection = "ws.c";
  checkpoint.format = "auto";
  checkpoint.delimiter = ",";
  checkpoint.files.push_back(CheckpointFile{"a.ndjson", 100, 40, 3, false});
  checkpoint.files.push_back(CheckpointFile{"-", std::nullopt, 0, 1, false});
  checkpoint.imported = 2;
  checkpoint.rejected = 1;
  checkpoint.rejections.push_back(Rejection{"a.ndjson", 2, "bad"});
  std::string path = "/tmp/basalt-import-checkpoint-test-" + std::to_string(::getpid());
  ASSERT_TRUE(SaveCheckpoint(path, checkpoint).ok());
  Result<std::optional<ImportCheckpoint>> loaded = LoadCheckpoint(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(ToJson((*loaded)->ToValue()), ToJson(checkpoint.ToValue()));
  EXPECT_TRUE(CheckCheckpointMatches(**loaded, checkpoint).ok());
  ImportCheckpoint other = checkpoint;
  other.files[0].size = 101;
  EXPECT_EQ(CheckCheckpointMatches(**loaded, other).code(), ErrorCode::kInvalidInput);
  other = checkpoint;
  other.collection = "ws.d";
  EXPECT_EQ(CheckCheckpointMatches(**loaded, other).code(), ErrorCode::kInvalidInput);
  ::unlink(path.c_str());
  EXPECT_FALSE(LoadCheckpoint(path)->has_value());
  FILE* damaged = std::fopen(path.c_str(), "w");
  std::fputs("{not json", damaged);
  std::fclose(damaged);
  EXPECT_EQ(LoadCheckpoint(path).status().code(), ErrorCode::kInvalidInput);
  ::unlink(path.c_str());
}

}  // namespace
}  // namespace basalt::cli
