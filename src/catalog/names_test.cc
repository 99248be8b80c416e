#include "catalog/names.h"

#include <string>

#include <gtest/gtest.h>

#include "catalog/ids.h"

namespace basalt::catalog {
namespace {

TEST(NamesTest, AcceptsValidNames) {
  for (const char* name : {"a", "A", "0", "people", "my_collection-2", "9lives"}) {
    EXPECT_TRUE(ValidateName("collection", name).ok()) << name;
  }
  EXPECT_TRUE(ValidateName("collection", std::string(kMaxNameLength, 'x')).ok());
}

TEST(NamesTest, RefusesInvalidNames) {
  for (const char* name : {"", "_a", "-a", "a.b", "a b", "a/b", "é", "a%20", "a\n"}) {
    Status status = ValidateName("collection", name);
    EXPECT_EQ(status.code(), ErrorCode::kInvalidInput) << name;
  }
  EXPECT_EQ(ValidateName("collection", std::string(kMaxNameLength + 1, 'x')).code(),
            ErrorCode::kInvalidInput);
}

TEST(NamesTest, DottedWorkspaceNamesNameNestedWorkspaces) {
  EXPECT_TRUE(ValidateWorkspaceName("analytics").ok());
  EXPECT_TRUE(ValidateWorkspaceName("a.b.c").ok());
  EXPECT_TRUE(ValidateWorkspaceName("commons.fake.workspace").ok());
  EXPECT_EQ(ValidateWorkspaceName("a.").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ValidateWorkspaceName(std::string(64, 'x') + "." + std::string(64, 'y')).code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(ValidateWorkspaceName("a..b").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ValidateWorkspaceName(".a").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ValidateWorkspaceName("a._b").code(), ErrorCode::kInvalidInput);
}

TEST(NamesTest, RetentionBounds) {
  EXPECT_EQ(ValidateRetentionSecs(3599).code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(ValidateRetentionSecs(3600).ok());
  EXPECT_TRUE(ValidateRetentionSecs(kMaxRetentionSecs - 1).ok());
  EXPECT_EQ(ValidateRetentionSecs(kMaxRetentionSecs).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ValidateRetentionSecs(-1).code(), ErrorCode::kInvalidInput);
}

TEST(IdsTest, UuidShape) {
  std::string uuid = NewUuid();
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[8], '-');
  EXPECT_EQ(uuid[14], '4');
  EXPECT_NE(uuid, NewUuid());
}

TEST(IdsTest, SecretAndHash) {
  std::string secret = NewSecret(64);
  ASSERT_EQ(secret.size(), 64u);
  for (char c : secret) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
  }
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(IdsTest, IsoSeconds) {
  EXPECT_EQ(FormatIsoSeconds(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoSeconds(1709294400'000000 + 999'999), "2024-03-01T12:00:00Z");
  EXPECT_EQ(FormatIsoSeconds(-1), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace basalt::catalog
