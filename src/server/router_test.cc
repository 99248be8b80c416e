#include "server/router.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/json.h"
#include "server/api_json.h"

namespace basalt::server {
namespace {

constexpr char kKey[] = "test-key";

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = catalog::NewMemoryBackend();
    access_ = std::move(catalog::AccessControl::Open(*backend_)).value();
    ASSERT_TRUE(access_->Bootstrap(std::string(kKey)).ok());
    catalog_ =
        std::move(catalog::Catalog::Open(*backend_, {catalog::kAdminEmail.data(), "root", ""}))
            .value();
    router_ = std::make_unique<Router>(ApiContext{*catalog_, *access_, *backend_, sequence_});
  }

  HttpResponse Call(std::string method, std::string target, std::string body = "",
                    std::string auth = std::string("ApiKey ") + kKey) {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.authorization = std::move(auth);
    request.body = std::move(body);
    return router_->Handle(request);
  }

  // The response body as JSON (every response must be a JSON object).
  static Value Body(const HttpResponse& response) {
    Result<Value> parsed = ParseJson(response.body);
    EXPECT_TRUE(parsed.ok()) << response.body;
    if (!parsed.ok()) {
      return Value::Null();
    }
    EXPECT_TRUE(parsed->is_object()) << response.body;
    return std::move(parsed).value();
  }

  // Checks a complete Rockset error body with `type` and HTTP `status`.
  static void ExpectError(const HttpResponse& response, int status, std::string_view type) {
    EXPECT_EQ(response.status, status) << response.body;
    Value body = Body(response);
    EXPECT_EQ(body.Get("type").string_value(), type) << response.body;
    EXPECT_TRUE(body.Get("message").is_string());
    EXPECT_TRUE(body.Get("trace_id").is_string());
    for (const char* key : {"message_key", "line", "column", "error_id", "query_id",
                            "virtual_instance_rrn", "virtual_instance_id", "internal_errors"}) {
      EXPECT_FALSE(body.Get(key).is_undefined()) << key << " missing in " << response.body;
    }
  }

  std::unique_ptr<catalog::Backend> backend_;
  std::unique_ptr<catalog::AccessControl> access_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::atomic<uint64_t> sequence_{0};
  std::unique_ptr<Router> router_;
};

TEST_F(RouterTest, Authentication) {
  ExpectError(Call("GET", "/v1/orgs/self", "", ""), 401, "AUTHEXCEPTION");
  ExpectError(Call("GET", "/v1/orgs/self", "", "ApiKey wrong"), 401, "AUTHEXCEPTION");
  ExpectError(Call("GET", "/v1/orgs/self", "", kKey), 401, "AUTHEXCEPTION");
  EXPECT_EQ(Body(Call("GET", "/nope", "", "")).Get("message").string_value(),
            "Authentication Failure");
  EXPECT_EQ(Call("GET", "/v1/orgs/self", "", std::string("apikey  ") + kKey).status, 200);
  EXPECT_EQ(Call("GET", "/v1/orgs/self", "", std::string("APIKEY ") + kKey).status, 200);
  // Preflights need no key.
  HttpResponse preflight = Call("OPTIONS", "/v1/orgs/self/ws", "", "");
  EXPECT_EQ(preflight.status, 200);
  EXPECT_FALSE(preflight.headers.empty());
}

TEST_F(RouterTest, RoutingErrors) {
  ExpectError(Call("GET", "/v1/orgs/self/nothing"), 404, "NOTFOUND");
  ExpectError(Call("PUT", "/v1/orgs/self/ws"), 405, "METHODNOTALLOWED");
  ExpectError(Call("POST", "/v1/orgs/self/queries", "{}"), 501, "NOTIMPLEMENTEDYET");
  ExpectError(Call("GET", "/v1/orgs/self/ws/commons/lambdas/x/tags/latest"), 501,
              "NOTIMPLEMENTEDYET");
  ExpectError(Call("GET", "/v1/orgs/self/ws/bad%zz"), 400, "BADREQUEST");
  // Repeated slashes collapse; parameters are percent-decoded; query strings are ignored.
  HttpResponse commons = Call("GET", "//v1//orgs/self/ws/%63ommons/?fetch_across_regions=true");
  ASSERT_EQ(commons.status, 200) << commons.body;
  EXPECT_EQ(Body(commons).Get("data").Get("name").string_value(), "commons");
}

TEST_F(RouterTest, Workspaces) {
  ExpectError(Call("POST", "/v1/orgs/self/ws", "{not json"), 400, "BADREQUEST");
  ExpectError(Call("POST", "/v1/orgs/self/ws", ""), 400, "BADREQUEST");
  ExpectError(Call("POST", "/v1/orgs/self/ws", "[]"), 400, "BADREQUEST");
  ExpectError(Call("POST", "/v1/orgs/self/ws", R"({"name": "-x"})"), 400, "INVALIDINPUT");
  ExpectError(Call("POST", "/v1/orgs/self/ws", R"({"name": "a..b"})"), 400, "INVALIDINPUT");
  HttpResponse created = Call("POST", "/v1/orgs/self/ws", R"({"name": "w", "extra": 1})");
  ASSERT_EQ(created.status, 200) << created.body;
  Value data = Body(created).Get("data");
  EXPECT_TRUE(data.Get("description").is_null());
  EXPECT_EQ(data.Get("created_by").string_value(), catalog::kAdminEmail);
  EXPECT_EQ(data.Get("collection_count").int_value(), 0);
  ExpectError(Call("POST", "/v1/orgs/self/ws", R"({"name": "w"})"), 409, "ALREADYEXISTS");
  EXPECT_EQ(Body(Call("GET", "/v1/orgs/self/ws")).Get("data").array().size(), 2u);
  EXPECT_EQ(Body(Call("GET", "/v1/orgs/self/ws/w/ws")).Get("data").array().size(), 0u);
  // Nested workspaces (api.md §5): `w.a.b` brings `w.a`; `w` lists its direct child.
  ASSERT_EQ(Call("POST", "/v1/orgs/self/ws", R"({"name": "w.a.b"})").status, 200);
  Value children = Body(Call("GET", "/v1/orgs/self/ws/w/ws")).Get("data");
  ASSERT_EQ(children.array().size(), 1u);
  EXPECT_EQ(children.array()[0].Get("name").string_value(), "w.a");
  ExpectError(Call("DELETE", "/v1/orgs/self/ws/w"), 409, "DEPENDENTRESOURCES");
  EXPECT_EQ(Call("DELETE", "/v1/orgs/self/ws/w.a.b").status, 200);
  EXPECT_EQ(Call("DELETE", "/v1/orgs/self/ws/w.a").status, 200);
  ExpectError(Call("GET", "/v1/orgs/self/ws/x/ws"), 404, "NOTFOUND");
  ExpectError(Call("DELETE", "/v1/orgs/self/ws/commons"), 400, "INVALIDINPUT");
  EXPECT_EQ(Call("DELETE", "/v1/orgs/self/ws/w").status, 200);
  ExpectError(Call("GET", "/v1/orgs/self/ws/w"), 404, "NOTFOUND");
}

TEST_F(RouterTest, Collections) {
  const std::string kBase = "/v1/orgs/self/ws/commons/collections";
  ExpectError(Call("POST", "/v1/orgs/self/ws/none/collections", R"({"name": "c"})"), 404,
              "NOTFOUND");
  ExpectError(Call("POST", kBase, R"({"name": "c", "retention_secs": 5})"), 400, "INVALIDINPUT");
  ExpectError(Call("POST", kBase,
                   R"({"name": "c", "field_mapping_query": {"sql": "SELECT * FROM people"}})"),
              400, "QUERY_ERROR");
  ExpectError(Call("POST", kBase, R"({"name": "c", "field_mapping_query": "SELECT 1"})"), 400,
              "INVALIDINPUT");
  HttpResponse created = Call("POST", kBase, R"({"name": "c", "sources": []})");
  ASSERT_EQ(created.status, 200) << created.body;
  Value data = Body(created).Get("data");
  EXPECT_EQ(data.Get("status").string_value(), "CREATED");
  EXPECT_EQ(data.Get("sources").array().size(), 0u);
  EXPECT_TRUE(data.Get("description").is_null());
  EXPECT_EQ(data.Get("stats").Get("doc_count").int_value(), 0);
  ExpectError(Call("POST", kBase, R"({"name": "c"})"), 409, "ALREADYEXISTS");

  Value got = Body(Call("GET", kBase + "/c")).Get("data");
  EXPECT_EQ(got.Get("status").string_value(), "READY");
  EXPECT_EQ(got.Get("rrn").string_value(), data.Get("rrn").string_value());
  EXPECT_EQ(Body(Call("GET", kBase)).Get("data").array().size(), 1u);
  EXPECT_EQ(Body(Call("GET", "/v1/orgs/self/collections")).Get("data").array().size(), 1u);
  ExpectError(Call("DELETE", "/v1/orgs/self/ws/commons"), 400, "INVALIDINPUT");

  HttpResponse updated = Call("PUT", kBase + "/c", R"({"description": "new"})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(Body(updated).Get("data").Get("description").string_value(), "new");
  ExpectError(Call("PUT", kBase + "/c", R"({"field_mapping_query": {"sql": "x"}})"), 400,
              "QUERY_ERROR");
  HttpResponse transformed =
      Call("PUT", kBase + "/c", R"({"field_mapping_query": {"sql": "SELECT a FROM _input"}})");
  ASSERT_EQ(transformed.status, 200) << transformed.body;
  EXPECT_EQ(Body(transformed).Get("data").Get("field_mapping_query").Get("sql").string_value(),
            "SELECT a FROM _input");

  HttpResponse deleted = Call("DELETE", kBase + "/c");
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(Body(deleted).Get("data").Get("status").string_value(), "DELETED");
  ExpectError(Call("GET", kBase + "/c"), 404, "NOTFOUND");
  ExpectError(Call("DELETE", kBase + "/c"), 404, "NOTFOUND");
}

TEST_F(RouterTest, Documents) {
  const std::string kColl = "/v1/orgs/self/ws/commons/collections/people";
  ExpectError(Call("POST", kColl + "/docs", R"({"data": []})"), 404, "NOTFOUND");
  ASSERT_EQ(Call("POST", "/v1/orgs/self/ws/commons/collections", R"({"name": "people"})").status,
            200);
  ExpectError(Call("POST", kColl + "/docs", R"({"data": [)"), 400, "BADREQUEST");
  ExpectError(Call("POST", kColl + "/docs", R"({"data": 5})"), 400, "BADREQUEST");
  ExpectError(Call("POST", kColl + "/docs", R"({"docs": []})"), 400, "BADREQUEST");

  HttpResponse added =
      Call("POST", kColl + "/docs", R"({"data": [{"_id": "a", "n": 1}, 7, {"n": 2}]})");
  ASSERT_EQ(added.status, 200) << added.body;
  Value body = Body(added);
  const Array& statuses = body.Get("data").array();
  ASSERT_EQ(statuses.size(), 3u);
  EXPECT_EQ(statuses[0].Get("status").string_value(), "ADDED");
  EXPECT_EQ(statuses[0].Get("_id").string_value(), "a");
  EXPECT_EQ(statuses[0].Get("_collection").string_value(), "people");
  EXPECT_TRUE(statuses[0].Get("error").is_null());
  EXPECT_EQ(statuses[1].Get("status").string_value(), "ERROR");
  EXPECT_EQ(statuses[1].Get("error").Get("type").string_value(), "INVALIDINPUT");
  EXPECT_EQ(statuses[2].Get("_id").string_value().size(), 36u);
  std::string offset(body.Get("last_offset").string_value());
  EXPECT_TRUE(offset.starts_with("f1:")) << offset;
  EXPECT_EQ(Body(Call("GET", kColl)).Get("data").Get("stats").Get("doc_count").int_value(), 2);

  Value patched = Body(Call("PATCH", kColl + "/docs",
                            R"({"data": [{"_id": "a", "patch": [{"op": "INCREMENT",
                                "path": "/n", "value": 1}]}, {"_id": "b", "patch": []}]})"));
  EXPECT_EQ(patched.Get("data").array()[0].Get("status").string_value(), "PATCHED");
  EXPECT_TRUE(patched.Get("data").array()[0].Get("patch_id").is_string());
  EXPECT_EQ(patched.Get("data").array()[1].Get("error").Get("type").string_value(), "NOTFOUND");

  Value deleted =
      Body(Call("DELETE", kColl + "/docs", R"({"data": [{"_id": "a"}, {"_id": "x"}]})"));
  EXPECT_EQ(deleted.Get("data").array()[0].Get("status").string_value(), "DELETED");
  EXPECT_EQ(deleted.Get("data").array()[1].Get("status").string_value(), "DELETED");
  EXPECT_EQ(Body(Call("GET", kColl)).Get("data").Get("stats").Get("doc_count").int_value(), 1);

  // A bad typed value or too deep nesting fails only its own document.
  std::string deep = "1";
  for (int level = 0; level < 150; ++level) {
    deep = R"({"a":)" + deep + "}";
  }
  Value typed = Body(Call("POST", kColl + "/docs",
                          R"({"data": [{"_id": "t1", "ts": {"__rockset_type": "timestamp",
                              "value": "not a time"}}, {"_id": "t2", "n": 1},
                              {"_id": "t3", "d": )" +
                              deep + "}]}"));
  ASSERT_EQ(typed.Get("data").array().size(), 3u) << ToJson(typed);
  EXPECT_EQ(typed.Get("data").array()[0].Get("status").string_value(), "ERROR");
  EXPECT_EQ(typed.Get("data").array()[0].Get("_id").string_value(), "t1");
  EXPECT_EQ(typed.Get("data").array()[0].Get("error").Get("type").string_value(), "INVALIDINPUT");
  EXPECT_EQ(typed.Get("data").array()[1].Get("status").string_value(), "ADDED");
  EXPECT_EQ(typed.Get("data").array()[2].Get("status").string_value(), "ERROR");
  ASSERT_EQ(Call("DELETE", kColl + "/docs", R"({"data": [{"_id": "t2"}]})").status, 200);

  // Limits: 20,000 documents and 10 MiB per request.
  std::string many = R"({"data": [)";
  for (size_t doc_idx = 0; doc_idx <= kMaxWriteDocuments; ++doc_idx) {
    many += doc_idx == 0 ? "{}" : ",{}";
  }
  many += "]}";
  ExpectError(Call("POST", kColl + "/docs", many), 413, "CONTENTTOOLARGE");
  std::string big = R"({"data": [{"s": ")" + std::string(kMaxWriteBodyBytes, 'x') + R"("}]})";
  ExpectError(Call("POST", kColl + "/docs", big), 413, "CONTENTTOOLARGE");
  EXPECT_EQ(Body(Call("GET", kColl)).Get("data").Get("stats").Get("doc_count").int_value(), 1);
}

TEST_F(RouterTest, OffsetsCommit) {
  const std::string kColl = "/v1/orgs/self/ws/commons/collections/c";
  ExpectError(Call("POST", kColl + "/offsets/commit", R"({"name": []})"), 404, "NOTFOUND");
  ASSERT_EQ(Call("POST", "/v1/orgs/self/ws/commons/collections", R"({"name": "c"})").status, 200);
  Value added = Body(Call("POST", kColl + "/docs", R"({"data": [{"a": 1}]})"));
  std::string offset(added.Get("last_offset").string_value());

  Value empty = Body(Call("POST", kColl + "/offsets/commit", R"({"name": []})"));
  EXPECT_TRUE(empty.Get("data").Get("passed").bool_value());
  HttpResponse committed =
      Call("POST", kColl + "/offsets/commit", R"({"name": [")" + offset + R"("]})");
  ASSERT_EQ(committed.status, 200) << committed.body;
  Value body = Body(committed);
  EXPECT_EQ(body.Get("data").Get("fence").string_value(), offset);
  EXPECT_TRUE(body.Get("data").Get("passed").bool_value());
  EXPECT_EQ(body.Get("offsets").Get("commit").string_value(), offset);
  // The same collection's offset further on has not passed; another collection's is refused.
  std::string future_offset = offset.substr(0, offset.rfind(':') + 1) + "999999";
  Value future =
      Body(Call("POST", kColl + "/offsets/commit", R"({"name": [")" + future_offset + R"("]})"));
  EXPECT_FALSE(future.Get("data").Get("passed").bool_value());
  EXPECT_EQ(future.Get("data").Get("fence").string_value(), future_offset);
  ASSERT_EQ(Call("POST", "/v1/orgs/self/ws/commons/collections", R"({"name": "d"})").status, 200);
  std::string other(
      Body(Call("POST", "/v1/orgs/self/ws/commons/collections/d/docs", R"({"data": [{"a": 1}]})"))
          .Get("last_offset")
          .string_value());
  EXPECT_NE(other.substr(0, other.rfind(':')), offset.substr(0, offset.rfind(':')));
  ExpectError(Call("POST", kColl + "/offsets/commit", R"({"name": [")" + other + R"("]})"), 400,
              "INVALIDINPUT");
  ExpectError(Call("POST", kColl + "/offsets/commit", R"({"name": ["f1:1:x"]})"), 400,
              "INVALIDINPUT");
  ExpectError(Call("POST", kColl + "/offsets/commit", R"({"name": ["garbage"]})"), 400,
              "INVALIDINPUT");
  ExpectError(Call("POST", kColl + "/offsets/commit", R"({"name": "f1:0:1"})"), 400,
              "INVALIDINPUT");
}

TEST_F(RouterTest, ConcurrentWritesAndDrop) {
  const std::string kBase = "/v1/orgs/self/ws/commons/collections";
  ASSERT_EQ(Call("POST", kBase, R"({"name": "busy"})").status, 200);
  std::atomic<int> ok_count{0};
  std::atomic<int> not_found_count{0};
  std::atomic<int> other_count{0};
  std::vector<std::thread> writers;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    writers.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        HttpResponse response = Call("POST", kBase + "/busy/docs", R"({"data": [{"a": 1}]})");
        if (response.status == 200) {
          ++ok_count;
        } else if (response.status == 404) {
          ++not_found_count;
        } else {
          ++other_count;
        }
      }
    });
  }
  // Concurrent creates of one name: exactly one wins.
  std::atomic<int> created{0};
  std::vector<std::thread> creators;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    creators.emplace_back([&] {
      if (Call("POST", kBase, R"({"name": "race"})").status == 200) {
        ++created;
      }
    });
  }
  for (std::thread& creator : creators) {
    creator.join();
  }
  EXPECT_EQ(created.load(), 1);
  while (ok_count.load() < 50) {
    std::this_thread::yield();
  }
  ASSERT_EQ(Call("DELETE", kBase + "/busy").status, 200);
  for (std::thread& writer : writers) {
    writer.join();
  }
  EXPECT_EQ(other_count.load(), 0);
  EXPECT_EQ(ok_count.load() + not_found_count.load(), 800);
  ExpectError(Call("GET", kBase + "/busy"), 404, "NOTFOUND");
}

// Fail closed: every route the router serves has a rule in the one access table
// (access_table.cc); a route without one would require admin.
TEST_F(RouterTest, EveryRouteHasAnAccessRule) {
  for (const auto& [method, segments] : router_->table().Describe()) {
    std::string path;
    for (const std::string& segment : segments) {
      path += "/" + segment;
    }
    EXPECT_NE(FindAccessRule(method, segments), nullptr)
        << method << " " << path << " has no rule in src/server/access_table.cc";
  }
}

TEST_F(RouterTest, PrivilegesAreEnforced) {
  catalog::UserInfo user;
  user.email = "ro@example.com";
  user.roles = {"read-only"};
  ASSERT_TRUE(access_->CreateUser(user).ok());
  catalog::ApiKeyInfo key;
  key.name = "ro";
  key.owner_email = "ro@example.com";
  key.role = "read-only";
  auto made = access_->CreateKey(key);
  ASSERT_TRUE(made.ok());
  std::string auth = "ApiKey " + made->first;
  EXPECT_EQ(Call("GET", "/v1/orgs/self/ws", "", auth).status, 200);
  ExpectError(Call("POST", "/v1/orgs/self/ws", R"({"name": "x"})", auth), 403, "FORBIDDEN");
  ExpectError(Call("POST", "/v1/orgs/self/ws/commons/collections", R"({"name": "c"})", auth), 403,
              "FORBIDDEN");
  ExpectError(Call("GET", "/v1/orgs/self/users", "", auth), 403, "FORBIDDEN");
  ExpectError(Call("GET", "/v1/orgs/self/users/admin@basalt.local/apikeys", "", auth), 403,
              "FORBIDDEN");
  EXPECT_EQ(Call("GET", "/v1/orgs/self/users/self/apikeys", "", auth).status, 200);
  EXPECT_EQ(Call("GET", "/v1/orgs/self/users/ro@example.com/apikeys", "", auth).status, 200);
  // Nothing was created by the refused calls.
  EXPECT_EQ(Call("GET", "/v1/orgs/self/ws/x").status, 404);
}

}  // namespace
}  // namespace basalt::server
