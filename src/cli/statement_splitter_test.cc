#include "cli/statement_splitter.h"

#include <gtest/gtest.h>

namespace basalt::cli {
namespace {

using Statements = std::vector<std::string>;

TEST(StatementSplitterTest, SplitsAtSemicolons) {
  EXPECT_EQ(SplitStatements("SELECT 1; SELECT 2;"), (Statements{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(SplitStatements("SELECT 1"), (Statements{"SELECT 1"}));
  EXPECT_EQ(SplitStatements("  SELECT 1 ;  "), (Statements{"SELECT 1"}));
  EXPECT_EQ(SplitStatements(";;  ;"), Statements{});
  EXPECT_EQ(SplitStatements(""), Statements{});
}

TEST(StatementSplitterTest, KeepsLineBreaksInsideAStatement) {
  EXPECT_EQ(SplitStatements("SELECT a,\n  b\nFROM t;\nSELECT 2"),
            (Statements{"SELECT a,\n  b\nFROM t", "SELECT 2"}));
  EXPECT_EQ(SplitStatements("SELECT 1\r\n;\r\n"), (Statements{"SELECT 1"}));
}

TEST(StatementSplitterTest, SemicolonsInLiteralsAndIdentifiersDoNotSplit) {
  EXPECT_EQ(SplitStatements("SELECT 'a;b', 'it''s;' ; SELECT 2"),
            (Statements{"SELECT 'a;b', 'it''s;'", "SELECT 2"}));
  EXPECT_EQ(SplitStatements(R"(SELECT "x;y", `p;q` FROM t;)"),
            (Statements{R"(SELECT "x;y", `p;q` FROM t)"}));
  EXPECT_EQ(SplitStatements("SELECT 'one\ntwo;';"), (Statements{"SELECT 'one\ntwo;'"}));
}

TEST(StatementSplitterTest, SemicolonsInCommentsDoNotSplit) {
  EXPECT_EQ(SplitStatements("SELECT 1 -- no; split\n, 2;"),
            (Statements{"SELECT 1 -- no; split\n, 2"}));
  EXPECT_EQ(SplitStatements("SELECT /* a;\n b; */ 1;"), (Statements{"SELECT /* a;\n b; */ 1"}));
}

TEST(StatementSplitterTest, CommentOnlyStatementsAreDropped) {
  EXPECT_EQ(SplitStatements("-- just a comment\n;"), Statements{});
  EXPECT_EQ(SplitStatements("/* c */ ; -- tail"), Statements{});
  EXPECT_EQ(SplitStatements("-- header\nSELECT 1;"), (Statements{"SELECT 1"}));
}

TEST(StatementSplitterTest, PendingFollowsTheInput) {
  StatementSplitter splitter;
  EXPECT_FALSE(splitter.Pending());
  EXPECT_TRUE(splitter.AddLine("   ").empty());
  EXPECT_FALSE(splitter.Pending());
  EXPECT_TRUE(splitter.AddLine("-- comment").empty());
  EXPECT_FALSE(splitter.Pending());
  EXPECT_TRUE(splitter.AddLine("SELECT 'a").empty());
  EXPECT_TRUE(splitter.Pending());
  EXPECT_TRUE(splitter.InQuoteOrComment());
  EXPECT_TRUE(splitter.AddLine("b' AS s").empty());
  EXPECT_FALSE(splitter.InQuoteOrComment());
  EXPECT_EQ(splitter.AddLine(";SELECT 2"), (Statements{"SELECT 'a\nb' AS s"}));
  EXPECT_TRUE(splitter.Pending());
  EXPECT_EQ(splitter.Finish(), std::optional<std::string>("SELECT 2"));
  EXPECT_FALSE(splitter.Pending());
  EXPECT_EQ(splitter.Finish(), std::nullopt);
}

TEST(StatementSplitterTest, OpenBlockCommentIsPending) {
  StatementSplitter splitter;
  EXPECT_TRUE(splitter.AddLine("/* start").empty());
  EXPECT_TRUE(splitter.Pending());
  EXPECT_TRUE(splitter.AddLine("end */").empty());
  EXPECT_FALSE(splitter.Pending());
}

}  // namespace
}  // namespace basalt::cli
