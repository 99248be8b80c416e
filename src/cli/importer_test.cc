#include "cli/importer.h"

#include <gtest/gtest.h>

#include "cli/import_progress.h"

namespace basalt::cli {
namespace {

Result<ImportOptions> Parse(std::vector<std::string> args, int* exit_code) {
  args.insert(args.begin(), {"--api-key", "k"});
  return ParseImportArgs(args, exit_code);
}

TEST(ImportArgsTest, Options) {
  int exit_code = -1;
  Result<ImportOptions> options = Parse(
      {"--collection", "ws.c", "--format=csv", "--delimiter", "tab", "--no-type-inference",
       "--batch-size", "50", "--parallel", "3", "--progress", "plain", "--create", "a.csv", "-"},
      &exit_code);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(options->api_key, "k");
  EXPECT_EQ(options->workspace, "ws");
  EXPECT_EQ(options->collection, "c");
  EXPECT_EQ(options->format, ImportFormat::kCsv);
  EXPECT_EQ(options->csv.delimiter, '\t');
  EXPECT_FALSE(options->csv.infer_types);
  EXPECT_EQ(options->batch_docs, 50u);
  EXPECT_EQ(options->parallel, 3);
  EXPECT_EQ(options->progress, ProgressMode::kPlain);
  EXPECT_TRUE(options->create);
  EXPECT_EQ(options->files, (std::vector<std::string>{"a.csv", "-"}));

  Result<ImportOptions> bare = Parse({"--collection", "c", "x.tsv"}, &exit_code);
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->workspace, "commons");
  EXPECT_EQ(bare->csv.delimiter, '\t');  // a .tsv file
  EXPECT_EQ(DefaultCheckpointPath(*bare), DefaultCheckpointPath(*bare));
  ImportOptions other = *bare;
  other.collection = "d";
  EXPECT_NE(DefaultCheckpointPath(*bare), DefaultCheckpointPath(other));
  EXPECT_TRUE(DefaultCheckpointPath(*bare).starts_with(".basalt-import-"));
}

TEST(ImportArgsTest, Refusals) {
  int exit_code = -1;
  EXPECT_FALSE(Parse({"x.ndjson"}, &exit_code).ok());  // no --collection
  EXPECT_EQ(exit_code, 2);
  EXPECT_FALSE(Parse({"--collection", "c"}, &exit_code).ok());  // no input
  EXPECT_FALSE(Parse({"--collection", "ws.", "x"}, &exit_code).ok());
  EXPECT_FALSE(Parse({"--collection", "c", "--batch-size", "0", "x"}, &exit_code).ok());
  EXPECT_FALSE(Parse({"--collection", "c", "--batch-size", "20001", "x"}, &exit_code).ok());
  EXPECT_FALSE(Parse({"--collection", "c", "--delimiter", "ab", "x"}, &exit_code).ok());
  EXPECT_FALSE(Parse({"--collection", "c", "--format", "xml", "x"}, &exit_code).ok());
  EXPECT_FALSE(Parse({"--collection", "c", "--bogus", "x"}, &exit_code).ok());
  EXPECT_FALSE(Parse({"--collection", "c", "--parallel"}, &exit_code).ok());
  EXPECT_EQ(exit_code, 2);
}

TEST(ImportProgressTest, Render) {
  EXPECT_EQ(GroupDigits(0), "0");
  EXPECT_EQ(GroupDigits(1234567), "1,234,567");
  EXPECT_EQ(GroupDigits(-1000), "-1,000");
  EXPECT_EQ(ImportProgress::Render(true, 450000, 0, 450, 1000, 4.5),
            "[##########--------------]  45%  450,000 docs  100,000 docs/s  ETA 0:06");
  EXPECT_EQ(ImportProgress::Render(false, 10, 2, 0, std::nullopt, 65),
            "10 docs (2 rejected)  0 docs/s  1:05 elapsed");
}

}  // namespace
}  // namespace basalt::cli
