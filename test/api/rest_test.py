#!/usr/bin/env python3
"""End-to-end REST API test: starts `basalt serve` and checks api.md §1-7 over real HTTP.

Bad input must get the documented HTTP status and Rockset's complete error body, and must
leave the stored data unchanged: every refused request is followed by a check of the
catalog and the documents (read back through JSON Patch `test` operations, which change
nothing, until the query API exists).

python3 stdlib only. The binary comes from BASALT_BIN, else the newest build dir's.
Usage: rest_test.py [-v] [unittest args]
"""

import http.client
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
API_KEY = "rest-test-root-key-0123456789"
ERROR_KEYS = {"message", "message_key", "type", "line", "column", "trace_id", "error_id",
              "query_id", "virtual_instance_rrn", "virtual_instance_id", "internal_errors"}
WS = "/v1/orgs/self/ws"


def find_binary():
    if os.environ.get("BASALT_BIN"):
        return os.environ["BASALT_BIN"]
    candidates = [os.path.join(REPO_ROOT, rel)
                  for rel in ("build/basalt", "build-server/basalt", "build-release/basalt")]
    candidates = [c for c in candidates if os.path.exists(c)]
    if not candidates:
        sys.exit("no basalt binary: build it or set BASALT_BIN")
    return max(candidates, key=os.path.getmtime)


class Server:
    """`basalt serve` on a kernel-chosen loopback port over `data_dir`."""

    def __init__(self, data_dir, env_key=API_KEY):
        self.data_dir = data_dir
        env = dict(os.environ)
        env.pop("BASALT_ROOT_API_KEY", None)
        if env_key is not None:
            env["BASALT_ROOT_API_KEY"] = env_key
        self.proc = subprocess.Popen(
            [find_binary(), "serve", "--data-dir", data_dir, "--listen", "127.0.0.1:0"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output = []
        deadline = time.monotonic() + 30
        self.port = None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server exited early:\n" + "".join(self.output))
            self.output.append(line)
            if "listening on http://" in line:
                self.port = int(line.split("http://", 1)[1].split()[0].rsplit(":", 1)[1])
                break
        if self.port is None:
            raise RuntimeError("server did not start:\n" + "".join(self.output))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rest, _ = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rest, _ = self.proc.communicate()
        self.output.append(rest or "")
        return self.proc.returncode


class Client:
    def __init__(self, port, key=API_KEY):
        self.port, self.key = port, key
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def close(self):
        self.conn.close()

    def raw(self, method, path, body=None, headers=None, auth=True):
        """Sends one request on the keep-alive connection; returns (status, parsed body)."""
        all_headers = dict(headers or {})
        if auth:
            all_headers.setdefault("Authorization", f"ApiKey {self.key}")
        if isinstance(body, str):
            body = body.encode()
        if body is not None:
            all_headers.setdefault("Content-Type", "application/json")
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
        except (ConnectionError, http.client.HTTPException):
            self.conn.close()
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        assert response.getheader("Content-Type") == "application/json", response.getheaders()
        assert response.getheader("Access-Control-Allow-Origin") == "*"
        return response.status, json.loads(data)

    def call(self, method, path, payload=None, **kwargs):
        body = None if payload is None else json.dumps(payload)
        return self.raw(method, path, body, **kwargs)


class RestApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="basalt-rest-test-")
        cls.server = Server(cls.data_dir)
        cls.client = Client(cls.server.port)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        code = cls.server.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)
        assert code == 0, f"server exited with {code}:\n" + "".join(cls.server.output)

    # --- helpers

    def ok(self, method, path, payload=None):
        status, body = self.client.call(method, path, payload)
        self.assertEqual(status, 200, body)
        self.assertIsInstance(body, dict)
        return body

    def assert_error(self, response, status, error_type):
        got_status, body = response
        self.assertEqual(got_status, status, body)
        self.assertEqual(set(body), ERROR_KEYS, body)
        self.assertEqual(body["type"], error_type, body)
        self.assertIsInstance(body["message"], str)
        self.assertTrue(body["message"])
        self.assertIsInstance(body["trace_id"], str)
        self.assertTrue(body["trace_id"])
        return body

    def snapshot(self):
        """What must not change when a request is refused: catalog and document counts."""
        workspaces = sorted((w["name"], w["description"], w["collection_count"])
                            for w in self.ok("GET", WS)["data"])
        # commons._events grows with every accepted change (its own test: realworld_queries).
        collections = sorted((c["workspace"], c["name"], c["rrn"], c["description"],
                              c["retention_secs"], c["stats"]["doc_count"])
                             for c in self.ok("GET", "/v1/orgs/self/collections")["data"]
                             if (c["workspace"], c["name"]) != ("commons", "_events"))
        return workspaces, collections

    def assert_doc(self, ws, coll, doc_id, fields):
        """Checks stored fields through JSON Patch `test` ops (which change nothing)."""
        patch = [{"op": "test", "path": "/" + k, "value": v} for k, v in fields.items()]
        body = self.ok("PATCH", f"{WS}/{ws}/collections/{coll}/docs",
                       {"data": [{"_id": doc_id, "patch": patch}]})
        self.assertEqual(body["data"][0]["status"], "PATCHED", body)

    def make_collection(self, name, ws="commons"):
        body = self.ok("POST", f"{WS}/{ws}/collections", {"name": name})
        self.assertEqual(body["data"]["status"], "CREATED")
        return f"{WS}/{ws}/collections/{name}"

    # --- tests

    def test_auth(self):
        before = self.snapshot()
        self.assert_error(self.client.call("GET", WS, auth=False), 401, "AUTHEXCEPTION")
        body = self.assert_error(
            self.client.call("POST", WS, {"name": "sneaky"}, headers={"Authorization": "ApiKey x"}),
            401, "AUTHEXCEPTION")
        self.assertEqual(body["message"], "Authentication Failure")
        self.assert_error(self.client.call("GET", WS, headers={"Authorization": API_KEY}),
                          401, "AUTHEXCEPTION")
        status, _ = self.client.call("GET", WS, headers={"Authorization": "apikey " + API_KEY})
        self.assertEqual(status, 200)
        self.assertEqual(self.snapshot(), before)

    def test_preflight_and_routing(self):
        status, body = self.client.raw("OPTIONS", WS, auth=False,
                                       headers={"Access-Control-Request-Method": "POST"})
        self.assertEqual(status, 200)
        self.assert_error(self.client.call("GET", "/v1/orgs/self/nope"), 404, "NOTFOUND")
        self.assert_error(self.client.call("PATCH", WS), 405, "METHODNOTALLOWED")
        self.assert_error(self.client.call(
            "GET", "/v1/orgs/self/ws/commons/collections/c/snapshots"), 501, "NOTIMPLEMENTEDYET")
        # HEAD answers headers only; the keep-alive connection stays usable.
        self.client.conn.request("HEAD", WS, headers={"Authorization": f"ApiKey {API_KEY}"})
        head = self.client.conn.getresponse()
        self.assertEqual(head.status, 405)
        self.assertEqual(head.read(), b"")
        org = self.ok("GET", "//v1/orgs/self")["data"]
        self.assertTrue(org["id"])
        self.assertEqual(self.ok("GET", "/v1/orgs/self/ws/%63ommons")["data"]["name"], "commons")

    def test_workspaces(self):
        before = self.snapshot()
        self.assert_error(self.client.raw("POST", WS, "{\"name\": "), 400, "BADREQUEST")
        self.assert_error(self.client.call("POST", WS, ["w"]), 400, "BADREQUEST")
        self.assert_error(self.client.call("POST", WS, {"name": "bad name"}), 400,
                          "INVALIDINPUT")
        self.assert_error(self.client.call("POST", WS, {"name": "x" * 129}), 400, "INVALIDINPUT")
        self.assert_error(self.client.call("POST", WS, {}), 400, "INVALIDINPUT")
        self.assert_error(self.client.call("POST", WS, {"name": "a..b"}), 400, "INVALIDINPUT")
        self.assert_error(self.client.call("GET", f"{WS}/missing"), 404, "NOTFOUND")
        self.assert_error(self.client.call("DELETE", f"{WS}/commons"), 400, "INVALIDINPUT")
        self.assertEqual(self.snapshot(), before)

        created = self.ok("POST", WS, {"name": "ws_test", "description": "d"})["data"]
        self.assertEqual(created["collection_count"], 0)
        after_create = self.snapshot()
        self.assert_error(self.client.call("POST", WS, {"name": "ws_test"}), 409, "ALREADYEXISTS")
        self.make_collection("inner", ws="ws_test")
        after_collection = self.snapshot()
        self.assert_error(self.client.call("DELETE", f"{WS}/ws_test"), 409, "DEPENDENTRESOURCES")
        self.assertEqual(self.snapshot(), after_collection)
        self.ok("DELETE", f"{WS}/ws_test/collections/inner")
        self.ok("DELETE", f"{WS}/ws_test")
        self.assert_error(self.client.call("GET", f"{WS}/ws_test"), 404, "NOTFOUND")
        self.assertNotEqual(after_create, before)
        self.assertEqual(self.snapshot(), before)

    def test_collections(self):
        base = f"{WS}/commons/collections"
        before = self.snapshot()
        for payload, status, error_type in [
                ({"name": "bad.name"}, 400, "INVALIDINPUT"),
                ({"name": "_x"}, 400, "INVALIDINPUT"),
                ({"description": "no name"}, 400, "INVALIDINPUT"),
                ({"name": "c", "retention_secs": 60}, 400, "INVALIDINPUT"),
                ({"name": "c", "retention_secs": 10 * 366 * 86400}, 400, "INVALIDINPUT"),
                ({"name": "c", "storage_compression_type": "GZIP"}, 400, "INVALIDINPUT"),
                ({"name": "c", "field_mapping_query": {"sql": "SELECT * FROM people"}},
                 400, "QUERY_ERROR"),
                ({"name": "c", "field_mapping_query": "SELECT * FROM _input"},
                 400, "INVALIDINPUT"),
                ({"name": "c", "sources": [{"s3": {"bucket": "b"}}]}, 501, "NOTIMPLEMENTEDYET"),
        ]:
            self.assert_error(self.client.call("POST", base, payload), status, error_type)
        self.assert_error(self.client.raw("POST", base, "{oops"), 400, "BADREQUEST")
        self.assert_error(self.client.call("POST", f"{WS}/nowhere/collections", {"name": "c"}),
                          404, "NOTFOUND")
        self.assertEqual(self.snapshot(), before)

        created = self.ok("POST", base, {"name": "coll_test", "description": None,
                                         "sources": [], "retention_secs": 7200,
                                         "storage_compression_type": "ZSTD"})["data"]
        self.assertEqual(created["status"], "CREATED")
        self.assertEqual(created["sources"], [])
        self.assertIsNone(created["description"])
        self.assertTrue(created["rrn"].startswith("rrn:col:use1a1:"))
        got = self.ok("GET", f"{base}/coll_test")["data"]
        self.assertEqual(got["status"], "READY")
        self.assertEqual(got["retention_secs"], 7200)
        self.assertEqual(got["stats"]["doc_count"], 0)
        with_coll = self.snapshot()
        self.assert_error(self.client.call("POST", base, {"name": "coll_test"}), 409,
                          "ALREADYEXISTS")
        self.assert_error(self.client.call("PUT", f"{base}/coll_test",
                                           {"field_mapping_query": {"sql": "SELECT 1"}}),
                          400, "QUERY_ERROR")
        self.assert_error(self.client.call("PUT", f"{base}/nope", {"description": "x"}),
                          404, "NOTFOUND")
        self.assertEqual(self.snapshot(), with_coll)
        updated = self.ok("PUT", f"{base}/coll_test", {"description": "new"})["data"]
        self.assertEqual(updated["description"], "new")
        deleted = self.ok("DELETE", f"{base}/coll_test")["data"]
        self.assertEqual(deleted["status"], "DELETED")
        self.assert_error(self.client.call("GET", f"{base}/coll_test"), 404, "NOTFOUND")
        self.assert_error(self.client.call("DELETE", f"{base}/coll_test"), 404, "NOTFOUND")
        self.assertEqual(self.snapshot(), before)

    def test_documents(self):
        coll = self.make_collection("docs_test")
        docs = f"{coll}/docs"
        added = self.ok("POST", docs, {"data": [{"_id": "a", "n": 1, "s": "x"}, {"n": 2}]})
        self.assertEqual([d["status"] for d in added["data"]], ["ADDED", "ADDED"])
        self.assertEqual(added["data"][0]["_id"], "a")
        self.assertEqual(added["data"][0]["_collection"], "docs_test")
        self.assertIsInstance(added["last_offset"], str)
        generated_id = added["data"][1]["_id"]
        state = self.snapshot()

        def unchanged():
            self.assertEqual(self.snapshot(), state)
            self.assert_doc("commons", "docs_test", "a", {"n": 1, "s": "x"})
            self.assert_doc("commons", "docs_test", generated_id, {"n": 2})

        # Whole-request errors.
        self.assert_error(self.client.raw("POST", docs, "{\"data\": [{\"_id\": \"a\", \"n\": 5}"),
                          400, "BADREQUEST")
        unchanged()
        self.assert_error(self.client.raw("POST", docs, "not json at all"), 400, "BADREQUEST")
        self.assert_error(self.client.call("POST", docs, {"data": {"_id": "a", "n": 5}}),
                          400, "BADREQUEST")
        self.assert_error(self.client.call("POST", docs, [{"_id": "a", "n": 5}]), 400,
                          "BADREQUEST")
        unchanged()
        self.assert_error(self.client.call("POST", f"{WS}/commons/collections/nope/docs",
                                           {"data": [{"n": 1}]}), 404, "NOTFOUND")
        self.assert_error(self.client.call("POST", f"{WS}/nope/collections/docs_test/docs",
                                           {"data": [{"n": 1}]}), 404, "NOTFOUND")
        unchanged()
        too_many = {"data": [{"_id": "a", "n": 9}] + [{} for _ in range(20_000)]}
        self.assert_error(self.client.call("POST", docs, too_many), 413, "CONTENTTOOLARGE")
        unchanged()
        # Between the Write API's 10 MiB and the transport's limit: refused by the handler.
        big = json.dumps({"data": [{"_id": "a", "n": 9, "pad": "x" * (10_500_000)}]})
        self.assert_error(self.client.raw("POST", docs, big), 413, "CONTENTTOOLARGE")
        unchanged()
        # Beyond the transport's limit: refused before the body is read.
        huge = json.dumps({"data": [{"_id": "a", "n": 9, "pad": "x" * (12 << 20)}]})
        self.assert_error(self.client.raw("POST", docs, huge), 413, "CONTENTTOOLARGE")
        self.client.close()  # the server closed that connection
        type(self).client = self.client = Client(self.server.port)
        unchanged()

        # Per-document errors: the request succeeds, bad items change nothing.
        bad_typed = {"_id": "a", "n": 8, "t": {"__rockset_type": "timestamp", "value": "nope"}}
        mixed = self.ok("POST", docs, {"data": [5, "str", None, [1], {"_id": "b", "n": 3},
                                                {"_id": "a", "_op": "BOGUS", "n": 7},
                                                bad_typed]})
        statuses = [d["status"] for d in mixed["data"]]
        self.assertEqual(statuses, ["ERROR"] * 4 + ["ADDED", "ERROR", "ERROR"])
        self.assertEqual(mixed["data"][6]["_id"], "a")
        self.assertEqual(mixed["data"][6]["error"]["type"], "INVALIDINPUT")
        for item in mixed["data"][:4]:
            self.assertEqual(item["error"]["type"], "INVALIDINPUT")
            self.assertEqual(set(item["error"]), ERROR_KEYS)
        self.assert_doc("commons", "docs_test", "a", {"n": 1, "s": "x"})
        self.assert_doc("commons", "docs_test", "b", {"n": 3})

        # Upsert merges top-level fields.
        self.ok("POST", docs, {"data": [{"_id": "a", "n": 2}]})
        self.assert_doc("commons", "docs_test", "a", {"n": 2, "s": "x"})

        # Patch: success, failed test, unknown _id.
        patched = self.ok("PATCH", docs, {"data": [
            {"_id": "a", "patch": [{"op": "INCREMENT", "path": "/n", "value": 10}]},
            {"_id": "a", "patch": [{"op": "test", "path": "/n", "value": 0},
                                   {"op": "replace", "path": "/s", "value": "gone"}]},
            {"_id": "zzz", "patch": [{"op": "add", "path": "/q", "value": 1}]}]})
        self.assertEqual([d["status"] for d in patched["data"]], ["PATCHED", "ERROR", "ERROR"])
        self.assertIsInstance(patched["data"][0]["patch_id"], str)
        self.assertEqual(patched["data"][2]["error"]["type"], "NOTFOUND")
        self.assert_doc("commons", "docs_test", "a", {"n": 12, "s": "x"})

        # Delete: existing or not.
        count = self.ok("GET", coll)["data"]["stats"]["doc_count"]
        deleted = self.ok("DELETE", docs, {"data": [{"_id": "b"}, {"_id": "never"}]})
        self.assertEqual([d["status"] for d in deleted["data"]], ["DELETED", "DELETED"])
        self.assertEqual(self.ok("GET", coll)["data"]["stats"]["doc_count"], count - 1)

        # Offsets: writes are visible on return, so their offsets have passed.
        last = deleted["last_offset"]
        fence = self.ok("POST", f"{coll}/offsets/commit", {"name": [last]})
        self.assertEqual(fence["data"], {"fence": last, "passed": True})
        self.assertIn("commit", fence["offsets"])
        self.assert_error(self.client.call("POST", f"{coll}/offsets/commit",
                                           {"name": ["garbage"]}), 400, "INVALIDINPUT")

    def test_expect_continue(self):
        """curl sends `Expect: 100-continue` for large bodies; it must not stall."""
        coll = self.make_collection("continue_test")
        body = json.dumps({"data": [{"_id": str(i), "pad": "y" * 2000} for i in range(600)]})
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        conn.putrequest("POST", f"{coll}/docs")
        conn.putheader("Authorization", f"ApiKey {API_KEY}")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(len(body)))
        conn.putheader("Expect", "100-continue")
        conn.endheaders()
        # Wait for the interim response before sending the body, as curl does.
        interim = conn.sock.recv(64)
        self.assertTrue(interim.startswith(b"HTTP/1.1 100"), interim)
        conn.sock.sendall(body.encode())
        response = conn.getresponse()
        self.assertEqual(response.status, 200)
        self.assertEqual(len(json.loads(response.read())["data"]), 600)
        conn.close()


class RestartTest(unittest.TestCase):
    def test_first_start_key_and_persistence(self):
        data_dir = tempfile.mkdtemp(prefix="basalt-rest-restart-")
        try:
            server = Server(data_dir, env_key=None)
            try:
                credentials = os.path.join(data_dir, "credentials")
                mode = stat.S_IMODE(os.stat(credentials).st_mode)
                self.assertEqual(mode, 0o600)
                with open(credentials) as f:
                    key = f.read().strip()
                self.assertEqual(len(key), 64)
                self.assertIn(key, "".join(server.output))  # printed once
                client = Client(server.port, key)
                self.assertEqual(client.call("POST", WS, {"name": "kept"})[0], 200)
                self.assertEqual(client.call("POST", f"{WS}/kept/collections",
                                             {"name": "c"})[0], 200)
                status, body = client.call("POST", f"{WS}/kept/collections/c/docs",
                                           {"data": [{"_id": "1", "v": 1}]})
                self.assertEqual(status, 200, body)
                client.close()
            finally:
                self.assertEqual(server.stop(), 0, "".join(server.output))
            server = Server(data_dir, env_key=None)
            try:
                self.assertNotIn(key, "".join(server.output))  # not printed again
                client = Client(server.port, key)
                status, body = client.call("GET", f"{WS}/kept/collections/c")
                self.assertEqual(status, 200, body)
                self.assertEqual(body["data"]["stats"]["doc_count"], 1)
                self.assertEqual(body["data"]["status"], "READY")
                client.close()
                client = Client(server.port, "wrong")
                status, _ = client.call("GET", WS)
                self.assertEqual(status, 401)
                client.close()
            finally:
                self.assertEqual(server.stop(), 0, "".join(server.output))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
