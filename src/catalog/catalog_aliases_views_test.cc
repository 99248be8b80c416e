// Aliases, views and nested workspaces in the Catalog (api.md §5, §10, §11).
#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "common/json.h"

namespace basalt::catalog {
namespace {

const Principal kAdmin{.email = "admin@example.com", .apikey_name = "root"};

Value Json(std::string_view text) {
  Result<Value> parsed = ParseJson(text);
  BASALT_CHECK(parsed.ok()) << parsed.status().ToString();
  return std::move(parsed).value();
}

AliasSpec Alias(std::string_view name, std::string_view target) {
  return AliasSpec{.name = std::string(name),
                   .description = std::nullopt,
                   .target_workspace = std::string(target.substr(0, target.rfind('.'))),
                   .target_collection = std::string(target.substr(target.rfind('.') + 1))};
}

AliasUpdate Retarget(std::string_view target) {
  AliasSpec spec = Alias("unused", target);
  return AliasUpdate{.description = std::nullopt,
                     .target_workspace = spec.target_workspace,
                     .target_collection = spec.target_collection};
}

ViewSpec View(std::string_view name, std::string_view sql) {
  return ViewSpec{.name = std::string(name),
                  .query = std::string(sql),
                  .description = "d",
                  .entities = {"commons.a"}};
}

class AliasesViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NewMemoryBackend();
    Reopen();
    for (const char* name : {"a", "b"}) {
      CollectionSpec spec;
      spec.name = name;
      ASSERT_TRUE(catalog_->CreateCollection("commons", spec, kAdmin).ok());
    }
  }
  void Reopen() {
    catalog_.reset();
    Result<std::unique_ptr<Catalog>> opened = Catalog::Open(*backend_, kAdmin);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(opened).value();
  }
  ErrorCode CodeOf(const Status& status) { return status.code(); }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(AliasesViewsTest, AliasLifecycleSurvivesReopen) {
  Result<AliasInfo> created =
      catalog_->CreateAlias("commons", Alias("current", "commons.a"), kAdmin);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->TargetPath(), "commons.a");
  EXPECT_EQ(created->creator_email, "admin@example.com");
  EXPECT_EQ(created->created_by_apikey_name, "root");
  EXPECT_EQ(created->created_at_micros, created->modified_at_micros);

  Result<NamedEntity> resolved = catalog_->Resolve("commons", "current");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->kind, NamedEntity::Kind::kAlias);
  EXPECT_EQ(resolved->collection_path, "commons.a");
  uint32_t a_id = resolved->storage_id;

  Result<AliasInfo> updated = catalog_->UpdateAlias("commons", "current", Retarget("commons.b"));
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->TargetPath(), "commons.b");
  EXPECT_GE(updated->modified_at_micros, updated->created_at_micros);
  Reopen();
  resolved = catalog_->Resolve("commons", "current");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->collection_path, "commons.b");
  EXPECT_NE(resolved->storage_id, a_id);
  ASSERT_EQ(catalog_->ListAliases("commons")->size(), 1u);
  ASSERT_EQ(catalog_->ListAllAliases().size(), 1u);
  ASSERT_EQ(catalog_->AliasesOf("commons", "b").size(), 1u);
  EXPECT_TRUE(catalog_->AliasesOf("commons", "a").empty());

  ASSERT_TRUE(catalog_->DeleteAlias("commons", "current").ok());
  EXPECT_EQ(CodeOf(catalog_->GetAlias("commons", "current").status()), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(catalog_->DeleteAlias("commons", "current").status()), ErrorCode::kNotFound);
  Reopen();
  EXPECT_TRUE(catalog_->ListAllAliases().empty());
}

TEST_F(AliasesViewsTest, AliasTargetsAreChecked) {
  EXPECT_EQ(CodeOf(catalog_->CreateAlias("commons", Alias("x", "commons.nope"), kAdmin).status()),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(catalog_->CreateAlias("commons", Alias("x", "nows.a"), kAdmin).status()),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(catalog_->CreateAlias("nows", Alias("x", "commons.a"), kAdmin).status()),
            ErrorCode::kNotFound);
  ASSERT_TRUE(catalog_->CreateAlias("commons", Alias("x", "commons.a"), kAdmin).ok());
  // An alias points at a collection, not at another alias or a view.
  EXPECT_EQ(CodeOf(catalog_->CreateAlias("commons", Alias("y", "commons.x"), kAdmin).status()),
            ErrorCode::kInvalidInput);
  ASSERT_TRUE(catalog_->CreateView("commons", View("v", "SELECT 1"), kAdmin).ok());
  EXPECT_EQ(CodeOf(catalog_->UpdateAlias("commons", "x", Retarget("commons.v")).status()),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(CodeOf(catalog_->UpdateAlias("commons", "x", Retarget("commons.nope")).status()),
            ErrorCode::kNotFound);
  EXPECT_EQ(catalog_->GetAlias("commons", "x")->TargetPath(), "commons.a");
  EXPECT_EQ(CodeOf(catalog_->UpdateAlias("commons", "nope", Retarget("commons.a")).status()),
            ErrorCode::kNotFound);
}

TEST_F(AliasesViewsTest, OneNamespacePerWorkspace) {
  ASSERT_TRUE(catalog_->CreateAlias("commons", Alias("al", "commons.a"), kAdmin).ok());
  ASSERT_TRUE(catalog_->CreateView("commons", View("vw", "SELECT 1"), kAdmin).ok());
  for (const char* taken : {"a", "al", "vw"}) {
    EXPECT_EQ(CodeOf(catalog_->CreateAlias("commons", Alias(taken, "commons.a"), kAdmin).status()),
              ErrorCode::kAlreadyExists)
        << taken;
    EXPECT_EQ(CodeOf(catalog_->CreateView("commons", View(taken, "SELECT 1"), kAdmin).status()),
              ErrorCode::kAlreadyExists)
        << taken;
    CollectionSpec spec;
    spec.name = taken;
    EXPECT_EQ(CodeOf(catalog_->CreateCollection("commons", spec, kAdmin).status()),
              ErrorCode::kAlreadyExists)
        << taken;
  }
  // Another workspace has its own namespace, and aliases may cross workspaces.
  ASSERT_TRUE(catalog_->CreateWorkspace({.name = "other", .description = {}}, kAdmin).ok());
  Result<AliasInfo> cross = catalog_->CreateAlias("other", Alias("al", "commons.a"), kAdmin);
  ASSERT_TRUE(cross.ok()) << cross.status().ToString();
  EXPECT_EQ(catalog_->Resolve("other", "al")->collection_path, "commons.a");
  EXPECT_EQ(catalog_->AliasesOf("commons", "a").size(), 2u);
}

TEST_F(AliasesViewsTest, CollectionWithAliasesCannotBeDropped) {
  ASSERT_TRUE(catalog_->CreateAlias("commons", Alias("al", "commons.a"), kAdmin).ok());
  Status refused = catalog_->DropCollection("commons", "a").status();
  EXPECT_EQ(refused.code(), ErrorCode::kDependentResources);
  EXPECT_NE(refused.message().find("commons.al"), std::string::npos) << refused.message();
  EXPECT_TRUE(catalog_->GetCollection("commons", "a").ok());
  ASSERT_TRUE(catalog_->UpdateAlias("commons", "al", Retarget("commons.b")).ok());
  EXPECT_TRUE(catalog_->DropCollection("commons", "a").ok());
  // A view naming a collection does not hold it: the view fails when queried.
  ASSERT_TRUE(catalog_->CreateView("commons", View("v", "SELECT * FROM commons.b"), kAdmin).ok());
  ASSERT_TRUE(catalog_->DeleteAlias("commons", "al").ok());
  EXPECT_TRUE(catalog_->DropCollection("commons", "b").ok());
}

TEST_F(AliasesViewsTest, ViewLifecycleSurvivesReopen) {
  Result<ViewInfo> created = catalog_->CreateView("commons", View("v", "SELECT 1"), kAdmin);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->Path(), "commons.v");
  Result<NamedEntity> resolved = catalog_->Resolve("commons", "v");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->kind, NamedEntity::Kind::kView);
  EXPECT_EQ(resolved->query_sql, "SELECT 1");

  ViewUpdate update{.query = "SELECT 2", .description = std::nullopt, .entities = {}};
  Result<ViewInfo> updated = catalog_->UpdateView("commons", "v", update);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->description, "d");  // absent description keeps the stored one
  EXPECT_TRUE(updated->entities.empty());
  Reopen();
  Result<ViewInfo> got = catalog_->GetView("commons", "v");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->query_sql, "SELECT 2");
  EXPECT_EQ(catalog_->ListViews("commons")->size(), 1u);
  EXPECT_EQ(catalog_->ListAllViews().size(), 1u);
  EXPECT_EQ(CodeOf(catalog_->UpdateView("commons", "nope", update).status()), ErrorCode::kNotFound);
  ASSERT_TRUE(catalog_->DeleteView("commons", "v").ok());
  Reopen();
  EXPECT_EQ(CodeOf(catalog_->GetView("commons", "v").status()), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(catalog_->Resolve("commons", "v").status()), ErrorCode::kNotFound);
}

TEST_F(AliasesViewsTest, WorkspaceWithAliasesOrViewsCannotBeDeleted) {
  ASSERT_TRUE(catalog_->CreateWorkspace({.name = "w", .description = {}}, kAdmin).ok());
  ASSERT_TRUE(catalog_->CreateAlias("w", Alias("al", "commons.a"), kAdmin).ok());
  ASSERT_TRUE(catalog_->CreateView("w", View("v", "SELECT 1"), kAdmin).ok());
  Status refused = catalog_->DeleteWorkspace("w").status();
  EXPECT_EQ(refused.code(), ErrorCode::kDependentResources);
  EXPECT_NE(refused.message().find("1 alias, 1 view"), std::string::npos) << refused.message();
  ASSERT_TRUE(catalog_->DeleteAlias("w", "al").ok());
  EXPECT_EQ(CodeOf(catalog_->DeleteWorkspace("w").status()), ErrorCode::kDependentResources);
  ASSERT_TRUE(catalog_->DeleteView("w", "v").ok());
  EXPECT_TRUE(catalog_->DeleteWorkspace("w").ok());
}

TEST_F(AliasesViewsTest, NestedWorkspaces) {
  Result<WorkspaceInfo> deep =
      catalog_->CreateWorkspace({.name = "x.y.z", .description = "d"}, kAdmin);
  ASSERT_TRUE(deep.ok()) << deep.status().ToString();
  EXPECT_EQ(deep->name, "x.y.z");
  Reopen();
  ASSERT_TRUE(catalog_->GetWorkspace("x").ok());
  ASSERT_TRUE(catalog_->GetWorkspace("x.y").ok());
  EXPECT_EQ(catalog_->GetWorkspace("x.y.z")->description, "d");
  EXPECT_EQ(CodeOf(catalog_->CreateWorkspace({.name = "x.y", .description = {}}, kAdmin).status()),
            ErrorCode::kAlreadyExists);
  ASSERT_TRUE(catalog_->CreateWorkspace({.name = "x.w", .description = {}}, kAdmin).ok());
  ASSERT_TRUE(catalog_->CreateWorkspace({.name = "xx", .description = {}}, kAdmin).ok());
  Result<std::vector<WorkspaceInfo>> children = catalog_->ListChildWorkspaces("x");
  ASSERT_TRUE(children.ok());
  ASSERT_EQ(children->size(), 2u);  // x.w and x.y, not x.y.z or xx
  EXPECT_EQ((*children)[0].name, "x.w");
  EXPECT_EQ((*children)[1].name, "x.y");
  EXPECT_EQ(CodeOf(catalog_->ListChildWorkspaces("nope").status()), ErrorCode::kNotFound);

  // Collections live in nested workspaces like in any other; aliases may point into them.
  CollectionSpec spec;
  spec.name = "c";
  ASSERT_TRUE(catalog_->CreateCollection("x.y.z", spec, kAdmin).ok());
  AliasSpec alias = Alias("deep", "x.y.z.c");
  EXPECT_EQ(alias.target_workspace, "x.y.z");
  ASSERT_TRUE(catalog_->CreateAlias("commons", alias, kAdmin).ok());
  EXPECT_EQ(catalog_->Resolve("commons", "deep")->collection_path, "x.y.z.c");

  // A workspace with children cannot be deleted; leaves first.
  Status refused = catalog_->DeleteWorkspace("x").status();
  EXPECT_EQ(refused.code(), ErrorCode::kDependentResources);
  EXPECT_NE(refused.message().find("2 child workspaces"), std::string::npos) << refused.message();
  ASSERT_TRUE(catalog_->DeleteAlias("commons", "deep").ok());
  ASSERT_TRUE(catalog_->DropCollection("x.y.z", "c").ok());
  ASSERT_TRUE(catalog_->DeleteWorkspace("x.y.z").ok());
  ASSERT_TRUE(catalog_->DeleteWorkspace("x.y").ok());
  ASSERT_TRUE(catalog_->DeleteWorkspace("x.w").ok());
  ASSERT_TRUE(catalog_->DeleteWorkspace("x").ok());
  // commons may have children too and stays permanent.
  ASSERT_TRUE(catalog_->CreateWorkspace({.name = "commons.fake", .description = {}}, kAdmin).ok());
  EXPECT_EQ(CodeOf(catalog_->DeleteWorkspace("commons").status()), ErrorCode::kInvalidInput);
}

TEST(AliasViewRequestTest, Validation) {
  Result<AliasSpec> spec =
      ParseCreateAliasRequest(Json(R"({"name": "al", "collections": ["a.b.coll"]})"));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->target_workspace, "a.b");
  EXPECT_EQ(spec->target_collection, "coll");
  for (const char* body : {
           R"({"collections": ["commons.a"]})",                             // no name
           R"({"name": "bad name", "collections": ["commons.a"]})",         // bad name
           R"({"name": "al"})",                                             // no target
           R"({"name": "al", "collections": []})",                          // none
           R"({"name": "al", "collections": ["commons.a", "commons.b"]})",  // two
           R"({"name": "al", "collections": ["a"]})",                       // not a path
           R"({"name": "al", "collections": ["commons."]})",                // empty name
           R"({"name": "al", "collections": ["bad ws.a"]})",                // bad workspace
           R"({"name": "al", "collections": [1]})",                         // not a string
           R"({"name": "al", "collections": "commons.a"})",                 // not an array
           R"({"name": "al", "collections": ["commons.a"], "description": 3})",
       }) {
    EXPECT_EQ(ParseCreateAliasRequest(Json(body)).status().code(), ErrorCode::kInvalidInput)
        << body;
  }
  EXPECT_EQ(ParseCreateAliasRequest(Json("[]")).status().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(ParseUpdateAliasRequest(Json(R"({"description": "x"})")).status().code(),
            ErrorCode::kInvalidInput);
  EXPECT_TRUE(ParseUpdateAliasRequest(Json(R"({"collections": ["commons.a"]})")).ok());

  Result<ViewSpec> view = ParseCreateViewRequest(Json(R"({"name": "v", "query": "SELECT 1"})"));
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->query, "SELECT 1");
  EXPECT_FALSE(view->description.has_value());
  for (const char* body : {R"({"query": "SELECT 1"})", R"({"name": "v"})",
                           R"({"name": "v", "query": 1})", R"({"name": "v.w", "query": "x"})"}) {
    EXPECT_EQ(ParseCreateViewRequest(Json(body)).status().code(), ErrorCode::kInvalidInput) << body;
  }
  EXPECT_EQ(ParseUpdateViewRequest(Json(R"({"description": "x"})")).status().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseUpdateViewRequest(Json("3")).status().code(), ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace basalt::catalog
