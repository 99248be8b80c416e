#include "catalog/virtual_instances.h"

#include <gtest/gtest.h>

namespace basalt::catalog {
namespace {

const Principal kAdmin{.email = "admin@example.com", .apikey_name = "root"};

TEST(VirtualInstancesTest, TheDefaultViIsMadeOnceAndKept) {
  std::unique_ptr<Backend> backend = NewMemoryBackend();
  std::string id;
  std::string rrn;
  {
    auto vis = VirtualInstances::Open(*backend, kAdmin);
    ASSERT_TRUE(vis.ok()) << vis.status().ToString();
    ASSERT_EQ((*vis)->List().size(), 1u);
    VirtualInstanceInfo main = (*vis)->Default();
    EXPECT_EQ(main.name, "main");
    EXPECT_TRUE(main.default_vi);
    EXPECT_EQ(main.rrn, "rrn:vi:use1a1:" + main.id);
    EXPECT_EQ((*vis)->DefaultQueryVi(), main.rrn);
    EXPECT_EQ((*vis)->Find(main.rrn)->id, main.id);
    EXPECT_EQ((*vis)->Find("nope").status().code(), ErrorCode::kNotFound);
    ASSERT_TRUE((*vis)->Update(main.id, {.name = std::nullopt, .description = "all"}).ok());
    EXPECT_EQ(
        (*vis)->Update(main.id, {.name = "bad name", .description = std::nullopt}).status().code(),
        ErrorCode::kInvalidInput);
    EXPECT_EQ((*vis)->SetDefaultQueryVi("rrn:vi:use1a1:nope").status().code(),
              ErrorCode::kNotFound);
    EXPECT_EQ(*(*vis)->SetDefaultQueryVi(main.id), main.rrn);
    id = main.id;
    rrn = main.rrn;
  }
  auto reopened = VirtualInstances::Open(*backend, kAdmin);
  ASSERT_TRUE(reopened.ok());
  ASSERT_EQ((*reopened)->List().size(), 1u);
  EXPECT_EQ((*reopened)->Default().id, id);
  EXPECT_EQ((*reopened)->Default().description, "all");
  EXPECT_EQ((*reopened)->DefaultQueryVi(), rrn);
}

}  // namespace
}  // namespace basalt::catalog
