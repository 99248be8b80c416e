#!/usr/bin/env python3
"""End-to-end tests of query lambdas, public and scheduled lambdas (api.md §9, §9.1),
virtual instances and deployment settings (§12) against a real `basalt serve`: statuses,
response shapes and error bodies, persistence across kill -9, and a scheduled lambda that
runs and calls a webhook served by this test on loopback.
python3 stdlib only; the binary comes from BASALT_BIN, else the newest build dir's."""

import http.client
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

API_KEY = "lambdas-test-key-0123456789"
WS = "/v1/orgs/self/ws"
LAMBDAS = WS + "/lam/lambdas"
ERROR_KEYS = {"message", "message_key", "type", "line", "column", "trace_id", "error_id",
              "query_id", "virtual_instance_rrn", "virtual_instance_id", "internal_errors"}
VERSION_KEYS = {"name", "workspace", "version", "description", "sql", "state", "collections",
                "created_at", "created_by", "created_by_apikey_name", "public_access_id",
                "stats"}


def param(name, type_, value):
    return {"name": name, "type": type_, "value": value}


class LambdasTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="basalt-lambdas-")
        cls.server = Server(cls.data_dir, API_KEY)
        cls.client = Client(cls.server.port, API_KEY)
        cls.ok_("POST", WS, {"name": "lam"})
        cls.ok_("POST", WS + "/lam/collections", {"name": "events"})
        docs = [{"_id": "e%d" % i, "kind": "click" if i % 3 else "view", "n": i,
                 "at": {"__rockset_type": "timestamp", "value": str(1700000000000000 + i * 60000000)}}
                for i in range(30)]
        body = cls.ok_("POST", WS + "/lam/collections/events/docs", {"data": docs})
        assert all(d["status"] == "ADDED" for d in body["data"]), body

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)

    @classmethod
    def ok_(cls, method, path, payload=None):
        status, body = cls.client.call(method, path, payload)
        assert status == 200, (method, path, status, body)
        return body

    def ok(self, method, path, payload=None):
        status, body = self.client.call(method, path, payload)
        self.assertEqual(status, 200, (method, path, body))
        return body

    def assert_error(self, result, status, error_type):
        got_status, body = result
        self.assertEqual(got_status, status, body)
        self.assertEqual(set(body), ERROR_KEYS)
        self.assertEqual(body["type"], error_type)
        self.assertTrue(body["trace_id"])
        return body

    def create(self, name, query, defaults=None, **extra):
        request = {"name": name, "sql": {"query": query}}
        if defaults is not None:
            request["sql"]["default_parameters"] = defaults
        request.update(extra)
        return self.ok("POST", LAMBDAS, request)["data"]

    # --- create, versions, errors

    def test_create_answers_a_full_version(self):
        v = self.create("shape", "SELECT COUNT(*) AS c FROM lam.events")
        self.assertEqual(set(v), VERSION_KEYS)
        self.assertEqual(len(v["version"]), 16)
        self.assertEqual(v["workspace"], "lam")
        self.assertIsNone(v["description"])
        self.assertIsNone(v["public_access_id"])
        self.assertEqual(v["state"], "ACTIVE")
        self.assertEqual(v["collections"], ["lam.events"])
        self.assertEqual(v["sql"], {"query": "SELECT COUNT(*) AS c FROM lam.events",
                                    "default_parameters": []})
        self.assertEqual(v["stats"], {"last_executed": None, "last_executed_by": None,
                                      "last_execution_error": None,
                                      "last_execution_error_message": None})
        self.assertTrue(v["created_at"].endswith("Z"))
        self.assertEqual(v["created_by_apikey_name"], "root")

    def test_create_errors(self):
        self.create("taken", "SELECT 1")
        body = self.assert_error(self.client.call("POST", LAMBDAS, {"name": "taken",
                                                                    "sql": {"query": "SELECT 2"}}),
                                 409, "ALREADYEXISTS")
        self.assertIn("taken", body["message"])
        self.assert_error(self.client.call("POST", WS + "/nope/lambdas",
                                           {"name": "x", "sql": {"query": "SELECT 1"}}),
                          404, "NOTFOUND")
        self.assert_error(self.client.call("POST", LAMBDAS, {"name": "bad name",
                                                             "sql": {"query": "SELECT 1"}}),
                          400, "INVALIDINPUT")
        self.assert_error(self.client.call("POST", LAMBDAS, {"name": "nosql"}), 400, "INVALIDINPUT")
        body = self.assert_error(self.client.call("POST", LAMBDAS, {
            "name": "badsql", "sql": {"query": "SELECT FROM WHERE"}}), 400, "QUERY_ERROR")
        self.assertIsNotNone(body["line"])
        self.assert_error(self.client.call("POST", LAMBDAS, {
            "name": "nocoll", "sql": {"query": "SELECT * FROM lam.missing"}}), 400, "QUERY_ERROR")
        self.assert_error(self.client.call("POST", LAMBDAS, {
            "name": "badparam", "sql": {"query": "SELECT :x AS x",
                                        "default_parameters": [param("x", "int", "abc")]}}),
                          400, "INVALIDINPUT")
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        conn.request("POST", LAMBDAS, body="{not json", headers={
            "Authorization": "ApiKey " + API_KEY, "Content-Type": "application/json"})
        response = conn.getresponse()
        self.assert_error((response.status, json.loads(response.read())), 400, "BADREQUEST")
        conn.close()
        # Nothing was stored by the failed requests.
        names = [l["name"] for l in self.ok("GET", LAMBDAS)["data"]]
        for name in ("nosql", "badsql", "nocoll", "badparam", "bad name"):
            self.assertNotIn(name, names)

    def test_versions_latest_and_create_flag(self):
        v1 = self.create("ver", "SELECT 1 AS one", description="first")
        v2 = self.ok("POST", LAMBDAS + "/ver/versions",
                     {"sql": {"query": "SELECT 2 AS two"}, "description": "second"})["data"]
        self.assertNotEqual(v1["version"], v2["version"])
        versions = self.ok("GET", LAMBDAS + "/ver/versions")["data"]
        self.assertEqual([v["version"] for v in versions], [v2["version"], v1["version"]])
        got = self.ok("GET", LAMBDAS + "/ver/versions/" + v1["version"])["data"]
        self.assertEqual(got["description"], "first")
        latest = self.ok("GET", LAMBDAS + "/ver/tags/latest")["data"]
        self.assertEqual(latest["tag_name"], "latest")
        self.assertEqual(latest["version"]["version"], v2["version"])
        summary = [l for l in self.ok("GET", LAMBDAS)["data"] if l["name"] == "ver"][0]
        self.assertEqual(summary["version_count"], 2)
        self.assertEqual(summary["latest_version"]["version"], v2["version"])
        # An update of a missing lambda needs ?create=true.
        self.assert_error(self.client.call("POST", LAMBDAS + "/fresh/versions",
                                           {"sql": {"query": "SELECT 1"}}), 404, "NOTFOUND")
        made = self.ok("POST", LAMBDAS + "/fresh/versions?create=true",
                       {"sql": {"query": "SELECT 1"}})["data"]
        self.assertEqual(made["name"], "fresh")
        body = self.assert_error(self.client.call("GET", LAMBDAS + "/ver/versions/0123456789abcdef"),
                                 404, "NOTFOUND")
        self.assertEqual(body["message"],
                         'Query Lambda "ver" (version "0123456789abcdef") not found in workspace "lam".')

    # --- execution

    def test_parameterised_lambdas(self):
        v = self.create("bykind", "SELECT COUNT(*) AS c FROM lam.events WHERE kind = :kind AND n >= :min",
                        [param("kind", "string", "view"), param("min", "int", "0")])
        path = LAMBDAS + "/bykind/versions/" + v["version"]
        r = self.ok("POST", path)
        self.assertEqual(r["results"], [{"c": 10}])
        self.assertEqual(r["query_lambda_path"], "lam.bykind::" + v["version"])
        self.assertEqual(r["collections"], ["lam.events"])
        r = self.ok("POST", path, {"parameters": [param("kind", "string", "click"),
                                                  param("min", "int", "20")]})
        self.assertEqual(r["results"], [{"c": 7}])
        # An override without a type takes the declared one.
        r = self.ok("POST", path, {"parameters": [{"name": "min", "value": "27"}]})
        self.assertEqual(r["results"], [{"c": 1}])
        self.assert_error(self.client.call("POST", path, {"parameters": [param("min", "string", "3")]}),
                          400, "INVALIDINPUT")
        self.assert_error(self.client.call("POST", path, {"parameters": [param("min", "int", "x")]}),
                          400, "INVALIDINPUT")
        stats = self.ok("GET", path)["data"]["stats"]
        self.assertIsNotNone(stats["last_executed"])
        self.assertEqual(stats["last_executed_by"], "admin@basalt.local")
        self.assertIsNotNone(stats["last_execution_error"])
        self.assertIn("min", stats["last_execution_error_message"])

    def test_timestamp_parameter_and_missing_parameter(self):
        v = self.create("since", "SELECT COUNT(*) AS c FROM lam.events WHERE at >= :since")
        path = LAMBDAS + "/since/tags/latest"
        r = self.ok("POST", path, {"parameters": [
            param("since", "timestamp", "2023-11-14T22:23:20Z")]})  # 1700000600 s: event 10 on
        self.assertEqual(r["results"], [{"c": 20}])
        self.assertEqual(r["query_lambda_path"], "lam.since::" + v["version"])
        self.assert_error(self.client.call("POST", path), 400, "QUERY_ERROR")

    def test_limit_parameter_without_default(self):
        # LIMIT/OFFSET parameters without defaults: the SQL is checked without their values.
        v = self.create("firstn", "SELECT n FROM lam.events ORDER BY n LIMIT :limit OFFSET :skip")
        self.assertEqual(v["state"], "ACTIVE")
        path = LAMBDAS + "/firstn/tags/latest"
        r = self.ok("POST", path, {"parameters": [param("limit", "int", "2"),
                                                  param("skip", "int", "1")]})
        self.assertEqual([row["n"] for row in r["results"]], [1, 2])
        self.assert_error(self.client.call("POST", path), 400, "QUERY_ERROR")

    def test_pagination_and_async(self):
        v = self.create("pages", "SELECT n FROM lam.events ORDER BY n")
        r = self.ok("POST", LAMBDAS + "/pages/versions/" + v["version"], {"max_initial_results": 10})
        self.assertEqual(len(r["results"]), 10)
        self.assertEqual(r["results_total_doc_count"], 30)
        cursor = r["pagination"]["next_cursor"]
        page = self.ok("GET", "/v1/orgs/self/queries/%s/pages?cursor=%s&docs=100" % (r["query_id"], cursor))
        self.assertEqual([row["n"] for row in page["results"]], list(range(10, 30)))
        r = self.ok("POST", LAMBDAS + "/pages/tags/latest", {"paginate": True,
                                                             "initial_paginate_response_doc_count": 5})
        self.assertEqual(len(r["results"]), 5)
        r = self.ok("POST", LAMBDAS + "/pages/tags/latest",
                    {"async": True, "async_options": {"client_timeout_ms": 0}})
        self.assertIn(r["status"], ("QUEUED", "RUNNING", "COMPLETED"))
        deadline = time.time() + 10
        while True:
            info = self.ok("GET", "/v1/orgs/self/queries/" + r["query_id"])["data"]
            if info["status"] == "COMPLETED" or time.time() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(info["status"], "COMPLETED")
        page = self.ok("GET", "/v1/orgs/self/queries/%s/pages" % r["query_id"])
        self.assertEqual(len(page["results"]), 30)

    def test_unknown_lambda_version_and_tag(self):
        body = self.assert_error(self.client.call(
            "POST", WS + "/commons.fake.workspace/lambdas/myFakeQuery/versions/not_a_version",
            {"parameters": [param("param", "string", "x")]}), 404, "NOTFOUND")
        self.assertEqual(body["message"], 'Query Lambda "myFakeQuery" (version "not_a_version") '
                         'not found in workspace "commons.fake.workspace".')
        self.assertIsNone(body["line"])
        self.create("tagless", "SELECT 1 AS one")
        self.assert_error(self.client.call("POST", LAMBDAS + "/tagless/tags/prod"), 404, "NOTFOUND")

    # --- tags and deletes

    def test_tags(self):
        v1 = self.create("tagged", "SELECT 1 AS v")["version"]
        v2 = self.ok("POST", LAMBDAS + "/tagged/versions", {"sql": {"query": "SELECT 2 AS v"}})["data"]["version"]
        t = self.ok("POST", LAMBDAS + "/tagged/tags", {"tag_name": "prod", "version": v1})["data"]
        self.assertEqual(t["tag_name"], "prod")
        self.assertEqual(t["version"]["version"], v1)  # the whole version object
        self.assertEqual(self.ok("POST", LAMBDAS + "/tagged/tags/prod")["results"], [{"v": 1}])
        self.ok("POST", LAMBDAS + "/tagged/tags", {"tag_name": "prod", "version": v2})  # moves
        self.assertEqual(self.ok("POST", LAMBDAS + "/tagged/tags/prod")["results"], [{"v": 2}])
        tags = self.ok("GET", LAMBDAS + "/tagged/tags")["data"]
        self.assertEqual([t["tag_name"] for t in tags], ["latest", "prod"])
        self.assert_error(self.client.call("POST", LAMBDAS + "/tagged/tags",
                                           {"tag_name": "latest", "version": v1}), 400, "INVALIDINPUT")
        self.assert_error(self.client.call("DELETE", LAMBDAS + "/tagged/tags/latest"), 400, "INVALIDINPUT")
        self.assert_error(self.client.call("POST", LAMBDAS + "/tagged/tags",
                                           {"tag_name": "dev", "version": "ffffffffffffffff"}), 404, "NOTFOUND")
        self.assert_error(self.client.call("POST", LAMBDAS + "/tagged/tags", {"tag_name": "dev"}),
                          400, "INVALIDINPUT")
        deleted = self.ok("DELETE", LAMBDAS + "/tagged/tags/prod")["data"]
        self.assertEqual(deleted["tag_name"], "prod")
        self.assert_error(self.client.call("GET", LAMBDAS + "/tagged/tags/prod"), 404, "NOTFOUND")

    def test_delete_version_moves_latest_and_drops_its_tags(self):
        v1 = self.create("dv", "SELECT 1 AS v")["version"]
        v2 = self.ok("POST", LAMBDAS + "/dv/versions", {"sql": {"query": "SELECT 2 AS v"}})["data"]["version"]
        self.ok("POST", LAMBDAS + "/dv/tags", {"tag_name": "prod", "version": v2})
        gone = self.ok("DELETE", LAMBDAS + "/dv/version/" + v2)["data"]
        self.assertEqual(gone["version"], v2)
        self.assertEqual(self.ok("GET", LAMBDAS + "/dv/tags/latest")["data"]["version"]["version"], v1)
        self.assert_error(self.client.call("GET", LAMBDAS + "/dv/tags/prod"), 404, "NOTFOUND")
        self.ok("DELETE", LAMBDAS + "/dv/version/" + v1)
        self.assert_error(self.client.call("GET", LAMBDAS + "/dv/versions"), 404, "NOTFOUND")

    def test_delete_lambda(self):
        self.create("doomed", "SELECT 1 AS v")
        body = self.ok("DELETE", LAMBDAS + "/doomed")["data"]
        self.assertEqual(body["name"], "doomed")
        self.assertEqual(body["collections"], [])
        self.assert_error(self.client.call("DELETE", LAMBDAS + "/doomed"), 404, "NOTFOUND")
        self.assert_error(self.client.call("POST", LAMBDAS + "/doomed/tags/latest"), 404, "NOTFOUND")

    def test_invalid_sql_state_and_workspace_dependency(self):
        self.ok("POST", WS, {"name": "tmpws"})
        self.ok("POST", WS + "/tmpws/collections", {"name": "c"})
        self.ok("POST", WS + "/tmpws/lambdas", {"name": "q", "sql": {"query": "SELECT * FROM tmpws.c"}})
        self.assertEqual(self.ok("GET", WS + "/tmpws/lambdas/q/tags/latest")["data"]["version"]["state"],
                         "ACTIVE")
        self.ok("DELETE", WS + "/tmpws/collections/c")
        self.assertEqual(self.ok("GET", WS + "/tmpws/lambdas/q/tags/latest")["data"]["version"]["state"],
                         "INVALID_SQL")
        self.assert_error(self.client.call("DELETE", WS + "/tmpws"), 409, "DEPENDENTRESOURCES")
        self.ok("DELETE", WS + "/tmpws/lambdas/q")
        self.ok("DELETE", WS + "/tmpws")

    def test_lists(self):
        self.create("listed", "SELECT 1 AS v")
        in_ws = [l["name"] for l in self.ok("GET", LAMBDAS)["data"]]
        self.assertIn("listed", in_ws)
        everywhere = self.ok("GET", "/v1/orgs/self/lambdas")["data"]
        self.assertIn(("lam", "listed"), [(l["workspace"], l["name"]) for l in everywhere])
        self.assert_error(self.client.call("GET", WS + "/nope/lambdas"), 404, "NOTFOUND")

    # --- public lambdas

    def test_public_lambda_needs_no_key(self):
        v = self.create("pub", "SELECT :who AS who", [param("who", "string", "world")], is_public=True)
        self.assertIsNotNone(v["public_access_id"])
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            def post(path, payload):
                conn.request("POST", path, body=json.dumps(payload),
                             headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                return response.status, json.loads(response.read())
            status, r = post("/v1/public/shared_lambdas/" + v["public_access_id"],
                             {"parameters": [param("who", "string", "you")]})
            self.assertEqual(status, 200, r)
            self.assertEqual(r["results"], [{"who": "you"}])
            status, r = post("/v1/public/shared_lambdas/not-an-id", {})
            self.assertEqual((status, r["type"]), (404, "NOTFOUND"))
            # Everything else still needs a key.
            status, r = post(LAMBDAS + "/pub/tags/latest", {})
            self.assertEqual((status, r["type"]), (401, "AUTHEXCEPTION"))
        finally:
            conn.close()
        private = self.create("priv", "SELECT 1 AS v")
        self.assertIsNone(private["public_access_id"])

    # --- virtual instances and deployment settings

    def test_virtual_instances(self):
        vis = self.ok("GET", "/v1/orgs/self/virtualinstances")["data"]
        self.assertEqual(len(vis), 1)
        vi = vis[0]
        self.assertEqual((vi["name"], vi["default_vi"], vi["state"]), ("main", True, "ACTIVE"))
        base = "/v1/orgs/self/virtualinstances/"
        self.assertEqual(self.ok("GET", base + vi["id"])["data"]["id"], vi["id"])
        self.assertEqual(self.ok("GET", base + vi["rrn"])["data"]["id"], vi["id"])
        self.assert_error(self.client.call("GET", base + "nope"), 404, "NOTFOUND")
        r = self.ok("POST", base + vi["id"] + "/queries", {"sql": {"query": "SELECT COUNT(*) AS c FROM lam.events"}})
        self.assertEqual(r["results"], [{"c": 30}])
        self.assertIsNotNone(self.ok("GET", base + vi["id"])["data"]["stats"]["last_queried_ms"])
        self.assertIsInstance(self.ok("GET", base + vi["id"] + "/queries")["data"], list)
        updated = self.ok("POST", base + vi["id"], {"description": "the server"})["data"]
        self.assertEqual(updated["description"], "the server")
        self.assert_error(self.client.call("POST", base + vi["id"], {"new_size": "LARGE"}), 501, "NOTIMPLEMENTEDYET")
        self.assert_error(self.client.call("POST", base + vi["id"], {"new_size": "HUGE"}), 400, "INVALIDINPUT")
        self.assert_error(self.client.call("POST", "/v1/orgs/self/virtualinstances", {"name": "other"}),
                          501, "NOTIMPLEMENTEDYET")
        self.assert_error(self.client.call("POST", "/v1/orgs/self/virtualinstances", {"type": "LARGE"}),
                          400, "INVALIDINPUT")
        self.assert_error(self.client.call("DELETE", base + vi["id"]), 400, "INVALIDINPUT")
        self.assert_error(self.client.call("POST", base + vi["id"] + "/suspend"), 400, "INVALIDINPUT")
        self.assertEqual(self.ok("POST", base + vi["id"] + "/resume")["data"]["state"], "ACTIVE")
        mounts = self.ok("GET", base + vi["id"] + "/mounts")["data"]
        self.assertIn("lam.events", [m["collection_path"] for m in mounts])
        m = self.ok("GET", base + vi["id"] + "/mounts/lam.events")["data"]
        self.assertEqual((m["state"], m["virtual_instance_id"]), ("ACTIVE", vi["id"]))
        body = self.assert_error(self.client.call("GET", base + vi["id"] + "/mounts/lam.nothing"),
                                 404, "NOTFOUND")
        self.assertRegex(body["message"], "Collection .* is not mounted on virtual instance .*")
        # Fences on a mount are the collection's: a write's offset has passed at once.
        write = self.ok("POST", WS + "/lam/collections/events/docs", {"data": [{"_id": "fence"}]})
        fenced = self.ok("POST", base + vi["id"] + "/mounts/lam.events/offsets/commit",
                         {"name": [write["last_offset"]]})
        self.assertEqual(fenced["data"], {"fence": write["last_offset"], "passed": True})
        self.assertIn("commit", fenced["offsets"])
        self.ok("DELETE", WS + "/lam/collections/events/docs", {"data": [{"_id": "fence"}]})
        self.assert_error(self.client.call("POST", base + vi["id"] + "/mounts/lam.nothing/offsets/commit",
                                           {"name": []}), 404, "NOTFOUND")
        # A lambda may name the VI it runs on.
        self.create("onvi", "SELECT 1 AS v")
        self.ok("POST", LAMBDAS + "/onvi/tags/latest", {"virtual_instance_id": vi["id"]})
        self.assert_error(self.client.call("POST", LAMBDAS + "/onvi/tags/latest",
                                           {"virtual_instance_id": "nope"}), 404, "NOTFOUND")

    def test_deployment_settings(self):
        vi = self.ok("GET", "/v1/orgs/self/virtualinstances")["data"][0]
        got = self.ok("GET", "/v1/orgs/self/deploymentsettings")["data"]
        self.assertEqual(got["default_query_vi"], vi["rrn"])
        status, body = self.client.call("PUT", "/v1/orgs/self/deploymentsettings",
                                        {"default_query_vi": vi["id"]})
        self.assertEqual(status, 202, body)
        self.assertEqual(body["data"]["default_query_vi"], vi["rrn"])
        self.assert_error(self.client.call("PUT", "/v1/orgs/self/deploymentsettings",
                                           {"default_query_vi": "rrn:vi:use1a1:nope"}), 404, "NOTFOUND")
        self.assert_error(self.client.call("PUT", "/v1/orgs/self/deploymentsettings", {}),
                          400, "INVALIDINPUT")

    # --- scheduled lambdas

    def test_scheduled_lambda_validation(self):
        self.create("sched_v", "SELECT 1 AS v")
        base = WS + "/lam/scheduled_lambdas"
        good = {"ql_name": "sched_v", "cron_string": "0 * * * *", "tag": "latest"}
        for bad, status, type_ in [
            (dict(good, cron_string="61 * * * *"), 400, "INVALIDINPUT"),
            (dict(good, cron_string="* * *"), 400, "INVALIDINPUT"),
            ({"ql_name": "sched_v", "cron_string": "0 * * * *"}, 400, "INVALIDINPUT"),
            (dict(good, version="0123456789abcdef"), 400, "INVALIDINPUT"),
            (dict(good, ql_name="nope"), 404, "NOTFOUND"),
            (dict(good, tag="nope"), 404, "NOTFOUND"),
            (dict(good, apikey="not-a-key"), 400, "INVALIDINPUT"),
            (dict(good, total_times_to_execute=0), 400, "INVALIDINPUT"),
            (dict(good, webhook_url="ftp://x"), 400, "INVALIDINPUT"),
            (dict(good, webhook_url="https://example.com/hook"), 501, "NOTIMPLEMENTEDYET"),
        ]:
            self.assert_error(self.client.call("POST", base, bad), status, type_)
        made = self.ok("POST", base, dict(good, apikey=API_KEY, total_times_to_execute=3))["data"]
        self.assertTrue(made["rrn"].startswith("rrn:sl:"))
        self.assertEqual((made["execution_count"], made["total_times_to_execute"]), (0, 3))
        self.assertTrue(made["next_execution_date"].endswith(":00:00Z"), made)
        got = self.ok("GET", base + "/" + made["rrn"])["data"]
        self.assertEqual(got["ql_name"], "sched_v")
        updated = self.ok("POST", base + "/" + made["rrn"],
                          {"total_times_to_execute": 5, "webhook_payload": "x"})["data"]
        self.assertEqual((updated["total_times_to_execute"], updated["webhook_payload"]), (5, "x"))
        listed = self.ok("GET", "/v1/orgs/self/lambdas/scheduled_lambdas")["data"]
        self.assertIn(made["rrn"], [s["rrn"] for s in listed])
        self.assert_error(self.client.call("GET", WS + "/commons/scheduled_lambdas/" + made["rrn"]),
                          404, "NOTFOUND")
        self.ok("DELETE", base + "/" + made["rrn"])
        self.assert_error(self.client.call("GET", base + "/" + made["rrn"]), 404, "NOTFOUND")

    def test_scheduled_lambda_runs_and_calls_the_webhook(self):
        received = []

        class Hook(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                received.append((self.path, self.headers.get("Authorization"),
                                 self.rfile.read(length).decode()))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        hook = http.server.HTTPServer(("127.0.0.1", 0), Hook)
        thread = threading.Thread(target=hook.serve_forever, daemon=True)
        thread.start()
        try:
            self.ok("POST", WS, {"name": "schedws"})
            self.ok("POST", WS + "/schedws/lambdas", {"name": "count", "sql": {
                "query": "SELECT COUNT(*) AS c FROM lam.events WHERE kind = :k",
                "default_parameters": [param("k", "string", "view")]}})
            made = self.ok("POST", WS + "/schedws/scheduled_lambdas", {
                "ql_name": "count", "cron_string": "* * * * *", "tag": "latest",
                "total_times_to_execute": 1,
                "webhook_url": "http://127.0.0.1:%d/hook" % hook.server_port,
                "webhook_auth_header": "Bearer s3cret",
                "webhook_payload": '{"id": "{{QUERY_ID}}", "rows": {{QUERY_RESULTS}}}'})["data"]
            self.assertNotIn("webhook_auth_header", made)
            path = WS + "/schedws/scheduled_lambdas/" + made["rrn"]
            deadline = time.time() + 75  # the next whole minute, plus slack
            while time.time() < deadline:
                got = self.ok("GET", path)["data"]
                if got["execution_count"] >= 1 and received:
                    break
                time.sleep(0.25)
            self.assertEqual(got["execution_count"], 1, got)
            self.assertIsNotNone(got["last_query_id"])
            self.assertIsNotNone(got["last_completion_date"])
            self.assertIsNone(got["next_execution_date"])  # total_times_to_execute reached
            self.assertIsNone(got["query_execution_status"])
            self.assertEqual(len(received), 1)
            hook_path, auth, payload = received[0]
            self.assertEqual((hook_path, auth), ("/hook", "Bearer s3cret"))
            self.assertEqual(json.loads(payload), {"id": got["last_query_id"], "rows": [{"c": 10}]})
            # The run shows in the lambda's stats and its query can be looked up.
            stats = self.ok("GET", WS + "/schedws/lambdas/count/tags/latest")["data"]["version"]["stats"]
            self.assertIsNotNone(stats["last_executed"])
            info = self.ok("GET", "/v1/orgs/self/queries/" + got["last_query_id"])["data"]
            self.assertEqual(info["status"], "COMPLETED")
            # A workspace holding a scheduled lambda cannot be deleted.
            self.ok("DELETE", WS + "/schedws/lambdas/count")
            self.assert_error(self.client.call("DELETE", WS + "/schedws"), 409, "DEPENDENTRESOURCES")
            self.ok("DELETE", path)
            self.ok("DELETE", WS + "/schedws")
        finally:
            hook.shutdown()
            hook.server_close()


class LambdaPersistenceTest(unittest.TestCase):
    """Acknowledged lambdas, tags, stats and scheduled lambdas survive kill -9."""

    def test_survives_kill_9(self):
        data_dir = tempfile.mkdtemp(prefix="basalt-lambdas-crash-")
        try:
            server = Server(data_dir, API_KEY)
            client = Client(server.port, API_KEY)
            status, v1 = client.call("POST", WS + "/commons/lambdas",
                                     {"name": "keep", "sql": {"query": "SELECT :x AS x",
                                                              "default_parameters": [param("x", "int", "7")]}})
            self.assertEqual(status, 200, v1)
            status, v2 = client.call("POST", WS + "/commons/lambdas/keep/versions",
                                     {"sql": {"query": "SELECT 2 AS x"}})
            self.assertEqual(status, 200, v2)
            client.call("POST", WS + "/commons/lambdas/keep/tags",
                        {"tag_name": "prod", "version": v1["data"]["version"]})
            client.call("POST", WS + "/commons/lambdas/keep/tags/prod")
            status, sched = client.call("POST", WS + "/commons/scheduled_lambdas",
                                        {"ql_name": "keep", "cron_string": "0 0 1 1 *", "tag": "prod"})
            self.assertEqual(status, 200, sched)
            client.close()
            server.proc.kill()
            server.proc.wait()

            server = Server(data_dir, API_KEY)
            client = Client(server.port, API_KEY)
            status, tag = client.call("GET", WS + "/commons/lambdas/keep/tags/prod")
            self.assertEqual(status, 200, tag)
            self.assertEqual(tag["data"]["version"]["version"], v1["data"]["version"])
            self.assertIsNotNone(tag["data"]["version"]["stats"]["last_executed"])
            status, r = client.call("POST", WS + "/commons/lambdas/keep/tags/prod")
            self.assertEqual(r["results"], [{"x": 7}])
            status, latest = client.call("GET", WS + "/commons/lambdas/keep/tags/latest")
            self.assertEqual(latest["data"]["version"]["version"], v2["data"]["version"])
            status, got = client.call("GET", WS + "/commons/scheduled_lambdas/" + sched["data"]["rrn"])
            self.assertEqual(status, 200, got)
            self.assertEqual(got["data"]["cron_string"], "0 0 1 1 *")
            status, vis = client.call("GET", "/v1/orgs/self/virtualinstances")
            self.assertEqual(len(vis["data"]), 1)
            client.close()
            server.stop()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
