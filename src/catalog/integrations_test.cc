#include "catalog/integrations.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/json.h"

namespace basalt::catalog {
namespace {

Value Json(std::string_view text) {
  Result<Value> parsed = ParseJson(text);
  BASALT_CHECK(parsed.ok()) << parsed.status().ToString();
  return std::move(parsed).value();
}

const Principal kAdmin{.email = "admin@x.com", .apikey_name = "root", .key_role = ""};

TEST(SecretBoxTest, SealsAndOpens) {
  auto box = std::move(SecretBox::FromKey(std::string(32, 'k'))).value();
  Result<std::string> sealed = box->Seal("hunter2", "ctx");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("hunter2"), std::string::npos);
  EXPECT_EQ(*box->Open(*sealed, "ctx"), "hunter2");
  // Fresh nonce per seal; wrong context, wrong key and tampering fail.
  EXPECT_NE(*box->Seal("hunter2", "ctx"), *sealed);
  EXPECT_EQ(box->Open(*sealed, "other").status().code(), ErrorCode::kCorruption);
  auto other = std::move(SecretBox::FromKey(std::string(32, 'j'))).value();
  EXPECT_EQ(other->Open(*sealed, "ctx").status().code(), ErrorCode::kCorruption);
  std::string tampered = *sealed;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box->Open(tampered, "ctx").ok());
  EXPECT_EQ(SecretBox::FromKey("short").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(*box->Open(*box->Seal("", "c"), "c"), "");
}

TEST(SecretBoxTest, KeyFileIsMadeOnceAndKept) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("basalt-secretbox-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "secret.key").string();
  std::string sealed;
  {
    auto box = SecretBox::OpenKeyFile(path);
    ASSERT_TRUE(box.ok()) << box.status().ToString();
    sealed = *(*box)->Seal("s", "c");
  }
  EXPECT_EQ(std::filesystem::file_size(path), SecretBox::kKeyBytes);
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::group_read,
            std::filesystem::perms::none);
  auto again = SecretBox::OpenKeyFile(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->Open(sealed, "c"), "s");
  std::ofstream(path, std::ios::trunc) << "bad";
  EXPECT_EQ(SecretBox::OpenKeyFile(path).status().code(), ErrorCode::kCorruption);
  std::filesystem::remove_all(dir);
}

TEST(IntegrationsTest, ParseRequests) {
  EXPECT_TRUE(ParseCreateIntegrationRequest(
                  Json(R"({"name": "a", "s3": {"aws_role": {"aws_role_arn": "arn:x"}}})"))
                  .ok());
  for (
      const char* bad : {
          R"({"s3": {"aws_role": {"aws_role_arn": "r"}}})",  // no name
          R"({"name": "bad name", "s3": {"aws_role": {"aws_role_arn": "r"}}})",
          R"({"name": "a"})",                          // no kind
          R"({"name": "a", "s3": {}})",                // no credentials
          R"({"name": "a", "s3": {"aws_role": {}}})",  // missing arn
          R"({"name": "a", "s3": {"aws_role": {"aws_role_arn": "r"},
                               "aws_access_key": {"aws_access_key_id": "i",
                                                  "aws_secret_access_key": "s"}}})",
          R"({"name": "a", "gcs": {"gcp_service_account": {"service_account_key_file_json": "{"}}})",
          R"({"name": "a", "kafka": {"kafka_data_format": "XML"}})",
          R"({"name": "a", "kafka": {"kafka_topic_names": [1]}})",
          R"({"name": "a", "mongodb": {"connection_uri": 5}})",
          R"({"name": "a", "snowflake": {"snowflake_url": "u"}})",
          R"({"name": "a", "azure_blob_storage": {"connection_string": "c"},
               "azure_service_bus": {"connection_string": "c"}})",
      }) {
    EXPECT_EQ(ParseCreateIntegrationRequest(Json(bad)).status().code(), ErrorCode::kInvalidInput)
        << bad;
  }
  EXPECT_EQ(ParseCreateIntegrationRequest(Json("[1]")).status().code(), ErrorCode::kBadRequest);
}

class IntegrationsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = NewMemoryBackend();
    box_ = std::move(SecretBox::FromKey(std::string(32, 'z'))).value();
    Reopen();
  }
  void Reopen() {
    integrations_.reset();
    integrations_ = std::move(Integrations::Open(*backend_, *box_)).value();
  }
  IntegrationSpec Spec(std::string_view json) {
    return std::move(ParseCreateIntegrationRequest(Json(json))).value();
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<SecretBox> box_;
  std::unique_ptr<Integrations> integrations_;
};

TEST_F(IntegrationsStoreTest, SecretsAreMaskedAndSealed) {
  Result<IntegrationInfo> made =
      integrations_->Create(Spec(R"({"name": "mk", "kafka": {"bootstrap_servers": "b:9092",
               "security_config": {"api_key": "KEY", "secret": "KAFKA-SECRET-1"},
               "source_status_by_topic": {"t": {}}}})"),
                            kAdmin);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(made->config.Get("security_config").Get("secret").string_value(), kSecretMask);
  EXPECT_EQ(made->config.Get("security_config").Get("api_key").string_value(), "KEY");
  EXPECT_TRUE(made->config.Get("source_status_by_topic").is_undefined());
  EXPECT_EQ(integrations_
                ->Create(Spec(R"({"name": "mk", "azure_blob_storage":
                                           {"connection_string": "c"}})"),
                         kAdmin)
                .status()
                .code(),
            ErrorCode::kAlreadyExists);

  Reopen();
  Result<Value> clear = integrations_->RevealConfig("mk");
  ASSERT_TRUE(clear.ok());
  EXPECT_EQ(clear->Get("security_config").Get("secret").string_value(), "KAFKA-SECRET-1");
  Result<Backend::KeyValues> records = backend_->ScanMeta("");
  ASSERT_TRUE(records.ok());
  for (const auto& [key, value] : *records) {
    EXPECT_EQ(value.find("KAFKA-SECRET-1"), std::string::npos) << key;
  }

  // An update echoing the mask keeps the secret; a new value replaces it.
  IntegrationSpec update =
      std::move(ParseUpdateIntegrationRequest(Json(
                    R"({"description": "d", "kafka": {"bootstrap_servers": "c:1",
                                             "security_config": {"api_key": "KEY",
                                                                 "secret": "********"}}})")))
          .value();
  ASSERT_TRUE(integrations_->Update("mk", update).ok());
  EXPECT_EQ(integrations_->RevealConfig("mk")->Get("security_config").Get("secret").string_value(),
            "KAFKA-SECRET-1");
  EXPECT_EQ(*integrations_->Get("mk")->description, "d");
  update = std::move(ParseUpdateIntegrationRequest(Json(
                         R"({"kafka": {"security_config": {"api_key": "K2", "secret": "NEW"}}})")))
               .value();
  ASSERT_TRUE(integrations_->Update("mk", update).ok());
  EXPECT_EQ(integrations_->RevealConfig("mk")->Get("security_config").Get("secret").string_value(),
            "NEW");
  // An update without a kind keeps the stored one.
  update = std::move(ParseUpdateIntegrationRequest(Json(R"({"is_write_enabled": true})"))).value();
  ASSERT_TRUE(integrations_->Update("mk", update).ok());
  EXPECT_TRUE(integrations_->Get("mk")->is_write_enabled);
  EXPECT_EQ(integrations_->Get("mk")->kind, "kafka");

  EXPECT_TRUE(integrations_->Delete("mk").ok());
  EXPECT_EQ(integrations_->Get("mk").status().code(), ErrorCode::kNotFound);
  Reopen();
  EXPECT_TRUE(integrations_->List().empty());
}

}  // namespace
}  // namespace basalt::catalog
