#!/usr/bin/env python3
"""Role-based access control end to end (api.md §15) over raw HTTP against `basalt serve`.

Table-driven: for every privilege a route of the server needs, one key whose role grants
exactly that privilege makes the call (allowed: not 403), and one key whose role grants
every OTHER privilege of the table makes the same call first (denied: 403 FORBIDDEN, and
nothing changes). Then the built-in roles, workspace-scoped custom roles (a key scoped to
one workspace cannot list, get or query another), SQL reads checked per workspace, a key
acting within its owner's roles, suspended / expired / deleted keys (401), users and roles
management, CURRENT_USER() / CURRENT_ROLE(), and persistence across kill -9.

python3 stdlib only; the binary comes from BASALT_BIN, else the newest build dir's.
"""

import datetime
import os
import shutil
import signal
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

ROOT_KEY = "rbac-test-root-key-0123456789"
ORG = "/v1/orgs/self"
WS = ORG + "/ws"
ERROR_KEYS = {"message", "message_key", "type", "line", "column", "trace_id", "error_id",
              "query_id", "virtual_instance_rrn", "virtual_instance_id", "internal_errors"}

S3 = {"aws_access_key": {"aws_access_key_id": "AKIAEXAMPLE", "aws_secret_access_key": "s3cr3t"}}


def query(sql):
    return {"sql": {"query": sql}}


def iso_in(seconds):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# One row per privilege: (action, resource_name or None, method, path, body). The allowed
# call is made after the denied one, so each row's allowed call must work on the state the
# setup made (each row uses its own objects).
PRIVILEGE_ROWS = [
    ("GET_ORG_GLOBAL", None, "GET", ORG, None),
    ("GET_CURRENT_USER_GLOBAL", None, "GET", ORG + "/users/self", None),
    ("INVITE_USER_GLOBAL", None, "POST", ORG + "/users", {"email": "invited@x.com", "roles": []}),
    ("DELETE_USER_GLOBAL", None, "DELETE", ORG + "/users/victim@x.com", None),
    ("LIST_USERS_GLOBAL", None, "GET", ORG + "/users", None),
    ("CREATE_WS_GLOBAL", None, "POST", WS, {"name": "made_by_priv"}),
    ("LIST_WS_GLOBAL", None, "GET", WS, None),
    ("CREATE_INTEGRATION_GLOBAL", None, "POST", ORG + "/integrations", {"name": "made_i", "s3": S3}),
    ("DELETE_INTEGRATION_GLOBAL", None, "DELETE", ORG + "/integrations/doomed_i", None),
    ("LIST_INTEGRATIONS_GLOBAL", None, "GET", ORG + "/integrations", None),
    ("CREATE_API_KEY_GLOBAL", None, "POST", ORG + "/users/self/apikeys", {"name": "own-key"}),
    ("CREATE_ROLE_GLOBAL", None, "POST", ORG + "/roles", {"role_name": "made_role"}),
    ("UPDATE_ROLE_GLOBAL", None, "POST", ORG + "/roles/spare_role", {"description": "changed"}),
    ("DELETE_ROLE_GLOBAL", None, "DELETE", ORG + "/roles/doomed_role", None),
    ("LIST_ROLES_GLOBAL", None, "GET", ORG + "/roles", None),
    ("DELETE_WS", "ws_doomed", "DELETE", WS + "/ws_doomed", None),
    ("LIST_RESOURCES_WS", "ws_a", "GET", WS + "/ws_a/collections", None),
    ("QUERY_DATA_WS", "ws_a", "POST", ORG + "/queries", query("SELECT COUNT(*) n FROM ws_a.c1")),
    ("WRITE_DATA_WS", "ws_a", "POST", WS + "/ws_a/collections/c1/docs", {"data": [{"_id": "w"}]}),
    ("CREATE_COLLECTION_WS", "ws_a", "POST", WS + "/ws_a/collections", {"name": "made_c"}),
    ("UPDATE_COLLECTION_WS", "ws_a", "PUT", WS + "/ws_a/collections/c1", {"description": "d"}),
    ("DELETE_COLLECTION_WS", "ws_a", "DELETE", WS + "/ws_a/collections/doomed_c", None),
    ("CREATE_ALIAS_WS", "ws_a", "POST", WS + "/ws_a/aliases",
     {"name": "al_made", "collections": ["ws_a.c1"]}),
    ("DELETE_ALIAS_WS", "ws_a", "DELETE", WS + "/ws_a/aliases/doomed_al", None),
    ("CREATE_VIEW_WS", "ws_a", "POST", WS + "/ws_a/views", {"name": "v_made", "query": "SELECT 1 AS one"}),
    ("DELETE_VIEW_WS", "ws_a", "DELETE", WS + "/ws_a/views/doomed_v", None),
    ("CREATE_QUERY_LAMBDA_WS", "ws_a", "POST", WS + "/ws_a/lambdas",
     {"name": "ql_made", "sql": {"query": "SELECT 1 AS one"}}),
    ("DELETE_QUERY_LAMBDA_WS", "ws_a", "DELETE", WS + "/ws_a/lambdas/doomed_ql", None),
    # The lambda reads ws_b: executing it needs no QUERY_DATA_WS there.
    ("EXECUTE_QUERY_LAMBDA_WS", "ws_a", "POST", WS + "/ws_a/lambdas/reads_b/tags/latest", {}),
    ("LIST_VI_GLOBAL", None, "GET", ORG + "/virtualinstances", None),
    ("UPDATE_VI", None, "POST", ORG + "/virtualinstances/{vi}", {"description": "d"}),
    ("SUSPEND_RESUME_VI", None, "POST", ORG + "/virtualinstances/{vi}/resume", None),
    ("CREATE_SCHEDULED_LAMBDA_WS", "ws_a", "POST", WS + "/ws_a/scheduled_lambdas",
     {"ql_name": "sched_ql", "tag": "latest", "cron_string": "@hourly"}),
    ("DELETE_SCHEDULED_LAMBDA_WS", "ws_a", "DELETE", WS + "/ws_a/scheduled_lambdas/{sl_rrn}", None),
    ("QUERY_VI", None, "POST", ORG + "/virtualinstances/{vi}/queries", query("SELECT 1 AS one")),
    ("UPDATE_DEPLOYMENT_DEFAULT_QUERY_VI", None, "PUT", ORG + "/deploymentsettings",
     {"default_query_vi": "{vi_rrn}"}),
]


class RbacTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="basalt-rbac-")
        cls.server = Server(cls.data_dir, ROOT_KEY)
        cls.root = Client(cls.server.port, ROOT_KEY)
        cls.clients = []
        for ws in ("ws_a", "ws_b", "ws_doomed"):
            cls.ok("POST", WS, {"name": ws})
        for ws, coll in (("ws_a", "c1"), ("ws_b", "c2"), ("ws_a", "doomed_c")):
            cls.ok("POST", f"{WS}/{ws}/collections", {"name": coll})
        cls.ok("POST", f"{WS}/ws_a/collections/c1/docs", {"data": [{"_id": "a1", "v": 1}]})
        cls.ok("POST", f"{WS}/ws_b/collections/c2/docs", {"data": [{"_id": "b1", "v": 2}]})
        cls.ok("POST", ORG + "/integrations", {"name": "doomed_i", "s3": S3})
        cls.ok("POST", ORG + "/users", {"email": "victim@x.com", "roles": []})
        for role in ("spare_role", "doomed_role"):
            cls.ok("POST", ORG + "/roles", {"role_name": role})
        cls.ok("POST", WS + "/ws_a/aliases", {"name": "doomed_al", "collections": ["ws_a.c1"]})
        cls.ok("POST", WS + "/ws_a/aliases", {"name": "to_b", "collections": ["ws_b.c2"]})
        cls.ok("POST", WS + "/ws_a/views", {"name": "doomed_v", "query": "SELECT 1 AS one"})
        cls.ok("POST", WS + "/ws_a/views", {"name": "view_b", "query": "SELECT v FROM ws_b.c2"})
        cls.ok("POST", WS + "/ws_a/lambdas", {"name": "doomed_ql", "sql": {"query": "SELECT 1 AS one"}})
        cls.ok("POST", WS + "/ws_a/lambdas", {"name": "reads_b",
                                              "sql": {"query": "SELECT v FROM ws_b.c2"}})
        cls.ok("POST", WS + "/ws_a/lambdas", {"name": "sched_ql", "sql": {"query": "SELECT 1 AS one"}})
        cls.sl_rrn = cls.ok("POST", WS + "/ws_a/scheduled_lambdas", {
            "ql_name": "sched_ql", "tag": "latest", "cron_string": "@hourly"})["data"]["rrn"]
        vi = cls.ok("GET", ORG + "/virtualinstances")["data"][0]
        cls.vi_id, cls.vi_rrn = vi["id"], vi["rrn"]

    @classmethod
    def tearDownClass(cls):
        for client in cls.clients:
            client.close()
        cls.root.close()
        cls.server.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)

    @classmethod
    def ok(cls, method, path, body=None):
        status, answer = cls.root.call(method, path, body)
        assert status == 200, (method, path, status, answer)
        return answer

    @classmethod
    def client(cls, key):
        client = Client(cls.server.port, key)
        cls.clients.append(client)
        return client

    @classmethod
    def make_principal(cls, name, privileges=None, builtin=None, key_role=None):
        """A user `name`@x.com with one role (a new custom role with `privileges`, or the
        built-in `builtin`) and a key with `key_role` (default: that role); returns a client."""
        role = builtin
        if role is None:
            role = "r_" + name
            cls.ok("POST", ORG + "/roles", {"role_name": role, "privileges": privileges})
        email = f"{name}@x.com"
        cls.ok("POST", ORG + "/users", {"email": email, "roles": [role]})
        body = {"name": "k", "created_by": email}
        if key_role != "":
            body["role"] = key_role or role
        made = cls.ok("POST", ORG + "/users/self/apikeys", body)
        return cls.client(made["data"]["key"])

    def expect_error(self, answer, status, error_type):
        got_status, body = answer
        self.assertEqual(got_status, status, body)
        self.assertEqual(body.get("type"), error_type, body)
        self.assertEqual(set(body), ERROR_KEYS)
        self.assertTrue(body["trace_id"])

    # --- One allowed and one denied call per privilege.

    def test_each_privilege_allows_and_its_absence_denies(self):
        def privilege(action, resource):
            return {"action": action, "resource_name": resource or "*ALL*"}

        for index, (action, resource, method, path, body) in enumerate(PRIVILEGE_ROWS):
            path = path.replace("{vi}", self.vi_id).replace("{sl_rrn}", self.sl_rrn)
            if body and body.get("default_query_vi") == "{vi_rrn}":
                body = {"default_query_vi": self.vi_rrn}
            with self.subTest(action=action):
                others = [privilege(a, r) for (a, r, *_rest) in PRIVILEGE_ROWS if a != action]
                denied = self.make_principal(f"deny{index}", others)
                self.expect_error(denied.call(method, path, body), 403, "FORBIDDEN")
                allowed = self.make_principal(f"allow{index}", [privilege(action, resource)])
                status, answer = allowed.call(method, path, body)
                self.assertIn(status, (200, 202), (action, answer))

        # The denied calls changed nothing; the allowed ones did.
        self.assertEqual(self.root.call("GET", WS + "/made_by_priv")[0], 200)
        self.assertEqual(self.root.call("GET", WS + "/ws_doomed")[0], 404)
        self.assertEqual(self.root.call("GET", ORG + "/roles/doomed_role")[0], 404)
        self.assertEqual(self.root.call("GET", WS + "/ws_a/views/doomed_v")[0], 404)
        self.assertEqual(self.root.call("GET", WS + "/ws_a/aliases/al_made")[0], 200)
        self.assertEqual(self.root.call("GET", WS + "/ws_a/scheduled_lambdas/" + self.sl_rrn)[0], 404)

    def test_grant_revoke_needs_its_own_privilege(self):
        self.ok("POST", ORG + "/users", {"email": "target@x.com", "roles": []})
        inviter = self.make_principal("inviter", [{"action": "INVITE_USER_GLOBAL"}])
        self.expect_error(inviter.call("POST", ORG + "/users/target@x.com", {"roles": ["member"]}),
                          403, "FORBIDDEN")
        self.expect_error(inviter.call("POST", ORG + "/users", {"email": "t2@x.com",
                                                                "roles": ["member"]}),
                          403, "FORBIDDEN")
        granter = self.make_principal("granter", [{"action": "INVITE_USER_GLOBAL"},
                                                  {"action": "GRANT_REVOKE_ROLE_GLOBAL"},
                                                  {"action": "LIST_WS_GLOBAL"}])
        self.ok("POST", ORG + "/roles", {"role_name": "lister",
                                         "privileges": [{"action": "LIST_WS_GLOBAL"}]})
        status, user = granter.call("POST", ORG + "/users/target@x.com", {"roles": ["lister"]})
        self.assertEqual(status, 200, user)
        self.assertEqual(user["roles"], ["lister"])
        # Nobody grants more than they hold.
        self.expect_error(granter.call("POST", ORG + "/users/target@x.com", {"roles": ["member"]}),
                          403, "FORBIDDEN")
        self.assertEqual(self.root.call("GET", ORG + "/users/target@x.com")[1]["roles"], ["lister"])

    def test_roles_cannot_hand_out_more_than_their_maker_holds(self):
        maker = self.make_principal("maker", [{"action": "CREATE_ROLE_GLOBAL"},
                                              {"action": "UPDATE_ROLE_GLOBAL"},
                                              {"action": "QUERY_DATA_WS", "resource_name": "ws_a"}])
        self.expect_error(maker.call("POST", ORG + "/roles", {
            "role_name": "grab", "privileges": [{"action": "ALL_GLOBAL_ACTIONS"}]}),
            403, "FORBIDDEN")
        self.expect_error(maker.call("POST", ORG + "/roles", {
            "role_name": "grab", "privileges": [{"action": "QUERY_DATA_WS"}]}), 403, "FORBIDDEN")
        status, role = maker.call("POST", ORG + "/roles", {
            "role_name": "grab", "privileges": [{"action": "QUERY_DATA_WS",
                                                 "resource_name": "ws_a"}]})
        self.assertEqual(status, 200, role)
        self.expect_error(maker.call("POST", ORG + "/roles/grab", {
            "privileges": [{"action": "WRITE_DATA_WS", "resource_name": "ws_a"}]}),
            403, "FORBIDDEN")
        self.assertEqual(self.root.call("GET", ORG + "/roles/grab")[1]["data"]["privileges"],
                         [{"action": "QUERY_DATA_WS", "resource_name": "ws_a", "cluster": "*ALL*"}])

    # --- Built-in roles.

    def test_builtin_roles(self):
        member = self.make_principal("mem", builtin="member")
        read_only = self.make_principal("ro", builtin="read-only")
        admin = self.make_principal("adm", builtin="admin")
        cases = [
            # (client, method, path, body, expected status)
            (member, "POST", WS, {"name": "member_ws"}, 200),
            (member, "POST", WS + "/ws_a/collections/c1/docs", {"data": [{"_id": "m"}]}, 200),
            (member, "POST", ORG + "/integrations", {"name": "member_i", "s3": S3}, 200),
            (member, "GET", ORG + "/users", None, 200),
            (member, "POST", ORG + "/users", {"email": "nope@x.com", "roles": []}, 403),
            (member, "POST", ORG + "/roles", {"role_name": "nope"}, 403),
            (member, "GET", ORG + "/users/admin@basalt.local/apikeys", None, 403),
            (read_only, "GET", WS, None, 200),
            (read_only, "GET", WS + "/ws_b/collections/c2", None, 200),
            (read_only, "POST", ORG + "/queries", query("SELECT * FROM ws_b.c2"), 200),
            (read_only, "GET", ORG + "/integrations", None, 200),
            (read_only, "GET", ORG + "/roles", None, 200),
            (read_only, "POST", WS + "/ws_a/collections/c1/docs", {"data": [{"_id": "r"}]}, 403),
            (read_only, "DELETE", WS + "/ws_a/collections/c1/docs", {"data": [{"_id": "a1"}]}, 403),
            (read_only, "POST", WS + "/ws_a/collections", {"name": "ro_c"}, 403),
            (read_only, "DELETE", WS + "/ws_a/collections/c1", None, 403),
            (read_only, "POST", WS, {"name": "ro_ws"}, 403),
            (read_only, "POST", ORG + "/integrations", {"name": "ro_i", "s3": S3}, 403),
            (read_only, "GET", ORG + "/users", None, 403),
            (admin, "POST", ORG + "/roles", {"role_name": "admin_made"}, 200),
            (admin, "GET", ORG + "/users/ro@x.com/apikeys", None, 200),
        ]
        for client, method, path, body, expected in cases:
            with self.subTest(method=method, path=path, expected=expected):
                status, answer = client.call(method, path, body)
                self.assertEqual(status, expected, answer)
                if expected == 403:
                    self.assertEqual(answer["type"], "FORBIDDEN")
        # The refused writes left the data as it was.
        status, answer = self.root.call("POST", ORG + "/queries",
                                        query("SELECT _id FROM ws_a.c1 WHERE _id IN ('r', 'a1')"))
        self.assertEqual([row["_id"] for row in answer["results"]], ["a1"])
        self.assertEqual(self.root.call("GET", WS + "/ro_ws")[0], 404)

    # --- A key scoped to one workspace.

    def test_workspace_scoped_key_cannot_see_other_workspaces(self):
        scoped = self.make_principal("scoped", [
            {"action": "LIST_WS_GLOBAL"},
            {"action": "LIST_RESOURCES_WS", "resource_name": "ws_a"},
            {"action": "QUERY_DATA_WS", "resource_name": "ws_a"}])
        status, answer = scoped.call("POST", ORG + "/queries", query("SELECT v FROM ws_a.c1 WHERE _id = 'a1'"))
        self.assertEqual((status, answer["results"]), (200, [{"v": 1}]), answer)
        self.expect_error(scoped.call("POST", ORG + "/queries", query("SELECT v FROM ws_b.c2")),
                          403, "FORBIDDEN")
        self.expect_error(scoped.call("POST", ORG + "/queries", query(
            "SELECT a.v FROM ws_a.c1 a JOIN ws_b.c2 b ON a.v < b.v")), 403, "FORBIDDEN")
        self.expect_error(scoped.call("POST", ORG + "/queries", query(
            "SELECT v FROM ws_a.c1 WHERE v IN (SELECT v FROM ws_b.c2)")), 403, "FORBIDDEN")
        # Unqualified names resolve in commons, which the key may not read.
        self.expect_error(scoped.call("POST", ORG + "/queries", query("SELECT 1 FROM c1")),
                          403, "FORBIDDEN")
        self.expect_error(scoped.call("POST", ORG + "/queries/validations",
                                      query("SELECT v FROM ws_b.c2")), 403, "FORBIDDEN")
        self.expect_error(scoped.call("GET", WS + "/ws_b"), 403, "FORBIDDEN")
        self.expect_error(scoped.call("GET", WS + "/ws_b/collections"), 403, "FORBIDDEN")
        self.expect_error(scoped.call("GET", WS + "/ws_b/collections/c2"), 403, "FORBIDDEN")
        self.assertEqual(scoped.call("GET", WS + "/ws_a/collections/c1")[0], 200)
        # Lists across workspaces show only what the key may see.
        status, answer = scoped.call("GET", ORG + "/collections")
        self.assertEqual(status, 200, answer)
        self.assertEqual({c["workspace"] for c in answer["data"]}, {"ws_a"})
        status, answer = scoped.call("GET", WS)
        self.assertEqual([w["name"] for w in answer["data"]], ["ws_a"])
        # Aliases and views: the alias's target and what a view reads are checked too.
        self.expect_error(scoped.call("POST", ORG + "/queries", query("SELECT v FROM ws_a.to_b")),
                          403, "FORBIDDEN")
        self.expect_error(scoped.call("POST", ORG + "/queries", query("SELECT v FROM ws_a.view_b")),
                          403, "FORBIDDEN")
        status, answer = scoped.call("GET", ORG + "/aliases")
        self.assertEqual(status, 200, answer)
        self.assertEqual({a["workspace"] for a in answer["data"]}, {"ws_a"})
        status, answer = scoped.call("GET", ORG + "/lambdas")
        self.assertEqual({q["workspace"] for q in answer["data"]}, {"ws_a"})
        self.assertEqual(scoped.call("GET", ORG + "/views")[0], 200)
        # Write needs its own privilege.
        self.expect_error(scoped.call("POST", WS + "/ws_a/collections/c1/docs",
                                      {"data": [{"_id": "x"}]}), 403, "FORBIDDEN")

    def test_lambda_and_view_authors_need_query_data(self):
        author = self.make_principal("author", [
            {"action": "CREATE_QUERY_LAMBDA_WS", "resource_name": "ws_a"},
            {"action": "CREATE_VIEW_WS", "resource_name": "ws_a"},
            {"action": "QUERY_DATA_WS", "resource_name": "ws_a"}])
        self.assertEqual(author.call("POST", WS + "/ws_a/lambdas", {
            "name": "reads_a", "sql": {"query": "SELECT v FROM ws_a.c1"}})[0], 200)
        self.expect_error(author.call("POST", WS + "/ws_a/lambdas", {
            "name": "sneaky", "sql": {"query": "SELECT v FROM ws_b.c2"}}), 403, "FORBIDDEN")
        self.expect_error(author.call("POST", WS + "/ws_a/views", {
            "name": "sneaky_v", "query": "SELECT v FROM ws_b.c2"}), 403, "FORBIDDEN")
        self.assertEqual(self.root.call("GET", WS + "/ws_a/lambdas/sneaky")[0], 404)
        self.assertEqual(self.root.call("GET", WS + "/ws_a/views/sneaky_v")[0], 404)
        # Executing a lambda needs EXECUTE_QUERY_LAMBDA_WS only, and runs as the caller.
        runner = self.make_principal("lrunner", [
            {"action": "EXECUTE_QUERY_LAMBDA_WS", "resource_name": "ws_a"}])
        status, answer = runner.call("POST", WS + "/ws_a/lambdas/reads_b/tags/latest", {})
        self.assertEqual((status, answer.get("results")), (200, [{"v": 2}]), answer)
        self.expect_error(runner.call("POST", ORG + "/queries", query("SELECT v FROM ws_b.c2")),
                          403, "FORBIDDEN")

    def test_sql_session_functions(self):
        reader = self.make_principal("who", builtin="read-only")
        status, answer = reader.call("POST", ORG + "/queries",
                                     query("SELECT CURRENT_USER() u, CURRENT_ROLE() r"))
        self.assertEqual(status, 200, answer)
        self.assertEqual(answer["results"], [{"u": "who@x.com", "r": "read-only"}])
        plain = self.make_principal("plain", builtin="member", key_role="")
        status, answer = plain.call("POST", ORG + "/queries", query("SELECT CURRENT_ROLE() r"))
        self.assertEqual(answer["results"], [{"r": "member"}])

    def test_queries_are_their_runners(self):
        runner = self.make_principal("runner", builtin="read-only")
        other = self.make_principal("other", builtin="member")
        status, answer = runner.call("POST", ORG + "/queries", query("SELECT 1 AS one"))
        self.assertEqual(status, 200, answer)
        query_id = answer["query_id"]
        self.assertEqual(runner.call("GET", ORG + "/queries/" + query_id)[0], 200)
        self.assertEqual(runner.call("GET", ORG + "/queries/" + query_id + "/pages")[0], 200)
        self.expect_error(other.call("GET", ORG + "/queries/" + query_id), 404, "NOTFOUND")
        self.expect_error(other.call("GET", ORG + "/queries/" + query_id + "/pages"),
                          404, "NOTFOUND")
        self.expect_error(other.call("DELETE", ORG + "/queries/" + query_id), 404, "NOTFOUND")
        self.assertEqual(self.root.call("GET", ORG + "/queries/" + query_id)[0], 200)

    # --- Keys act within their owner's roles.

    def test_key_role_is_capped_by_owner(self):
        # Read-only user, admin key: still read-only.
        capped = self.make_principal("capped", builtin="read-only", key_role="admin")
        self.expect_error(capped.call("POST", WS, {"name": "capped_ws"}), 403, "FORBIDDEN")
        self.assertEqual(capped.call("GET", WS)[0], 200)
        # Admin user, read-only key: read-only.
        made = self.ok("POST", ORG + "/users/self/apikeys", {"name": "narrow", "role": "read-only"})
        narrow = self.client(made["data"]["key"])
        self.expect_error(narrow.call("POST", WS, {"name": "narrow_ws"}), 403, "FORBIDDEN")
        self.expect_error(narrow.call("GET", ORG + "/users"), 403, "FORBIDDEN")

    # --- Key life cycle.

    def test_suspended_expired_and_deleted_keys_are_401(self):
        made = self.ok("POST", ORG + "/users/self/apikeys",
                       {"name": "short", "role": "read-only", "expiry_time": iso_in(2)})
        self.assertIsNotNone(made["data"]["expiry_time"])
        short = self.client(made["data"]["key"])
        self.assertEqual(short.call("GET", WS)[0], 200)
        time.sleep(2.5)
        self.expect_error(short.call("GET", WS), 401, "AUTHEXCEPTION")
        status, listed = self.root.call("GET", ORG + "/users/self/apikeys/short")
        self.assertEqual(listed["data"]["state"], "SUSPENDED")
        # Clearing the expiry revives it.
        self.ok("POST", ORG + "/users/self/apikeys/short", {"clear_expiry_time": True})
        self.assertEqual(short.call("GET", WS)[0], 200)

        made = self.ok("POST", ORG + "/users/self/apikeys", {"name": "toggle"})
        toggle = self.client(made["data"]["key"])
        self.ok("POST", ORG + "/users/self/apikeys/toggle", {"state": "SUSPENDED"})
        self.expect_error(toggle.call("GET", WS), 401, "AUTHEXCEPTION")
        self.ok("POST", ORG + "/users/self/apikeys/toggle", {"state": "ACTIVE"})
        self.assertEqual(toggle.call("GET", WS)[0], 200)
        self.ok("DELETE", ORG + "/users/self/apikeys/toggle")
        self.expect_error(toggle.call("GET", WS), 401, "AUTHEXCEPTION")

        # Bad expiry and state values are refused.
        self.expect_error(self.root.call("POST", ORG + "/users/self/apikeys",
                                         {"name": "past", "expiry_time": "2001-01-01T00:00:00Z"}),
                          400, "INVALIDINPUT")
        self.expect_error(self.root.call("POST", ORG + "/users/self/apikeys",
                                         {"name": "bad", "expiry_time": "tomorrow"}),
                          400, "INVALIDINPUT")
        self.expect_error(self.root.call("POST", ORG + "/users/self/apikeys/short",
                                         {"state": "ASLEEP"}), 400, "INVALIDINPUT")

    def test_key_management(self):
        made = self.ok("POST", ORG + "/users/self/apikeys", {"name": "listed", "role": "member"})
        secret = made["data"]["key"]
        self.assertEqual(len(secret), 64)
        self.assertEqual(made["data"]["role"], "member")
        self.assertEqual(made["data"]["created_by"], "admin@basalt.local")
        listed = self.ok("GET", ORG + "/users/self/apikeys")["data"]
        entry = [k for k in listed if k["name"] == "listed"][0]
        self.assertEqual(entry["key"], secret[-6:])  # the secret is never shown again
        got = self.ok("GET", ORG + "/users/admin@basalt.local/apikeys/listed?reveal=true")["data"]
        self.assertEqual(got["key"], secret[-6:])
        self.assertEqual(set(got), {"name", "key", "role", "state", "created_at", "created_by",
                                    "created_by_apikey_name", "expiry_time", "last_access_time"})
        self.expect_error(self.root.call("POST", ORG + "/users/self/apikeys", {"name": "listed"}),
                          409, "ALREADYEXISTS")
        self.expect_error(self.root.call("POST", ORG + "/users/self/apikeys",
                                         {"name": "x", "role": "no_such_role"}),
                          400, "INVALIDINPUT")
        self.expect_error(self.root.call("GET", ORG + "/users/self/apikeys/none"), 404, "NOTFOUND")
        self.expect_error(self.root.call("GET", ORG + "/users/ghost@x.com/apikeys"),
                          404, "NOTFOUND")
        # A user's own keys: listed through `self` and through its email alike.
        owner = self.make_principal("owner", builtin="read-only")
        self.assertEqual(len(owner.call("GET", ORG + "/users/owner@x.com/apikeys")[1]["data"]), 1)
        self.assertEqual(owner.call("GET", ORG + "/users/self/apikeys/k")[0], 200)
        self.expect_error(owner.call("DELETE", ORG + "/users/admin@basalt.local/apikeys/listed"),
                          403, "FORBIDDEN")

    # --- Users and roles.

    def test_users_and_roles(self):
        user = self.ok("POST", ORG + "/users", {"email": "ann@x.com", "roles": ["member"],
                                                "first_name": "Ann"})["data"]
        self.assertEqual(set(user), {"email", "first_name", "last_name", "roles", "state",
                                     "created_at"})
        self.assertEqual(user["state"], "ACTIVE")
        status, bare = self.root.call("GET", ORG + "/users/ann@x.com")
        self.assertEqual((status, bare["email"]), (200, "ann@x.com"))  # bare User
        status, bare = self.root.call("POST", ORG + "/users/ann@x.com", {"last_name": "Lee"})
        self.assertEqual((bare["first_name"], bare["last_name"]), ("Ann", "Lee"))
        self.expect_error(self.root.call("POST", ORG + "/users", {"email": "ann@x.com",
                                                                  "roles": []}),
                          409, "ALREADYEXISTS")
        self.expect_error(self.root.call("POST", ORG + "/users", {"email": "bad", "roles": []}),
                          400, "INVALIDINPUT")
        self.expect_error(self.root.call("POST", ORG + "/users", {"email": "b@x.com",
                                                                  "roles": ["ghost"]}),
                          400, "INVALIDINPUT")
        self.expect_error(self.root.call("DELETE", ORG + "/users/self"), 400, "INVALIDINPUT")
        emails = [u["email"] for u in self.ok("GET", ORG + "/users")["data"]]
        self.assertIn("ann@x.com", emails)
        # Deleting a user removes its keys.
        made = self.ok("POST", ORG + "/users/self/apikeys", {"name": "ann", "created_by": "ann@x.com"})
        ann = self.client(made["data"]["key"])
        self.assertEqual(ann.call("GET", WS)[0], 200)
        self.ok("DELETE", ORG + "/users/ann@x.com")
        self.expect_error(ann.call("GET", WS), 401, "AUTHEXCEPTION")
        self.expect_error(self.root.call("GET", ORG + "/users/ann@x.com"), 404, "NOTFOUND")
        # Preferences.
        prefs = {"data": [{"notificationType": "create_apikey"}]}
        self.assertEqual(self.ok("POST", ORG + "/users/self/preferences", prefs), prefs)
        self.assertEqual(self.ok("GET", ORG + "/users/self/preferences"), prefs)

        roles = {r["role_name"]: r for r in self.ok("GET", ORG + "/roles")["data"]}
        self.assertTrue({"admin", "member", "read-only"} <= set(roles))
        self.expect_error(self.root.call("DELETE", ORG + "/roles/admin"), 400, "INVALIDINPUT")
        self.expect_error(self.root.call("POST", ORG + "/roles/read-only", {"description": "x"}),
                          400, "INVALIDINPUT")
        self.expect_error(self.root.call("POST", ORG + "/roles", {"role_name": "member"}),
                          409, "ALREADYEXISTS")
        self.expect_error(self.root.call("POST", ORG + "/roles", {
            "role_name": "badp", "privileges": [{"action": "FLY_GLOBAL"}]}), 400, "INVALIDINPUT")
        role = self.ok("POST", ORG + "/roles", {
            "role_name": "used", "description": "d",
            "privileges": [{"action": "QUERY_DATA_WS", "resource_name": "ws_a"}]})["data"]
        self.assertEqual(role["privileges"], [{"action": "QUERY_DATA_WS", "resource_name": "ws_a",
                                               "cluster": "*ALL*"}])
        self.ok("POST", ORG + "/users", {"email": "used@x.com", "roles": ["used"]})
        self.expect_error(self.root.call("DELETE", ORG + "/roles/used"), 409, "DEPENDENTRESOURCES")
        self.ok("POST", ORG + "/users/used@x.com", {"roles": []})
        self.ok("DELETE", ORG + "/roles/used")
        self.expect_error(self.root.call("GET", ORG + "/roles/used"), 404, "NOTFOUND")

    def test_unknown_and_unlisted(self):
        reader = self.make_principal("unl", builtin="read-only")
        # Endpoints not built yet still answer 501 to a valid key, 401 to none.
        self.assertEqual(reader.call("GET", ORG + "/virtualinstances")[0] in (200, 501), True)
        stranger = self.client("not-a-key")
        self.expect_error(stranger.call("GET", ORG + "/users/self"), 401, "AUTHEXCEPTION")


class RbacPersistenceTest(unittest.TestCase):
    def test_survives_kill_9(self):
        data_dir = tempfile.mkdtemp(prefix="basalt-rbac-kill-")
        try:
            server = Server(data_dir, ROOT_KEY)
            root = Client(server.port, ROOT_KEY)
            assert root.call("POST", ORG + "/roles", {"role_name": "keeper", "privileges": [
                {"action": "LIST_WS_GLOBAL"}]})[0] == 200
            assert root.call("POST", ORG + "/users", {"email": "k@x.com", "roles": ["keeper"]})[0] == 200
            status, made = root.call("POST", ORG + "/users/self/apikeys",
                                     {"name": "kk", "role": "keeper", "created_by": "k@x.com"})
            assert status == 200, made
            root.close()
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            server = Server(data_dir, ROOT_KEY)
            try:
                keeper = Client(server.port, made["data"]["key"])
                self.assertEqual(keeper.call("GET", WS)[0], 200)
                self.assertEqual(keeper.call("POST", WS, {"name": "nope"})[0], 403)
                keeper.close()
            finally:
                server.stop()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
