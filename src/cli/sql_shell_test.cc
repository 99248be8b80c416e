#include "cli/sql_shell.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/json.h"

namespace basalt::cli {
namespace {

TEST(SqlShellTest, ParameterFlags) {
  Result<QueryParameter> typed = ParseParameterFlag("n=int:5");
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(typed->name, "n");
  EXPECT_EQ(typed->type, "int");
  EXPECT_EQ(typed->value, "5");

  Result<QueryParameter> colons = ParseParameterFlag("t=string:a:b=c");
  ASSERT_TRUE(colons.ok());
  EXPECT_EQ(colons->type, "string");
  EXPECT_EQ(colons->value, "a:b=c");

  Result<QueryParameter> untyped = ParseParameterFlag("v=[1,2]");
  ASSERT_TRUE(untyped.ok());
  EXPECT_EQ(untyped->type, "");
  EXPECT_EQ(untyped->value, "[1,2]");

  EXPECT_EQ(ParseParameterFlag("novalue").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseParameterFlag("=int:1").status().code(), ErrorCode::kInvalidInput);
}

TEST(SqlShellTest, QueryBody) {
  EXPECT_EQ(BuildQueryBody("SELECT 'x\"'", {}), R"({"sql":{"query":"SELECT 'x\"'"}})");
  EXPECT_EQ(BuildQueryBody("SELECT :a", {{"a", "int", "1"}, {"b", "", "[2]"}}),
            R"({"sql":{"query":"SELECT :a","parameters":[{"name":"a","type":"int","value":"1"},)"
            R"({"name":"b","value":"[2]"}]}})");
}

class ApiKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("basalt_sql_shell_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    credentials_ = (dir_ / "credentials").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string credentials_;
};

TEST_F(ApiKeyTest, FlagThenEnvironmentThenFile) {
  std::ofstream(credentials_) << "  filekey \n";
  EXPECT_EQ(*ResolveApiKey("flagkey", "envkey", credentials_), "flagkey");
  EXPECT_EQ(*ResolveApiKey(std::nullopt, "envkey", credentials_), "envkey");
  EXPECT_EQ(*ResolveApiKey(std::nullopt, std::nullopt, credentials_), "filekey");
}

TEST_F(ApiKeyTest, MissingKeySaysWhereItLooked) {
  Result<std::string> missing = ResolveApiKey(std::nullopt, std::nullopt, credentials_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kInvalidInput);
  const std::string& message = missing.status().message();
  EXPECT_NE(message.find("--api-key"), std::string::npos) << message;
  EXPECT_NE(message.find("BASALT_API_KEY"), std::string::npos) << message;
  EXPECT_NE(message.find(credentials_), std::string::npos) << message;

  std::ofstream(credentials_) << "\n";
  Result<std::string> empty = ResolveApiKey(std::nullopt, std::nullopt, credentials_);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);
}

TEST(SqlShellArgsTest, ParsesEveryOption) {
  int exit_code = -1;
  Result<SqlShellOptions> options =
      ParseSqlShellArgs({"--server", "http://db:4000", "--api-key=k", "-c", "SELECT 1", "--format",
                         "csv", "--param", "a=int:1", "--param=b=string:x"},
                        &exit_code);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(options->server, "http://db:4000");
  EXPECT_EQ(options->api_key, "k");
  EXPECT_EQ(options->command, std::optional<std::string>("SELECT 1"));
  EXPECT_EQ(options->format, OutputFormat::kCsv);
  ASSERT_EQ(options->parameters.size(), 2u);
  EXPECT_EQ(options->parameters[1].name, "b");
  EXPECT_EQ(options->parameters[1].value, "x");
}

TEST(SqlShellArgsTest, BadOptionsExitWithTwo) {
  int exit_code = -1;
  EXPECT_FALSE(ParseSqlShellArgs({"--api-key", "k", "--bogus"}, &exit_code).ok());
  EXPECT_EQ(exit_code, 2);
  EXPECT_FALSE(ParseSqlShellArgs({"--api-key", "k", "--format", "xml"}, &exit_code).ok());
  EXPECT_EQ(exit_code, 2);
  EXPECT_FALSE(ParseSqlShellArgs({"--api-key"}, &exit_code).ok());
  EXPECT_EQ(exit_code, 2);
  EXPECT_FALSE(ParseSqlShellArgs({"--api-key", "k", "--server", "https://x"}, &exit_code).ok());
  EXPECT_EQ(exit_code, 2);
}

}  // namespace
}  // namespace basalt::cli
