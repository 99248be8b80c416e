#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include "catalog/api_keys.h"
#include "common/json.h"

namespace basalt::catalog {
namespace {

const Principal kAdmin{.email = "admin@example.com", .apikey_name = "root", .key_role = ""};

Value Json(std::string_view text) {
  Result<Value> parsed = ParseJson(text);
  BASALT_CHECK(parsed.ok()) << parsed.status().ToString();
  return std::move(parsed).value();
}

CollectionSpec Spec(std::string_view json) {
  Result<CollectionSpec> spec = ParseCreateCollectionRequest(Json(json));
  BASALT_CHECK(spec.ok()) << spec.status().ToString();
  return std::move(spec).value();
}

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NewMemoryBackend();
    Reopen();
  }
  void Reopen() {
    catalog_.reset();
    Result<std::unique_ptr<Catalog>> opened = Catalog::Open(*backend_, kAdmin);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(opened).value();
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogTest, CommonsExistsAndCannotBeDeleted) {
  Result<WorkspaceInfo> commons = catalog_->GetWorkspace("commons");
  ASSERT_TRUE(commons.ok());
  EXPECT_EQ(commons->created_by, "admin@example.com");
  EXPECT_EQ(catalog_->DeleteWorkspace("commons").status().code(), ErrorCode::kInvalidInput);
  EXPECT_FALSE(catalog_->org().id.empty());
}

TEST_F(CatalogTest, EventsCollectionIsMadeOnceAndKept) {
  Result<CollectionInfo> events = catalog_->EnsureEventsCollection(kAdmin);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(events->name, "_events");
  EXPECT_EQ(events->retention_secs, 30 * 24 * 3600);
  Reopen();
  Result<CollectionInfo> again = catalog_->EnsureEventsCollection(kAdmin);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->rrn, events->rrn);  // the same collection, not a new one
  EXPECT_EQ(catalog_->DropCollection("commons", "_events").status().code(),
            ErrorCode::kInvalidInput);
  CollectionSpec spec;
  spec.name = "_events";
  EXPECT_EQ(catalog_->CreateCollection("commons", spec, kAdmin).status().code(),
            ErrorCode::kInvalidInput);
  ASSERT_TRUE(catalog_->GetCollection("commons", "_events").ok());
}

TEST_F(CatalogTest, WorkspaceLifecycleSurvivesReopen) {
  ASSERT_TRUE(catalog_->CreateWorkspace({.name = "sales", .description = "d"}, kAdmin).ok());
  EXPECT_EQ(catalog_->CreateWorkspace({.name = "sales", .description = {}}, kAdmin).status().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(
      catalog_->CreateWorkspace({.name = "bad name", .description = {}}, kAdmin).status().code(),
      ErrorCode::kInvalidInput);
  std::string org_id = catalog_->org().id;
  Reopen();
  EXPECT_EQ(catalog_->org().id, org_id);
  ASSERT_EQ(catalog_->ListWorkspaces().size(), 2u);
  Result<WorkspaceInfo> sales = catalog_->GetWorkspace("sales");
  ASSERT_TRUE(sales.ok());
  EXPECT_EQ(sales->description, "d");
  ASSERT_TRUE(catalog_->DeleteWorkspace("sales").ok());
  EXPECT_EQ(catalog_->GetWorkspace("sales").status().code(), ErrorCode::kNotFound);
  Reopen();
  EXPECT_EQ(catalog_->GetWorkspace("sales").status().code(), ErrorCode::kNotFound);
}

TEST_F(CatalogTest, CollectionLifecycle) {
  EXPECT_EQ(catalog_->CreateCollection("nope", Spec(R"({"name": "c"})"), kAdmin).status().code(),
            ErrorCode::kNotFound);
  Result<CollectionInfo> created =
      catalog_->CreateCollection("commons", Spec(R"({"name": "people", "retention_secs": 86400,
                          "storage_compression_type": "ZSTD"})"),
                                 kAdmin);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(created->rrn.starts_with("rrn:col:use1a1:"));
  EXPECT_EQ(created->retention_secs, 86400);
  EXPECT_EQ(created->created_by_apikey_name, "root");
  EXPECT_EQ(
      catalog_->CreateCollection("commons", Spec(R"({"name": "people"})"), kAdmin).status().code(),
      ErrorCode::kAlreadyExists);
  EXPECT_EQ(catalog_->GetWorkspace("commons")->collection_count, 1);
  EXPECT_EQ(catalog_->DeleteWorkspace("commons").status().code(), ErrorCode::kInvalidInput);

  ASSERT_TRUE(catalog_->CreateWorkspace({.name = "w", .description = {}}, kAdmin).ok());
  ASSERT_TRUE(catalog_->CreateCollection("w", Spec(R"({"name": "people"})"), kAdmin).ok());
  EXPECT_EQ(catalog_->DeleteWorkspace("w").status().code(), ErrorCode::kDependentResources);

  Reopen();
  Result<CollectionInfo> loaded = catalog_->GetCollection("commons", "people");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->rrn, created->rrn);
  EXPECT_EQ(loaded->storage_id, created->storage_id);
  EXPECT_EQ(loaded->storage_compression_type, "ZSTD");
  EXPECT_EQ(catalog_->ListAllCollections().size(), 2u);
  EXPECT_EQ(catalog_->ListCollections("w")->size(), 1u);
  EXPECT_EQ(catalog_->ListCollections("x").status().code(), ErrorCode::kNotFound);

  ASSERT_TRUE(catalog_->UpdateCollection("commons", "people", {.description = "folks"}).ok());
  Reopen();
  EXPECT_EQ(catalog_->GetCollection("commons", "people")->description, "folks");

  Result<std::shared_ptr<CollectionHandle>> handle = catalog_->OpenCollection("commons", "people");
  ASSERT_TRUE(handle.ok());
  EXPECT_TRUE((*handle)->LockForWrite().owns_lock());
  ASSERT_TRUE(catalog_->DropCollection("commons", "people").ok());
  EXPECT_TRUE((*handle)->dropped);
  EXPECT_FALSE((*handle)->LockForWrite().owns_lock());
  EXPECT_EQ(catalog_->GetCollection("commons", "people").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(backend_->DocumentCount(created->storage_id).status().code(), ErrorCode::kNotFound);
  Reopen();
  EXPECT_EQ(catalog_->GetCollection("commons", "people").status().code(), ErrorCode::kNotFound);
  // The name is free again.
  EXPECT_TRUE(catalog_->CreateCollection("commons", Spec(R"({"name": "people"})"), kAdmin).ok());
}

TEST_F(CatalogTest, TransformationPersistsAndRollupQueriesCannotChange) {
  CollectionSpec plain =
      Spec(R"({"name": "raw", "field_mapping_query": {"sql": "SELECT a FROM _input"}})");
  ASSERT_TRUE(catalog_->CreateCollection("commons", plain, kAdmin).ok());
  CollectionSpec rollup = Spec(R"({"name": "agg", "field_mapping_query":
                                   {"sql": "SELECT k, COUNT(*) AS n FROM _input GROUP BY k"}})");
  rollup.rollup = true;
  ASSERT_TRUE(catalog_->CreateCollection("commons", rollup, kAdmin).ok());
  Reopen();
  EXPECT_EQ(catalog_->GetCollection("commons", "raw")->field_mapping_query, "SELECT a FROM _input");
  EXPECT_FALSE(catalog_->GetCollection("commons", "raw")->rollup);
  EXPECT_TRUE(catalog_->GetCollection("commons", "agg")->rollup);

  CollectionUpdate change{.field_mapping_query = "SELECT b FROM _input"};
  ASSERT_TRUE(catalog_->UpdateCollection("commons", "raw", change).ok());
  EXPECT_EQ(catalog_->UpdateCollection("commons", "agg", change).status().code(),
            ErrorCode::kInvalidInput);
  CollectionUpdate to_rollup{.field_mapping_query = "SELECT COUNT(*) AS n FROM _input",
                             .rollup = true};
  EXPECT_EQ(catalog_->UpdateCollection("commons", "raw", to_rollup).status().code(),
            ErrorCode::kInvalidInput);
  Reopen();
  EXPECT_EQ(catalog_->GetCollection("commons", "raw")->field_mapping_query, "SELECT b FROM _input");
}

TEST(CollectionRequestTest, Validation) {
  auto code = [](std::string_view json) {
    return ParseCreateCollectionRequest(Json(json)).status().code();
  };
  EXPECT_EQ(code(R"([1])"), ErrorCode::kBadRequest);
  EXPECT_EQ(code(R"({})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": null})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": 5})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "a.b"})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "retention_secs": 10})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "retention_secs": "3600"})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "retention_secs": 400000000})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "storage_compression_type": "GZIP"})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "description": 1})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "sources": {}})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "sources": [{"s3": {}}]})"), ErrorCode::kNotImplemented);
  EXPECT_EQ(code(R"({"name": "c", "field_mapping_query": {"sql": "SELECT * FROM _input"}})"),
            ErrorCode::kOk);
  EXPECT_EQ(*ParseCreateCollectionRequest(
                 Json(R"({"name": "c", "field_mapping_query": {"sql": "SELECT 1"}})"))
                 .value()
                 .field_mapping_query,
            "SELECT 1");
  EXPECT_EQ(code(R"({"name": "c", "field_mapping_query": "SELECT * FROM _input"})"),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "field_mapping_query": {"sql": 1}})"), ErrorCode::kInvalidInput);
  EXPECT_EQ(code(R"({"name": "c", "event_time_info": {"field": "ts"}})"),
            ErrorCode::kNotImplemented);
  EXPECT_EQ(code(R"({"name": "c", "sources": [], "field_mapping_query": null,
                     "description": null, "retention_secs": null, "insert_only": true})"),
            ErrorCode::kOk);
  EXPECT_EQ(*ParseUpdateCollectionRequest(Json(R"({"field_mapping_query": {"sql": "x"}})"))
                 .value()
                 .field_mapping_query,
            "x");
  EXPECT_EQ(ParseUpdateCollectionRequest(Json(R"({"field_mapping_query": {}})")).status().code(),
            ErrorCode::kInvalidInput);
}

TEST(ApiKeysTest, BootstrapAndAuthenticate) {
  std::unique_ptr<Backend> backend = NewMemoryBackend();
  {
    std::unique_ptr<ApiKeys> keys = std::move(ApiKeys::Open(*backend)).value();
    ASSERT_TRUE(keys->empty());
    Result<std::optional<std::string>> made = keys->Bootstrap(std::nullopt);
    ASSERT_TRUE(made.ok());
    ASSERT_TRUE(made->has_value());
    EXPECT_EQ((*made)->size(), kApiKeyLength);
    Result<ApiKeyInfo> who = keys->Authenticate(**made);
    ASSERT_TRUE(who.ok());
    EXPECT_EQ(who->owner_email, kAdminEmail);
    EXPECT_EQ(who->name, "root");
    // A second start makes nothing new.
    EXPECT_FALSE(keys->Bootstrap(std::nullopt)->has_value());
  }
  std::unique_ptr<ApiKeys> keys = std::move(ApiKeys::Open(*backend)).value();
  EXPECT_EQ(keys->Authenticate("wrong").status().code(), ErrorCode::kAuth);
  EXPECT_EQ(keys->Authenticate("").status().message(), "Authentication Failure");
  // The secret is not stored, only its hash.
  Result<Backend::KeyValues> records = backend->ScanMeta("apikey/");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  for (const auto& [key, value] : *records) {
    EXPECT_EQ(value.find("secret\":"), std::string::npos);
  }
  Result<std::optional<std::string>> env = keys->Bootstrap(std::string("env-secret"));
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(**env, "env-secret");
  EXPECT_TRUE(keys->Authenticate("env-secret").ok());
  EXPECT_FALSE(keys->Bootstrap(std::string("env-secret"))->has_value());
}

}  // namespace
}  // namespace basalt::catalog
