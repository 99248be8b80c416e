#include "catalog/access.h"

#include <gtest/gtest.h>

#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

Value Json(std::string_view text) {
  Result<Value> parsed = ParseJson(text);
  BASALT_CHECK(parsed.ok()) << parsed.status().ToString();
  return std::move(parsed).value();
}

TEST(PrivilegesTest, GrantsByActionScopeAndResource) {
  std::vector<Privilege> privileges = {
      {.action = "QUERY_DATA_WS", .resource_name = "sales", .cluster = "*ALL*"},
      {.action = "LIST_WS_GLOBAL", .resource_name = "*ALL*", .cluster = "*ALL*"},
      {.action = "ALL_INTEGRATION_ACTIONS", .resource_name = "s3in", .cluster = "*ALL*"}};
  EXPECT_TRUE(Grants(privileges, "QUERY_DATA_WS", "sales"));
  EXPECT_TRUE(Grants(privileges, "QUERY_DATA_WS", "sales.emea"));  // nested workspace
  EXPECT_FALSE(Grants(privileges, "QUERY_DATA_WS", "salesx"));
  EXPECT_FALSE(Grants(privileges, "QUERY_DATA_WS", "hr"));
  EXPECT_TRUE(Grants(privileges, "QUERY_DATA_WS", ""));  // on some workspace
  EXPECT_FALSE(Grants(privileges, "WRITE_DATA_WS", "sales"));
  EXPECT_TRUE(Grants(privileges, "LIST_WS_GLOBAL", ""));
  EXPECT_FALSE(Grants(privileges, "CREATE_WS_GLOBAL", ""));
  EXPECT_TRUE(Grants(privileges, "CREATE_COLLECTION_INTEGRATION", "s3in"));
  EXPECT_FALSE(Grants(privileges, "CREATE_COLLECTION_INTEGRATION", "other"));
  EXPECT_FALSE(Grants(privileges, "NO_SUCH_ACTION", ""));

  const std::vector<Privilege>& admin = BuiltinRolePrivileges(kAdminRole);
  EXPECT_TRUE(Grants(admin, "DELETE_ROLE_GLOBAL", ""));
  EXPECT_TRUE(Grants(admin, "DELETE_WS", "anything"));
  EXPECT_TRUE(Grants(admin, "QUERY_VI", "vi-1"));
  const std::vector<Privilege>& member = BuiltinRolePrivileges(kMemberRole);
  EXPECT_TRUE(Grants(member, "WRITE_DATA_WS", "x"));
  EXPECT_FALSE(Grants(member, "INVITE_USER_GLOBAL", ""));
  EXPECT_FALSE(Grants(member, "CREATE_ROLE_GLOBAL", ""));
  const std::vector<Privilege>& read_only = BuiltinRolePrivileges(kReadOnlyRole);
  EXPECT_TRUE(Grants(read_only, "QUERY_DATA_WS", "x"));
  EXPECT_FALSE(Grants(read_only, "WRITE_DATA_WS", "x"));
  EXPECT_FALSE(Grants(read_only, "CREATE_WS_GLOBAL", ""));
}

TEST(PrivilegesTest, ParsePrivileges) {
  Result<std::vector<Privilege>> parsed = ParsePrivileges(
      Json(R"([{"action": "QUERY_DATA_WS", "resource_name": "a"}, {"action": "LIST_WS_GLOBAL"}])"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].resource_name, "a");
  EXPECT_EQ((*parsed)[1].resource_name, "*ALL*");
  for (const char* bad : {R"([{"action": "FLY"}])", R"([{"resource_name": "a"}])",
                          R"([{"action": "LIST_WS_GLOBAL", "resource_name": "a"}])", R"("x")",
                          R"([{"action": "QUERY_DATA_WS", "resource_name": 3}])"}) {
    EXPECT_EQ(ParsePrivileges(Json(bad)).status().code(), ErrorCode::kInvalidInput) << bad;
  }
}

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NewMemoryBackend();
    Reopen();
    ASSERT_TRUE(access_->Bootstrap(std::string("root-secret")).ok());
  }
  void Reopen() {
    access_.reset();
    access_ = std::move(AccessControl::Open(*backend_)).value();
  }
  UserInfo User(std::string email, std::vector<std::string> roles) {
    UserInfo info;
    info.email = std::move(email);
    info.roles = std::move(roles);
    return info;
  }
  ApiKeyInfo Key(std::string name, std::string owner, std::string role) {
    ApiKeyInfo info;
    info.name = std::move(name);
    info.owner_email = std::move(owner);
    info.role = std::move(role);
    return info;
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<AccessControl> access_;
};

TEST_F(AccessTest, KeyActsWithItsRoleWithinItsOwnersRoles) {
  Result<Principal> root = access_->Authenticate("root-secret");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->email, kAdminEmail);
  EXPECT_TRUE(access_->Allows(*root, "DELETE_ROLE_GLOBAL", ""));

  ASSERT_TRUE(access_->CreateUser(User("m@x.com", {"member"})).ok());
  // A key with role admin for a member user cannot exceed the member.
  auto admin_key = access_->CreateKey(Key("k-admin", "m@x.com", "admin"));
  ASSERT_TRUE(admin_key.ok()) << admin_key.status().ToString();
  Result<Principal> who = access_->Authenticate(admin_key->first);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(access_->Allows(*who, "WRITE_DATA_WS", "commons"));
  EXPECT_FALSE(access_->Allows(*who, "INVITE_USER_GLOBAL", ""));
  EXPECT_EQ(access_->Require(*who, "INVITE_USER_GLOBAL", "").code(), ErrorCode::kForbidden);
  EXPECT_EQ(access_->RoleName(*who), "admin");

  // A read-only key of the member cannot write; a key without role acts as the member.
  auto ro_key = access_->CreateKey(Key("k-ro", "m@x.com", "read-only"));
  ASSERT_TRUE(ro_key.ok());
  Result<Principal> ro = access_->Authenticate(ro_key->first);
  EXPECT_TRUE(access_->Allows(*ro, "QUERY_DATA_WS", "commons"));
  EXPECT_FALSE(access_->Allows(*ro, "WRITE_DATA_WS", "commons"));
  auto plain_key = access_->CreateKey(Key("k-plain", "m@x.com", ""));
  ASSERT_TRUE(plain_key.ok());
  Result<Principal> plain = access_->Authenticate(plain_key->first);
  EXPECT_TRUE(access_->Allows(*plain, "WRITE_DATA_WS", "commons"));
  EXPECT_EQ(access_->RoleName(*plain), "member");

  // Unknown role, unknown owner, duplicate name.
  EXPECT_EQ(access_->CreateKey(Key("k2", "m@x.com", "nope")).status().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(access_->CreateKey(Key("k2", "ghost@x.com", "")).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(access_->CreateKey(Key("k-ro", "m@x.com", "")).status().code(),
            ErrorCode::kAlreadyExists);
}

TEST_F(AccessTest, CustomRoleScopedToOneWorkspace) {
  RoleInfo role;
  role.name = "sales-reader";
  role.owner_email = std::string(kAdminEmail);
  role.privileges = std::move(ParsePrivileges(Json(
                                  R"([{"action": "QUERY_DATA_WS", "resource_name": "sales"},
                                      {"action": "LIST_RESOURCES_WS", "resource_name": "sales"}])")))
                        .value();
  ASSERT_TRUE(access_->users().CreateRole(role).ok());
  ASSERT_TRUE(access_->CreateUser(User("s@x.com", {"sales-reader"})).ok());
  auto key = access_->CreateKey(Key("k", "s@x.com", "sales-reader"));
  ASSERT_TRUE(key.ok());
  Result<Principal> who = access_->Authenticate(key->first);
  EXPECT_TRUE(access_->Allows(*who, "QUERY_DATA_WS", "sales"));
  EXPECT_FALSE(access_->Allows(*who, "QUERY_DATA_WS", "hr"));
  EXPECT_FALSE(access_->Allows(*who, "WRITE_DATA_WS", "sales"));

  // In use: cannot be deleted; built-ins never.
  EXPECT_EQ(access_->DeleteRole("sales-reader").status().code(), ErrorCode::kDependentResources);
  EXPECT_EQ(access_->DeleteRole("admin").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(access_->users().UpdateRole("member", std::nullopt, std::nullopt).status().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(access_->users().CreateRole(role).status().code(), ErrorCode::kAlreadyExists);

  // Updating the role's privileges changes what its keys may do at once.
  ASSERT_TRUE(
      access_->users()
          .UpdateRole("sales-reader", std::nullopt,
                      std::move(ParsePrivileges(Json(R"([{"action": "QUERY_DATA_WS"}])"))).value())
          .ok());
  EXPECT_TRUE(access_->Allows(*who, "QUERY_DATA_WS", "hr"));

  // Deleting the user deletes its keys; then the role is free.
  Principal root = std::move(access_->Authenticate("root-secret")).value();
  ASSERT_TRUE(access_->DeleteUser("s@x.com", root).ok());
  EXPECT_EQ(access_->Authenticate(key->first).status().code(), ErrorCode::kAuth);
  EXPECT_TRUE(access_->DeleteRole("sales-reader").ok());
  EXPECT_EQ(access_->DeleteUser(kAdminEmail, root).status().code(), ErrorCode::kInvalidInput);
}

TEST_F(AccessTest, NobodyHandsOutMoreThanTheyHold) {
  ASSERT_TRUE(access_->CreateUser(User("m@x.com", {"member"})).ok());
  auto key = access_->CreateKey(Key("k", "m@x.com", ""));
  ASSERT_TRUE(key.ok());
  Principal member = std::move(access_->Authenticate(key->first)).value();
  std::vector<Privilege> mine = {{.action = "WRITE_DATA_WS", .resource_name = "a"},
                                 {.action = "LIST_WS_GLOBAL"}};
  EXPECT_TRUE(access_->RequireHoldsAll(member, mine).ok());
  std::vector<Privilege> more = {{.action = "CREATE_ROLE_GLOBAL"}};
  EXPECT_EQ(access_->RequireHoldsAll(member, more).code(), ErrorCode::kForbidden);
  EXPECT_TRUE(access_->RequireHoldsRoles(member, {"read-only", "member"}).ok());
  EXPECT_EQ(access_->RequireHoldsRoles(member, {"admin"}).code(), ErrorCode::kForbidden);
  EXPECT_EQ(access_->RequireHoldsRoles(member, {"ghost"}).code(), ErrorCode::kInvalidInput);
}

TEST_F(AccessTest, SuspendedAndExpiredKeysFail) {
  ASSERT_TRUE(access_->CreateUser(User("u@x.com", {"read-only"})).ok());
  ApiKeyInfo info = Key("k", "u@x.com", "");
  info.expiry_micros = NowMicros() + 3600 * kMicrosPerSecond;
  auto key = access_->CreateKey(info);
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(access_->Authenticate(key->first).ok());
  ApiKeyUpdate suspend;
  suspend.suspended = true;
  ASSERT_TRUE(access_->keys().Update("u@x.com", "k", suspend).ok());
  EXPECT_EQ(access_->Authenticate(key->first).status().code(), ErrorCode::kAuth);
  ApiKeyUpdate resume;
  resume.suspended = false;
  resume.expiry_micros = NowMicros() - 1;  // the store takes what the API validated
  ASSERT_TRUE(access_->keys().Update("u@x.com", "k", resume).ok());
  EXPECT_EQ(access_->Authenticate(key->first).status().code(), ErrorCode::kAuth);
  ApiKeyUpdate clear;
  clear.clear_expiry = true;
  ASSERT_TRUE(access_->keys().Update("u@x.com", "k", clear).ok());
  EXPECT_TRUE(access_->Authenticate(key->first).ok());
}

TEST_F(AccessTest, SurvivesReopen) {
  RoleInfo role;
  role.name = "writer";
  role.owner_email = std::string(kAdminEmail);
  role.privileges = {{.action = "WRITE_DATA_WS", .resource_name = "w", .cluster = "*ALL*"}};
  ASSERT_TRUE(access_->users().CreateRole(role).ok());
  ASSERT_TRUE(access_->CreateUser(User("w@x.com", {"writer"})).ok());
  auto key = access_->CreateKey(Key("k", "w@x.com", "writer"));
  ASSERT_TRUE(key.ok());
  Reopen();
  ASSERT_TRUE(access_->Bootstrap(std::string("root-secret")).ok());
  Result<Principal> who = access_->Authenticate(key->first);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(access_->Allows(*who, "WRITE_DATA_WS", "w"));
  EXPECT_FALSE(access_->Allows(*who, "WRITE_DATA_WS", "v"));
  EXPECT_EQ(access_->keys().ListOf("w@x.com").size(), 1u);
  EXPECT_EQ(access_->keys().ListOf("w@x.com")[0].identifier, key->first.substr(58));
  // No secret in the store, only hashes.
  Result<Backend::KeyValues> records = backend_->ScanMeta("");
  ASSERT_TRUE(records.ok());
  for (const auto& [record_key, value] : *records) {
    EXPECT_EQ(value.find(key->first), std::string::npos) << record_key;
  }
}

}  // namespace
}  // namespace basalt::catalog
