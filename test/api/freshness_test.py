#!/usr/bin/env python3
"""End-to-end test of retention (ingest.md §5) and read-your-writes fences (api.md §6.4,
ingest.md §6) against a real `basalt serve`.

Retention: a server with a 0.2 s retention interval purges documents whose `_event_time` is
older than `retention_secs` from every index (checked through queries that use the inverted
index, the column store and the row store), keeps newer ones, and counts the purged ones in
`stats.purged_doc_count` / `purged_doc_size` (kept across a restart).

Read-your-writes: several writers add, patch and delete documents while others query; after
every write, the commit endpoint with the write's `last_offset` must answer `passed`, and a
query sent after that must see the write.

python3 stdlib only. The binary comes from BASALT_BIN, else the newest build dir's.
"""

import os
import shutil
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

API_KEY = "freshness-test-key-0123456789"
COLLECTIONS = "/v1/orgs/self/ws/commons/collections"
HOUR_MICROS = 3600 * 1_000_000


def now_micros():
    return int(time.time() * 1_000_000)


class FreshnessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="basalt-freshness-")
        cls.data_dir = os.path.join(cls.tmp, "data")
        cls.start_server()

    @classmethod
    def start_server(cls):
        cls.server = Server(cls.data_dir, API_KEY, ["--retention-interval", "0.2"])
        cls.client = Client(cls.server.port, API_KEY)

    @classmethod
    def stop_server(cls):
        cls.client.close()
        cls.server.stop()

    @classmethod
    def tearDownClass(cls):
        cls.stop_server()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def ok(self, method, path, payload=None, client=None):
        status, body = (client or self.client).call(method, path, payload)
        self.assertEqual(status, 200, body)
        return body

    def query(self, sql, client=None):
        return self.ok("POST", "/v1/orgs/self/queries", {"sql": {"query": sql}},
                       client)["results"]

    def create(self, name, **fields):
        self.ok("POST", COLLECTIONS, dict(name=name, **fields))

    def stats(self, name):
        return self.ok("GET", f"{COLLECTIONS}/{name}")["data"]["stats"]

    def test_retention_purges_old_documents_everywhere(self):
        self.create("events", retention_secs=3600)
        self.create("forever")
        now = now_micros()
        old = [{"_id": f"old{i}", "kind": "old", "n": i, "tags": ["old-tag", "shared"],
                "nested": {"city": "Gone"}, "_event_time": now - 2 * HOUR_MICROS - i}
               for i in range(60)]
        # An ISO-8601 event time two hours back expires too.
        iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 7200))
        old.append({"_id": "old-iso", "kind": "old", "_event_time": iso})
        new = [{"_id": f"new{i}", "kind": "new", "n": i, "tags": ["new-tag", "shared"],
                "nested": {"city": "Kept"}, "_event_time": now - HOUR_MICROS // 2}
               for i in range(40)]
        new.append({"_id": "new-default", "kind": "new", "n": 1000})  # ingest time
        for coll in ("events", "forever"):
            added = self.ok("POST", f"{COLLECTIONS}/{coll}/docs", {"data": old + new})
            self.assertTrue(all(d["status"] == "ADDED" for d in added["data"]), added)

        deadline = time.monotonic() + 30
        while self.stats("events")["doc_count"] != len(new):
            self.assertLess(time.monotonic(), deadline, self.stats("events"))
            time.sleep(0.05)

        # Inverted index (equality on a top-level, a nested and an array-element value).
        self.assertEqual(self.query("SELECT COUNT(*) AS n FROM events WHERE kind = 'old'"),
                         [{"n": 0}])
        self.assertEqual(self.query(
            "SELECT COUNT(*) AS n FROM events WHERE nested.city = 'Gone'"), [{"n": 0}])
        self.assertEqual(self.query(
            "SELECT COUNT(*) AS n FROM events WHERE ARRAY_CONTAINS(tags, 'old-tag')"),
            [{"n": 0}])
        self.assertEqual(self.query(
            "SELECT COUNT(*) AS n FROM events WHERE ARRAY_CONTAINS(tags, 'shared')"),
            [{"n": 40}])
        # Column store (aggregates over every document) and row store (SELECT *, by _id).
        self.assertEqual(self.query("SELECT COUNT(*) AS n, SUM(n) AS s FROM events"),
                         [{"n": len(new), "s": sum(range(40)) + 1000}])
        self.assertEqual(self.query("SELECT * FROM events WHERE _id = 'old3'"), [])
        self.assertEqual(len(self.query("SELECT * FROM events WHERE _id = 'new3'")), 1)
        rows = self.query("SELECT _id FROM events ORDER BY _id")
        self.assertEqual(sorted(r["_id"] for r in rows), sorted(d["_id"] for d in new))
        self.assertEqual(self.query(
            "SELECT COUNT(*) AS n FROM events WHERE _event_time < CURRENT_TIMESTAMP() "
            "- INTERVAL 1 HOUR"), [{"n": 0}])
        # Without a retention nothing goes.
        self.assertEqual(self.stats("forever")["doc_count"], len(old) + len(new))
        self.assertEqual(self.stats("forever")["purged_doc_count"], 0)

        stats = self.stats("events")
        self.assertEqual(stats["purged_doc_count"], len(old))
        self.assertGreater(stats["purged_doc_size"], 50 * len(old))

        # Late old documents are purged at the next pass; the totals survive a restart.
        self.ok("POST", f"{COLLECTIONS}/events/docs",
                {"data": [{"_id": "late", "_event_time": now - 3 * HOUR_MICROS}]})
        deadline = time.monotonic() + 30
        while self.stats("events")["purged_doc_count"] != len(old) + 1:
            self.assertLess(time.monotonic(), deadline, self.stats("events"))
            time.sleep(0.05)
        type(self).stop_server()
        type(self).start_server()
        stats = self.stats("events")
        self.assertEqual(stats["purged_doc_count"], len(old) + 1)
        self.assertEqual(stats["doc_count"], len(new))

    def test_offsets_are_per_collection(self):
        self.create("offa")
        self.create("offb")
        a = self.ok("POST", f"{COLLECTIONS}/offa/docs", {"data": [{"x": 1}]})["last_offset"]
        b = self.ok("POST", f"{COLLECTIONS}/offb/docs", {"data": [{"x": 1}]})["last_offset"]
        fence = self.ok("POST", f"{COLLECTIONS}/offa/offsets/commit", {"name": [a]})
        self.assertEqual(fence["data"], {"fence": a, "passed": True})
        status, body = self.client.call("POST", f"{COLLECTIONS}/offa/offsets/commit",
                                        {"name": [a, b]})
        self.assertEqual(status, 400, body)
        self.assertEqual(body["type"], "INVALIDINPUT")

    def test_read_your_writes_under_concurrency(self):
        self.create("ryw")
        writers, iterations = 4, 120
        failures = []

        def writer(worker):
            # Writes go over one connection; fences and queries over another, as when the
            # offset is handed to another client.
            client = Client(self.server.port, API_KEY)
            reader_client = Client(self.server.port, API_KEY)
            try:
                for i in range(iterations):
                    doc_id = f"w{worker}-{i}"
                    added = self.ok("POST", f"{COLLECTIONS}/ryw/docs",
                                    {"data": [{"_id": doc_id, "worker": worker, "i": i,
                                               "v": 0}]}, client)
                    self.check_visible(reader_client, added["last_offset"],
                                       f"SELECT v FROM ryw WHERE _id = '{doc_id}'", [{"v": 0}],
                                       failures)
                    patched = self.ok("PATCH", f"{COLLECTIONS}/ryw/docs", {"data": [
                        {"_id": doc_id, "patch": [{"op": "INCREMENT", "path": "/v",
                                                    "value": 5}]}]}, client)
                    self.check_visible(reader_client, patched["last_offset"],
                                       f"SELECT v FROM ryw WHERE i = {i} AND worker = {worker}",
                                       [{"v": 5}], failures)
                    if i % 3 == 0:
                        deleted = self.ok("DELETE", f"{COLLECTIONS}/ryw/docs",
                                          {"data": [{"_id": doc_id}]}, client)
                        self.check_visible(
                            reader_client, deleted["last_offset"],
                            f"SELECT COUNT(*) AS n FROM ryw WHERE _id = '{doc_id}'", [{"n": 0}],
                            failures)
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                failures.append(f"writer {worker}: {error!r}")
            finally:
                client.close()
                reader_client.close()

        stop = threading.Event()

        def reader():
            client = Client(self.server.port, API_KEY)
            try:
                while not stop.is_set():
                    self.query("SELECT COUNT(*) AS n, MAX(i) AS m FROM ryw", client)
            finally:
                client.close()

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
        readers = [threading.Thread(target=reader) for _ in range(2)]
        for thread in threads + readers:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        for thread in readers:
            thread.join()
        self.assertEqual(failures, [])
        kept = writers * (iterations - (iterations + 2) // 3)
        self.assertEqual(self.query("SELECT COUNT(*) AS n FROM ryw"), [{"n": kept}])

    def check_visible(self, client, offset, sql, expected, failures):
        fence = self.ok("POST", f"{COLLECTIONS}/ryw/offsets/commit", {"name": [offset]}, client)
        if not fence["data"]["passed"] or fence["data"]["fence"] != offset:
            failures.append(f"fence {offset} not passed: {fence}")
            return
        rows = self.query(sql, client)
        if rows != expected:
            failures.append(f"{sql}: {rows} after fence {offset}")


if __name__ == "__main__":
    unittest.main()
