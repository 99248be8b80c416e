#include "catalog/lambdas.h"

#include <gtest/gtest.h>

#include "common/json.h"

namespace basalt::catalog {
namespace {

const Principal kAdmin{.email = "admin@example.com", .apikey_name = "root"};

LambdaVersionSpec Sql(std::string query) {
  LambdaVersionSpec spec;
  spec.query = std::move(query);
  return spec;
}

class LambdasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NewMemoryBackend();
    Reopen();
    ASSERT_TRUE(catalog_->CreateWorkspace({.name = "ws", .description = {}}, kAdmin).ok());
  }
  void Reopen() {
    lambdas_.reset();
    catalog_.reset();
    Result<std::unique_ptr<Catalog>> catalog = Catalog::Open(*backend_, kAdmin);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = std::move(catalog).value();
    Result<std::unique_ptr<QueryLambdas>> lambdas = QueryLambdas::Open(*backend_, *catalog_);
    ASSERT_TRUE(lambdas.ok()) << lambdas.status().ToString();
    lambdas_ = std::move(lambdas).value();
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<QueryLambdas> lambdas_;
};

TEST_F(LambdasTest, CreateMakesAFirstVersionThatLatestFollows) {
  Result<LambdaVersionInfo> v1 = lambdas_->Create("ws", "q", Sql("SELECT 1"), kAdmin);
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1->version.size(), 16u);
  EXPECT_EQ(v1->version.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(v1->created_by, "admin@example.com");
  EXPECT_EQ(lambdas_->Create("ws", "q", Sql("SELECT 2"), kAdmin).status().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(lambdas_->Create("nope", "q", Sql("SELECT 2"), kAdmin).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(lambdas_->Create("ws", "bad name", Sql("SELECT 2"), kAdmin).status().code(),
            ErrorCode::kInvalidInput);

  Result<LambdaVersionInfo> v2 = lambdas_->AddVersion("ws", "q", Sql("SELECT 2"), kAdmin, false);
  ASSERT_TRUE(v2.ok());
  EXPECT_NE(v1->version, v2->version);
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "latest")->version, v2->version);
  Result<std::vector<LambdaVersionInfo>> versions = lambdas_->ListVersions("ws", "q");
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].version, v2->version);  // newest first
  EXPECT_EQ(lambdas_->Get("ws", "q")->version_count, 2);
}

TEST_F(LambdasTest, UpdateOfAMissingLambdaNeedsCreate) {
  EXPECT_EQ(lambdas_->AddVersion("ws", "q", Sql("SELECT 1"), kAdmin, false).status().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(lambdas_->AddVersion("ws", "q", Sql("SELECT 1"), kAdmin, true).ok());
  EXPECT_EQ(lambdas_->List("ws")->size(), 1u);
}

TEST_F(LambdasTest, MissingVersionMessageMatchesRockset) {
  Status missing =
      lambdas_->GetVersion("commons.fake.workspace", "myFakeQuery", "not_a_version").status();
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.message(),
            "Query Lambda \"myFakeQuery\" (version \"not_a_version\") not found in workspace "
            "\"commons.fake.workspace\".");
}

TEST_F(LambdasTest, TagsCreateMoveDeleteAndLatestIsProtected) {
  std::string v1 = lambdas_->Create("ws", "q", Sql("SELECT 1"), kAdmin)->version;
  std::string v2 = lambdas_->AddVersion("ws", "q", Sql("SELECT 2"), kAdmin, false)->version;
  ASSERT_TRUE(lambdas_->SetTag("ws", "q", "prod", v1).ok());
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "prod")->version, v1);
  ASSERT_TRUE(lambdas_->SetTag("ws", "q", "prod", v2).ok());  // moves
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "prod")->version, v2);
  EXPECT_EQ(lambdas_->SetTag("ws", "q", "latest", v1).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(lambdas_->DeleteTag("ws", "q", "latest").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(lambdas_->SetTag("ws", "q", "dev", "0000000000000000").status().code(),
            ErrorCode::kNotFound);
  Result<std::vector<LambdaTagInfo>> tags = lambdas_->ListTags("ws", "q");
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].tag_name, "latest");
  EXPECT_EQ((*tags)[1].tag_name, "prod");
  ASSERT_TRUE(lambdas_->DeleteTag("ws", "q", "prod").ok());
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "prod").status().code(), ErrorCode::kNotFound);
}

TEST_F(LambdasTest, DeletingVersionsMovesLatestDropsTagsAndTheLastDeletesTheLambda) {
  std::string v1 = lambdas_->Create("ws", "q", Sql("SELECT 1"), kAdmin)->version;
  std::string v2 = lambdas_->AddVersion("ws", "q", Sql("SELECT 2"), kAdmin, false)->version;
  ASSERT_TRUE(lambdas_->SetTag("ws", "q", "prod", v2).ok());
  ASSERT_TRUE(lambdas_->DeleteVersion("ws", "q", v2).ok());
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "latest")->version, v1);
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "prod").status().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(lambdas_->DeleteVersion("ws", "q", v1).ok());
  EXPECT_EQ(lambdas_->Get("ws", "q").status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(catalog_->DeleteWorkspace("ws").ok());
}

TEST_F(LambdasTest, AWorkspaceWithLambdasCannotBeDeleted) {
  ASSERT_TRUE(lambdas_->Create("ws", "q", Sql("SELECT 1"), kAdmin).ok());
  EXPECT_EQ(catalog_->DeleteWorkspace("ws").status().code(), ErrorCode::kDependentResources);
  Reopen();  // the dependency is rebuilt when loading
  EXPECT_EQ(catalog_->DeleteWorkspace("ws").status().code(), ErrorCode::kDependentResources);
  ASSERT_TRUE(lambdas_->DeleteLambda("ws", "q").ok());
  EXPECT_TRUE(catalog_->DeleteWorkspace("ws").ok());
}

TEST_F(LambdasTest, EverythingSurvivesReopen) {
  LambdaVersionSpec spec = Sql("SELECT :x AS x");
  spec.description = "echo";
  spec.is_public = true;
  spec.collections = {"ws.people"};
  Result<Value> defaults = ParseJson(R"([{"name": "x", "type": "int", "value": "3"}])");
  spec.default_parameters = *defaults;
  LambdaVersionInfo v1 = *lambdas_->Create("ws", "q", spec, kAdmin);
  ASSERT_TRUE(v1.public_access_id.has_value());
  ASSERT_TRUE(lambdas_->SetTag("ws", "q", "prod", v1.version).ok());
  ASSERT_TRUE(
      lambdas_->RecordExecution("ws", "q", v1.version, "bob@example.com", 42, Status::Ok()).ok());
  ASSERT_TRUE(
      lambdas_->RecordExecution("ws", "q", v1.version, "bob@example.com", 43, InvalidInput("bad"))
          .ok());
  std::string v2 = lambdas_->AddVersion("ws", "q", Sql("SELECT 2"), kAdmin, false)->version;
  Reopen();
  LambdaVersionInfo got = *lambdas_->GetVersion("ws", "q", v1.version);
  EXPECT_EQ(got.description, "echo");
  EXPECT_EQ(got.collections, std::vector<std::string>{"ws.people"});
  EXPECT_EQ(ToJson(got.default_parameters), ToJson(*defaults));
  EXPECT_EQ(got.stats.last_executed_micros, 43);
  EXPECT_EQ(got.stats.last_executed_by, "bob@example.com");
  EXPECT_EQ(got.stats.last_execution_error_micros, 43);
  EXPECT_EQ(got.stats.last_execution_error_message, "bad");
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "prod")->version, v1.version);
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "latest")->version, v2);
  EXPECT_EQ(lambdas_->FindPublic(*v1.public_access_id)->version, v1.version);
  EXPECT_EQ(lambdas_->FindPublic("nope").status().code(), ErrorCode::kNotFound);
  // A version made after reopening is still the newest.
  std::string v3 = lambdas_->AddVersion("ws", "q", Sql("SELECT 3"), kAdmin, false)->version;
  EXPECT_EQ(lambdas_->ResolveTag("ws", "q", "latest")->version, v3);
  EXPECT_EQ(lambdas_->ListAll().size(), 1u);
}

TEST_F(LambdasTest, RequestParsing) {
  Result<Value> body = ParseJson(
      R"({"name": "q", "sql": {"query": "SELECT 1", "default_parameters": []}, "is_public": true})");
  auto parsed = ParseCreateLambdaRequest(*body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->first, "q");
  EXPECT_TRUE(parsed->second.is_public);
  EXPECT_EQ(ParseCreateLambdaRequest(*ParseJson(R"({"name": "q"})")).status().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(
      ParseCreateLambdaRequest(*ParseJson(R"({"sql": {"query": "SELECT 1"}})")).status().code(),
      ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseCreateLambdaRequest(*ParseJson("[]")).status().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(ParseUpdateLambdaRequest(*ParseJson(R"({"sql": {"query": 1}})")).status().code(),
            ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace basalt::catalog
