#!/usr/bin/env python3
"""End-to-end tests of aliases (api.md §11), views (§10) and nested workspaces (§5) against a
real `basalt serve`: every endpoint's object shape and status codes, Rockset's error bodies,
one namespace per workspace, dependent-resource refusals, queries through aliases and views,
writes refused on them, and that everything acknowledged survives kill -9.
python3 stdlib only; the binary comes from BASALT_BIN, else the newest build dir's."""

import json
import os
import shutil
import signal
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

API_KEY = "views-aliases-test-key-0123456789"
ORG = "/v1/orgs/self"
WS = ORG + "/ws"
ERROR_KEYS = {"message", "message_key", "type", "line", "column", "trace_id", "error_id",
              "query_id", "virtual_instance_rrn", "virtual_instance_id", "internal_errors"}
ALIAS_KEYS = {"name", "workspace", "description", "collections", "state", "created_at",
              "modified_at", "creator_email", "created_by_apikey_name"}
VIEW_KEYS = {"name", "workspace", "path", "description", "query_sql", "entities", "state",
             "created_at", "modified_at", "creator_email", "created_by_apikey_name",
             "owner_email"}


class ViewsAliasesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="basalt-views-aliases-")
        cls.start()
        for name, docs in (("people", [{"_id": "a", "name": "Ann", "age": 30},
                                       {"_id": "b", "name": "Bob", "age": 40},
                                       {"_id": "c", "name": "Cid", "age": 50}]),
                           ("staff", [{"_id": "z", "name": "Zed", "age": 60}])):
            cls.must("POST", f"{WS}/commons/collections", {"name": name})
            cls.must("POST", f"{WS}/commons/collections/{name}/docs", {"data": docs})

    @classmethod
    def start(cls):
        cls.server = Server(cls.data_dir, API_KEY)
        cls.client = Client(cls.server.port, API_KEY)

    @classmethod
    def must(cls, method, path, payload=None):
        status, body = cls.client.call(method, path, payload)
        assert status == 200, (method, path, status, body)
        return body

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)

    def ok(self, method, path, payload=None):
        status, body = self.client.call(method, path, payload)
        self.assertEqual(status, 200, (method, path, body))
        return body

    def assert_error(self, result, status, error_type, message_part=None):
        got_status, body = result
        self.assertEqual(got_status, status, body)
        self.assertEqual(set(body), ERROR_KEYS)
        self.assertEqual(body["type"], error_type, body)
        self.assertTrue(body["trace_id"])
        if message_part is not None:
            self.assertIn(message_part, body["message"])
        return body

    def raw_post(self, path, body):
        """POST with a body sent as is (malformed JSON)."""
        self.client.conn.request("POST", path, body=body, headers={
            "Authorization": f"ApiKey {API_KEY}", "Content-Type": "application/json"})
        response = self.client.conn.getresponse()
        return response.status, json.loads(response.read())

    def call(self, method, path, payload=None):
        return self.client.call(method, path, payload)

    def query(self, sql, **extra):
        return self.call("POST", ORG + "/queries", {"sql": {"query": sql, **extra}})

    def snapshot(self):
        """The catalog as the API shows it, without collection stats (sizes change when
        RocksDB flushes and compacts in the background)."""
        state = [self.ok("GET", ORG + path)["data"]
                 for path in ("/aliases", "/views", "/ws", "/collections")]
        for collection in state[3]:
            collection.pop("stats", None)
        return state

    def kill_and_restart(self):
        self.client.close()
        self.server.proc.send_signal(signal.SIGKILL)
        self.server.proc.communicate()
        type(self).start()

    # --- Aliases.

    def test_alias_lifecycle(self):
        created = self.ok("POST", f"{WS}/commons/aliases",
                          {"name": "al_life", "collections": ["commons.people"],
                           "description": "current people"})["data"]
        self.assertEqual(set(created), ALIAS_KEYS)
        self.assertEqual(created["name"], "al_life")
        self.assertEqual(created["workspace"], "commons")
        self.assertEqual(created["collections"], ["commons.people"])
        self.assertEqual(created["state"], "CREATED")
        self.assertEqual(created["description"], "current people")
        self.assertTrue(created["created_at"].endswith("Z"))
        self.assertEqual(created["created_by_apikey_name"], "root")
        self.assertTrue(created["creator_email"])

        got = self.ok("GET", f"{WS}/commons/aliases/al_life")["data"]
        self.assertEqual(got, created)
        self.assertIn("al_life", [a["name"] for a in self.ok("GET", f"{WS}/commons/aliases")["data"]])
        self.assertIn("al_life", [a["name"] for a in self.ok("GET", ORG + "/aliases")["data"]])
        # The collection lists the aliases that point at it.
        people = self.ok("GET", f"{WS}/commons/collections/people")["data"]
        self.assertIn("al_life", [a["name"] for a in people["aliases"]])

        body = self.query("SELECT name FROM al_life ORDER BY name")[1]
        self.assertEqual([r["name"] for r in body["results"]], ["Ann", "Bob", "Cid"])
        self.assertEqual(body["collections"], ["commons.people"])
        described = self.query("DESCRIBE al_life")[1]  # an alias describes its collection
        self.assertEqual(described["collections"], ["commons.people"])
        self.assertIn(["name"], [r["field"] for r in described["results"]])
        validated = self.ok("POST", ORG + "/queries/validations",
                            {"sql": {"query": "SELECT * FROM commons.al_life"}})
        self.assertEqual(validated["collections"], ["commons.people"])

        updated = self.ok("POST", f"{WS}/commons/aliases/al_life",
                          {"collections": ["commons.staff"]})["data"]
        self.assertEqual(updated["collections"], ["commons.staff"])
        self.assertEqual(updated["description"], "current people")  # kept when absent
        self.assertEqual(updated["created_at"], created["created_at"])
        body = self.query("SELECT name FROM al_life")[1]
        self.assertEqual(body["results"], [{"name": "Zed"}])
        self.assertEqual(body["collections"], ["commons.staff"])

        deleted = self.ok("DELETE", f"{WS}/commons/aliases/al_life")["data"]
        self.assertEqual(deleted["state"], "DELETED")
        self.assertEqual(deleted["name"], "al_life")
        self.assert_error(self.call("GET", f"{WS}/commons/aliases/al_life"), 404, "NOTFOUND")
        self.assert_error(self.call("DELETE", f"{WS}/commons/aliases/al_life"), 404, "NOTFOUND")
        self.assert_error(self.query("SELECT * FROM al_life"), 404, "NOTFOUND", "commons.al_life")

    def test_alias_errors_change_nothing(self):
        self.ok("POST", f"{WS}/commons/aliases", {"name": "al_err", "collections": ["commons.people"]})
        before = self.snapshot()
        cases = [
            ({"name": "al_err", "collections": ["commons.people"]}, 409, "ALREADYEXISTS"),
            ({"name": "people", "collections": ["commons.staff"]}, 409, "ALREADYEXISTS"),
            ({"name": "x1", "collections": ["commons.people", "commons.staff"]}, 400,
             "INVALIDINPUT"),
            ({"name": "x1", "collections": []}, 400, "INVALIDINPUT"),
            ({"name": "x1", "collections": ["people"]}, 400, "INVALIDINPUT"),
            ({"name": "x1", "collections": ["commons.bad name"]}, 400, "INVALIDINPUT"),
            ({"name": "x1"}, 400, "INVALIDINPUT"),
            ({"name": "bad name", "collections": ["commons.people"]}, 400, "INVALIDINPUT"),
            ({"collections": ["commons.people"]}, 400, "INVALIDINPUT"),
            ({"name": "x1", "collections": ["commons.missing"]}, 404, "NOTFOUND"),
            ({"name": "x1", "collections": ["nows.people"]}, 404, "NOTFOUND"),
            ({"name": "x1", "collections": ["commons.al_err"]}, 400, "INVALIDINPUT"),
            (["x"], 400, "BADREQUEST"),
        ]
        for payload, status, error_type in cases:
            with self.subTest(payload=payload):
                self.assert_error(self.call("POST", f"{WS}/commons/aliases", payload), status,
                                  error_type)
        self.assert_error(self.raw_post(f"{WS}/commons/aliases", b"{\"name\": "), 400,
                          "BADREQUEST")
        self.assert_error(self.call("POST", f"{WS}/nows/aliases",
                                    {"name": "x1", "collections": ["commons.people"]}),
                          404, "NOTFOUND")
        self.assert_error(self.call("GET", f"{WS}/nows/aliases"), 404, "NOTFOUND")
        self.assert_error(self.call("GET", f"{WS}/commons/aliases/missing"), 404, "NOTFOUND")
        self.assert_error(self.call("POST", f"{WS}/commons/aliases/missing",
                                    {"collections": ["commons.people"]}), 404, "NOTFOUND")
        self.assert_error(self.call("POST", f"{WS}/commons/aliases/al_err",
                                    {"collections": ["commons.a", "commons.b"]}),
                          400, "INVALIDINPUT", "exactly one")
        self.assert_error(self.call("POST", f"{WS}/commons/aliases/al_err",
                                    {"collections": ["commons.missing"]}), 404, "NOTFOUND")
        self.assert_error(self.call("POST", f"{WS}/commons/aliases/al_err", {}), 400,
                          "INVALIDINPUT")
        self.assert_error(self.call("PUT", f"{WS}/commons/aliases/al_err", {}), 405,
                          "METHODNOTALLOWED")
        self.assertEqual(self.snapshot(), before)
        self.ok("DELETE", f"{WS}/commons/aliases/al_err")

    def test_alias_dependents_and_writes(self):
        self.ok("POST", f"{WS}/commons/collections", {"name": "held"})
        self.ok("POST", f"{WS}", {"name": "dep_ws"})
        self.ok("POST", f"{WS}/dep_ws/aliases", {"name": "holder", "collections": ["commons.held"]})
        # A collection an alias points at cannot be deleted (our choice, docs/api.md).
        self.assert_error(self.call("DELETE", f"{WS}/commons/collections/held"), 409,
                          "DEPENDENTRESOURCES", "dep_ws.holder")
        # Nor a workspace that holds an alias.
        self.assert_error(self.call("DELETE", f"{WS}/dep_ws"), 409, "DEPENDENTRESOURCES", "alias")
        # Writes cannot target aliases.
        for method in ("POST", "DELETE"):
            self.assert_error(self.call(method, f"{WS}/dep_ws/collections/holder/docs",
                                        {"data": [{"_id": "1"}]}),
                              400, "INVALIDINPUT", "alias")
        self.assert_error(self.call("PATCH", f"{WS}/dep_ws/collections/holder/docs",
                                    {"data": [{"_id": "1", "patch": []}]}),
                          400, "INVALIDINPUT", "alias")
        self.assertEqual(self.ok("GET", f"{WS}/commons/collections/held")["data"]["stats"]["doc_count"], 0)
        # The alias reads across workspaces.
        body = self.query("SELECT COUNT(*) AS n FROM dep_ws.holder")[1]
        self.assertEqual(body["results"], [{"n": 0}])
        self.assertEqual(body["collections"], ["commons.held"])
        self.ok("DELETE", f"{WS}/dep_ws/aliases/holder")
        self.ok("DELETE", f"{WS}/commons/collections/held")
        self.ok("DELETE", f"{WS}/dep_ws")

    # --- Views.

    def test_view_lifecycle(self):
        created = self.ok("POST", f"{WS}/commons/views",
                          {"name": "v_adults", "query": "SELECT name, age FROM people WHERE age >= 40",
                           "description": "grown-ups"})["data"]
        self.assertEqual(set(created), VIEW_KEYS)
        self.assertEqual(created["path"], "commons.v_adults")
        self.assertEqual(created["query_sql"], "SELECT name, age FROM people WHERE age >= 40")
        self.assertEqual(created["entities"], ["commons.people"])
        self.assertEqual(created["state"], "CREATED")
        self.assertIsNone(created["owner_email"])
        self.assertEqual(created["created_by_apikey_name"], "root")
        self.assertEqual(self.ok("GET", f"{WS}/commons/views/v_adults")["data"], created)
        self.assertIn("v_adults", [v["name"] for v in self.ok("GET", f"{WS}/commons/views")["data"]])
        self.assertIn("commons.v_adults", [v["path"] for v in self.ok("GET", ORG + "/views")["data"]])

        self.assert_error(self.query("DESCRIBE v_adults"), 501, "NOTIMPLEMENTEDYET", "view")
        body = self.query("SELECT name FROM v_adults ORDER BY name")[1]
        self.assertEqual([r["name"] for r in body["results"]], ["Bob", "Cid"])
        self.assertEqual(body["collections"], ["commons.people"])
        # A view over a view and an alias; entities are what it names itself.
        self.ok("POST", f"{WS}/commons/aliases", {"name": "v_al", "collections": ["commons.staff"]})
        stacked = self.ok("POST", f"{WS}/commons/views", {
            "name": "v_stacked",
            "query": "SELECT name FROM commons.v_adults UNION ALL SELECT name FROM v_al"})["data"]
        self.assertEqual(stacked["entities"], ["commons.v_adults", "commons.v_al"])
        body = self.query("SELECT name FROM v_stacked ORDER BY name")[1]
        self.assertEqual([r["name"] for r in body["results"]], ["Bob", "Cid", "Zed"])
        self.assertEqual(body["collections"], ["commons.people", "commons.staff"])

        updated = self.ok("POST", f"{WS}/commons/views/v_adults",
                          {"query": "SELECT name, age FROM people WHERE age >= 50"})["data"]
        self.assertEqual(updated["description"], "grown-ups")
        self.assertEqual(updated["created_at"], created["created_at"])
        body = self.query("SELECT name FROM v_stacked ORDER BY name")[1]
        self.assertEqual([r["name"] for r in body["results"]], ["Cid", "Zed"])

        # Writes cannot target views.
        self.assert_error(self.call("POST", f"{WS}/commons/collections/v_adults/docs",
                                    {"data": [{"a": 1}]}), 400, "INVALIDINPUT", "view")
        # Deleting a view others use is allowed; they fail when queried.
        deleted = self.ok("DELETE", f"{WS}/commons/views/v_adults")["data"]
        self.assertEqual(deleted["state"], "DELETED")
        self.assert_error(self.call("GET", f"{WS}/commons/views/v_adults"), 404, "NOTFOUND")
        error = self.assert_error(self.query("SELECT *\nFROM v_stacked"), 404, "NOTFOUND",
                                  "In view 'commons.v_stacked'")
        self.assertEqual((error["line"], error["column"]), (2, 6))
        self.ok("DELETE", f"{WS}/commons/views/v_stacked")
        self.ok("DELETE", f"{WS}/commons/aliases/v_al")

    def test_view_sql_is_checked(self):
        self.ok("POST", f"{WS}/commons/views", {"name": "v_chk", "query": "SELECT 1 AS one"})
        before = self.snapshot()
        cases = [
            ("SELEC 1", "QUERY_ERROR"),
            ("SELECT :p AS x", "QUERY_ERROR"),
            ("SELECT * FROM missing_coll", "QUERY_ERROR"),
            ("SELECT COUT(*) FROM people", "QUERY_ERROR"),
            ("EXPLAIN SELECT 1", "QUERY_ERROR"),
            ("SELECT * FROM v_chk2", "QUERY_ERROR"),  # itself: a cycle
        ]
        for sql, error_type in cases:
            with self.subTest(sql=sql):
                self.assert_error(self.call("POST", f"{WS}/commons/views",
                                            {"name": "v_chk2", "query": sql}), 400, error_type)
        body = self.assert_error(self.call("POST", f"{WS}/commons/views",
                                           {"name": "v_chk2", "query": "SELECT 1 FROM\n nope"}),
                                 400, "QUERY_ERROR")
        self.assertEqual((body["line"], body["column"]), (2, 2))
        self.assert_error(self.call("POST", f"{WS}/commons/views",
                                    {"name": "v_chk", "query": "SELEC"}), 409, "ALREADYEXISTS")
        self.assert_error(self.call("POST", f"{WS}/commons/views",
                                    {"name": "people", "query": "SELECT 1"}), 409, "ALREADYEXISTS")
        self.assert_error(self.call("POST", f"{WS}/commons/views", {"name": "v_x"}), 400,
                          "INVALIDINPUT")
        self.assert_error(self.call("POST", f"{WS}/commons/views", {"query": "SELECT 1"}), 400,
                          "INVALIDINPUT")
        self.assert_error(self.call("POST", f"{WS}/commons/views", {"name": "v.x", "query": "SELECT 1"}),
                          400, "INVALIDINPUT")
        self.assert_error(self.call("POST", f"{WS}/nows/views", {"name": "v_x", "query": "SELECT 1"}),
                          404, "NOTFOUND")
        self.assert_error(self.call("POST", f"{WS}/commons/views/nope", {"query": "SELECT 1"}),
                          404, "NOTFOUND")
        self.assert_error(self.call("POST", f"{WS}/commons/views/v_chk", {}), 400, "INVALIDINPUT")
        # A cycle made by an update is refused with the chain in the message.
        self.ok("POST", f"{WS}/commons/views", {"name": "v_chk3", "query": "SELECT * FROM v_chk"})
        before = self.snapshot()
        body = self.assert_error(self.call("POST", f"{WS}/commons/views/v_chk",
                                           {"query": "SELECT * FROM commons.v_chk3"}),
                                 400, "QUERY_ERROR")
        self.assertIn("commons.v_chk -> commons.v_chk3 -> commons.v_chk", body["message"])
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.query("SELECT * FROM v_chk3")[1]["results"], [{"one": 1}])
        self.ok("DELETE", f"{WS}/commons/views/v_chk3")
        self.ok("DELETE", f"{WS}/commons/views/v_chk")

    # --- Nested workspaces.

    def test_nested_workspaces(self):
        created = self.ok("POST", WS, {"name": "n1.n2.n3", "description": "deep"})["data"]
        self.assertEqual(created["name"], "n1.n2.n3")
        names = [w["name"] for w in self.ok("GET", WS)["data"]]
        for name in ("n1", "n1.n2", "n1.n2.n3", "commons"):
            self.assertIn(name, names)
        self.assertEqual([w["name"] for w in self.ok("GET", f"{WS}/n1/ws")["data"]], ["n1.n2"])
        self.assertEqual([w["name"] for w in self.ok("GET", f"{WS}/n1.n2/ws")["data"]],
                         ["n1.n2.n3"])
        self.assertEqual(self.ok("GET", f"{WS}/n1.n2.n3/ws")["data"], [])
        self.assert_error(self.call("POST", WS, {"name": "n1.n2"}), 409, "ALREADYEXISTS")
        self.assert_error(self.call("POST", WS, {"name": "n1..n2"}), 400, "INVALIDINPUT")
        self.assert_error(self.call("GET", f"{WS}/n1.nope/ws"), 404, "NOTFOUND")

        # Collections, aliases and views live in nested workspaces; SQL names them by path.
        self.ok("POST", f"{WS}/n1.n2.n3/collections", {"name": "deep"})
        self.ok("POST", f"{WS}/n1.n2.n3/collections/deep/docs", {"data": [{"_id": "1", "v": 7}]})
        body = self.query("SELECT v FROM n1.n2.n3.deep")[1]
        self.assertEqual(body["results"], [{"v": 7}])
        self.assertEqual(body["collections"], ["n1.n2.n3.deep"])
        self.ok("POST", f"{WS}/n1/aliases", {"name": "to_deep", "collections": ["n1.n2.n3.deep"]})
        self.ok("POST", f"{WS}/n1.n2/views", {"name": "deep_view",
                                              "query": "SELECT v * 2 AS w FROM n1.to_deep"})
        self.assertEqual(self.query("SELECT w FROM n1.n2.deep_view")[1]["results"], [{"w": 14}])
        self.assertEqual(self.ok("GET", f"{WS}/n1.n2.n3")["data"]["collection_count"], 1)

        for ws, part in (("n1", "child workspace"), ("n1.n2", "view"), ("n1.n2.n3", "collection")):
            self.assert_error(self.call("DELETE", f"{WS}/{ws}"), 409, "DEPENDENTRESOURCES", part)
        self.ok("DELETE", f"{WS}/n1.n2/views/deep_view")
        self.ok("DELETE", f"{WS}/n1/aliases/to_deep")
        self.ok("DELETE", f"{WS}/n1.n2.n3/collections/deep")
        for ws in ("n1.n2.n3", "n1.n2", "n1"):
            self.ok("DELETE", f"{WS}/{ws}")
        # commons takes children and stays permanent.
        self.ok("POST", WS, {"name": "commons.fake.workspace"})
        self.assertEqual([w["name"] for w in self.ok("GET", f"{WS}/commons/ws")["data"]],
                         ["commons.fake"])
        self.assert_error(self.call("DELETE", f"{WS}/commons"), 400, "INVALIDINPUT")
        self.ok("DELETE", f"{WS}/commons.fake.workspace")
        self.ok("DELETE", f"{WS}/commons.fake")

    # --- Durability.

    def test_survives_kill_9(self):
        self.ok("POST", WS, {"name": "dur.sub"})
        self.ok("POST", f"{WS}/dur.sub/aliases", {"name": "dur_alias",
                                                   "collections": ["commons.people"]})
        self.ok("POST", f"{WS}/dur/views", {"name": "dur_view",
                                            "query": "SELECT COUNT(*) AS n FROM dur.sub.dur_alias"})
        self.ok("POST", f"{WS}/dur.sub/aliases/dur_alias", {"collections": ["commons.staff"]})
        self.kill_and_restart()
        self.assertEqual(self.ok("GET", f"{WS}/dur.sub/aliases/dur_alias")["data"]["collections"],
                         ["commons.staff"])
        self.assertEqual(self.ok("GET", f"{WS}/dur/views/dur_view")["data"]["entities"],
                         ["dur.sub.dur_alias"])
        self.assertEqual([w["name"] for w in self.ok("GET", f"{WS}/dur/ws")["data"]], ["dur.sub"])
        self.assertEqual(self.query("SELECT n FROM dur.dur_view")[1]["results"], [{"n": 1}])
        self.ok("DELETE", f"{WS}/dur/views/dur_view")
        self.ok("DELETE", f"{WS}/dur.sub/aliases/dur_alias")
        self.ok("DELETE", f"{WS}/dur.sub")
        self.ok("DELETE", f"{WS}/dur")


if __name__ == "__main__":
    unittest.main()
