#!/usr/bin/env python3
"""End-to-end tests of ingest transformations and rollups (ingest.md §1-4, api.md §6.3)
against a real `basalt serve`: every transformation feature through the Write API, bad
records, validation at create/update, persistence across a restart, every rollup aggregate,
concurrent writers, and the equivalence of a rollup with the same aggregate run over the
raw records (random records, several batches, late data).
python3 stdlib only; the binary comes from BASALT_BIN, else the newest build dir's."""

import math
import os
import random
import shutil
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

API_KEY = "transform-test-key-0123456789"
COLLS = "/v1/orgs/self/ws/commons/collections"
QUERIES = "/v1/orgs/self/queries"

# Every aggregate a rollup keeps incrementally, as `expression AS name` over a record
# {k, v (int or float or null or absent), f (float), b (bool), w (string), t (ISO time)}.
ROLLUP_AGGREGATES = [
    ("COUNT(*)", "n"),
    ("COUNT(v)", "nv"),
    ("COUNT_IF(b)", "nb"),
    ("SUM(v)", "s"),
    ("SUM(f)", "sf"),
    ("AVG(v)", "a"),
    ("MIN(v)", "lo"),
    ("MAX(v)", "hi"),
    ("MIN(w)", "wlo"),
    ("MAX_BY(w, v)", "wtop"),
    ("MIN_BY(w, v)", "wbottom"),
    ("BOOL_AND(b)", "all_b"),
    ("BOOL_OR(b)", "any_b"),
    ("EVERY(b)", "every_b"),
    ("BITWISE_AND_AGG(v)", "band"),
    ("BITWISE_OR_AGG(v)", "bor"),
    ("BITWISE_XOR_AGG(v)", "bxor"),
    ("STDDEV(f)", "sd"),
    ("STDDEV_SAMP(f)", "sds"),
    ("STDDEV_POP(f)", "sdp"),
    ("VARIANCE(f)", "var"),
    ("VAR_SAMP(f)", "vars"),
    ("VAR_POP(f)", "varp"),
    ("SUM(v) FILTER (WHERE b)", "s_b"),
    ("ARBITRARY(w)", "arb"),
    ("ANY_VALUE(v)", "anyv"),
    ("MAP_AGG(w, v)", "by_w"),
    ("OBJECT_AGG(w, f)", "obj_w"),
    ("VECTOR_SUM([f, 1])", "vec"),
    ("GEOMETRIC_MEAN(v + 1)", "gmean"),
    ("CORR(f, v)", "corr"),
    ("COVAR_SAMP(f, v)", "covs"),
    ("COVAR_POP(f, v)", "covp"),
    ("APPROX_DISTINCT(v)", "distinct_v"),
    ("APPROX_DISTINCT(w)", "distinct_w"),
]


def close(a, b):
    """Equal, with a relative tolerance for floats (sums of floats depend on their order)."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or isinstance(a, (str, bool)) or isinstance(b, (str, bool)):
            return False
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return a == b


class TransformTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="basalt-transform-")
        cls.server = Server(cls.data_dir, API_KEY)
        cls.client = Client(cls.server.port, API_KEY)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)

    @classmethod
    def restart(cls):
        cls.client.close()
        cls.server.stop()
        cls.server = Server(cls.data_dir, API_KEY)
        cls.client = Client(cls.server.port, API_KEY)

    # --- helpers

    def create(self, name, sql):
        status, body = self.client.call("POST", COLLS, {"name": name,
                                                        "field_mapping_query": {"sql": sql}})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"]["field_mapping_query"], {"sql": sql})
        return body["data"]

    def write(self, name, docs):
        status, body = self.client.call("POST", f"{COLLS}/{name}/docs", {"data": docs})
        self.assertEqual(status, 200, body)
        self.assertEqual(len(body["data"]), len(docs))
        return body["data"]

    def query(self, sql):
        status, body = self.client.call("POST", QUERIES, {"sql": {"query": sql}})
        self.assertEqual(status, 200, body)
        return body["results"]

    def docs(self, name):
        rows = self.query(f"SELECT * FROM {name} ORDER BY _id")
        for row in rows:
            row.pop("_event_time", None)
        return rows

    def assert_refused(self, payload, status, error_type, path=COLLS, method="POST"):
        got, body = self.client.call(method, path, payload)
        self.assertEqual(got, status, body)
        self.assertEqual(body["type"], error_type, body)
        return body

    # --- plain transformations

    def test_projection_renames_and_computed_fields(self):
        self.create("t_project",
                    "SELECT _id, name AS full_name, UPPER(country) AS country, "
                    "price * qty AS total, CONCAT(name, '@', country) AS tag, "
                    "address.city AS city, CARDINALITY(tags) AS ntags, "
                    "CAST(price AS string) AS price_text, missing, NULL AS nothing FROM _input")
        statuses = self.write("t_project", [
            {"_id": "a", "name": "Ann", "country": "no", "price": 2.5, "qty": 4,
             "address": {"city": "Oslo", "zip": "0150"}, "tags": ["x", "y"], "secret": 1}])
        self.assertEqual([s["status"] for s in statuses], ["ADDED"])
        self.assertEqual(self.docs("t_project"), [
            {"_id": "a", "full_name": "Ann", "country": "NO", "total": 10.0, "tag": "Ann@no",
             "city": "Oslo", "ntags": 2, "price_text": "2.5", "nothing": None}])

    def test_star_except_lift_and_precedence(self):
        self.create("t_star", "SELECT * EXCEPT (password, payload), payload.* EXCEPT (noise), "
                              "LOWER(name) AS name FROM _input")
        self.write("t_star", [{"_id": "u1", "name": "ANN", "password": "p",
                               "payload": {"a": 1, "noise": 2}, "_meta": {"fake": True}}])
        self.assertEqual(self.docs("t_star"), [{"_id": "u1", "name": "ann", "a": 1}])

    def test_special_fields_are_derived(self):
        self.create("t_special",
                    "SELECT CAST(order_id AS string) AS _id, "
                    "PARSE_TIMESTAMP_ISO8601(created) AS _event_time, "
                    "CASE WHEN kind = 'd' THEN 'DELETE' ELSE 'UPSERT' END AS _op, amount "
                    "FROM _input")
        statuses = self.write("t_special", [
            {"order_id": 1, "created": "2024-03-01T12:00:00Z", "kind": "c", "amount": 5},
            {"order_id": 2, "created": "2024-03-02T12:00:00Z", "kind": "c", "amount": 6},
            {"order_id": 2, "kind": "d"}])
        self.assertEqual([(s["_id"], s["status"]) for s in statuses],
                         [("1", "ADDED"), ("2", "ADDED"), ("2", "DELETED")])
        rows = self.query("SELECT _id, _event_time, amount FROM t_special")
        self.assertEqual(rows, [{"_id": "1", "_event_time": "2024-03-01T12:00:00.000000Z",
                                 "amount": 5}])
        # Integer microseconds work as _event_time too (ingest.md §2.2).
        self.create("t_micros", "SELECT _id, ts AS _event_time FROM _input")
        self.write("t_micros", [{"_id": "m", "ts": 1709294400000000}])
        self.assertEqual(self.query("SELECT _event_time FROM t_micros"),
                         [{"_event_time": "2024-03-01T12:00:00.000000Z"}])

    def test_where_filters_records_and_deletes(self):
        self.create("t_where", "SELECT * FROM _input WHERE source = 'app'")
        statuses = self.write("t_where", [
            {"_id": "k1", "source": "app", "v": 1},
            {"_id": "k2", "source": "bot", "v": 2},
            {"source": "bot"}])
        # Dropped records are acknowledged (Rockset applied transformations after the
        # acknowledgement) but nothing is stored.
        self.assertEqual([(s["_id"], s["status"], s["error"]) for s in statuses],
                         [("k1", "ADDED", None), ("k2", "ADDED", None), (None, "ADDED", None)])
        self.assertEqual(self.docs("t_where"), [{"_id": "k1", "source": "app", "v": 1}])
        status, body = self.client.call("GET", f"{COLLS}/t_where")
        self.assertEqual(body["data"]["stats"]["doc_count"], 1)
        # A DELETE the WHERE clause drops deletes nothing.
        self.write("t_where", [{"_id": "k1", "source": "bot", "_op": "DELETE"}])
        self.assertEqual(len(self.docs("t_where")), 1)
        self.write("t_where", [{"_id": "k1", "source": "app", "_op": "DELETE"}])
        self.assertEqual(self.docs("t_where"), [])

    def test_bad_records_do_not_stop_ingest(self):
        self.create("t_bad", "SELECT _id, UPPER(name) AS name, _op FROM _input")
        statuses = self.write("t_bad", [
            {"_id": "g1", "name": "a"},
            {"_id": "b1", "name": 42},                 # UPPER of an int
            {"_id": "b2", "name": "x", "_op": "nope"},  # unknown _op
            "not an object",
            {"_id": "g2", "name": "b"}])
        self.assertEqual([s["status"] for s in statuses],
                         ["ADDED", "ERROR", "ERROR", "ERROR", "ADDED"])
        self.assertEqual(statuses[1]["error"]["type"], "QUERY_ERROR")
        self.assertEqual(statuses[2]["error"]["type"], "INVALIDINPUT")
        self.assertEqual(statuses[3]["error"]["type"], "INVALIDINPUT")
        bad = self.query("SELECT _id, _meta.bad.type AS type, _meta.bad.message AS message "
                         "FROM t_bad WHERE _meta.bad IS NOT NULL ORDER BY type")
        self.assertEqual([row["type"] for row in bad], ["INVALIDINPUT", "QUERY_ERROR"])
        self.assertEqual({row["_id"] for row in bad}, {statuses[1]["_id"], statuses[2]["_id"]})
        self.assertIn("UPPER", bad[1]["message"])
        good = self.query("SELECT _id, name FROM t_bad WHERE _meta.bad IS NULL ORDER BY _id")
        self.assertEqual(good, [{"_id": "g1", "name": "A"}, {"_id": "g2", "name": "B"}])

    def test_invalid_transformations_are_refused_and_change_nothing(self):
        before = self.client.call("GET", COLLS)[1]["data"]
        for sql in ["SELECT * FROM people",
                    "SELECT * FROM _input a JOIN _input b ON a.x = b.x",
                    "SELECT * FROM _input, UNNEST(_input.tags) AS t",
                    "SELECT * FROM _input ORDER BY a",
                    "SELECT * FROM _input LIMIT 10",
                    "SELECT a FROM _input UNION ALL SELECT b FROM _input",
                    "SELECT DISTINCT a FROM _input",
                    "SELECT (SELECT 1) AS one FROM _input",
                    "SELECT a, RANK() OVER (ORDER BY a) AS r FROM _input",
                    "SELECT * FROM _input WHERE a = :p",
                    "SELECT RAND() AS r FROM _input",
                    "SELECT NOPE(a) FROM _input",
                    "SELECT a FROM",
                    "SELECT k, COUNT(DISTINCT v) AS n FROM _input GROUP BY k",
                    "SELECT k, ARRAY_AGG(v) AS vs FROM _input GROUP BY k",
                    "SELECT k, APPROX_PERCENTILE(v, 0.5) AS p FROM _input GROUP BY k",
                    "SELECT k, PERCENTILE(v, 50) AS p FROM _input GROUP BY k",
                    "SELECT k AS _id, COUNT(*) AS n FROM _input GROUP BY k",
                    "SELECT k, COUNT(*) AS n FROM _input GROUP BY ROLLUP (k)"]:
            body = self.assert_refused({"name": "t_invalid", "field_mapping_query": {"sql": sql}},
                                       400, "QUERY_ERROR")
            self.assertTrue(body["message"], sql)
        self.assert_refused({"name": "t_invalid", "field_mapping_query": "SELECT * FROM _input"},
                            400, "INVALIDINPUT")
        self.assert_refused({"name": "t_invalid", "field_mapping_query": {"query": "x"}},
                            400, "INVALIDINPUT")
        self.assertEqual(self.client.call("GET", COLLS)[1]["data"], before)
        # The error points at the offending SQL.
        body = self.assert_refused({"name": "t_invalid",
                                    "field_mapping_query": {"sql": "SELECT NOPE(a) FROM _input"}},
                                   400, "QUERY_ERROR")
        self.assertEqual((body["line"], body["column"]), (1, 8))

    def test_update_applies_to_later_writes_and_survives_restart(self):
        self.create("t_update", "SELECT _id, a FROM _input")
        self.write("t_update", [{"_id": "1", "a": 1, "b": 1}])
        self.assert_refused({"field_mapping_query": {"sql": "SELECT * FROM elsewhere"}}, 400,
                            "QUERY_ERROR", f"{COLLS}/t_update", "PUT")
        self.assert_refused({"field_mapping_query": {"sql": "SELECT COUNT(*) AS n FROM _input"}},
                            400, "INVALIDINPUT", f"{COLLS}/t_update", "PUT")
        status, body = self.client.call("PUT", f"{COLLS}/t_update",
                                        {"field_mapping_query": {"sql": "SELECT _id, b FROM _input"}})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"]["field_mapping_query"], {"sql": "SELECT _id, b FROM _input"})
        self.write("t_update", [{"_id": "2", "a": 2, "b": 2}])
        self.assertEqual(self.docs("t_update"), [{"_id": "1", "a": 1}, {"_id": "2", "b": 2}])
        # Patches bypass the transformation (ingest.md §3).
        status, body = self.client.call("PATCH", f"{COLLS}/t_update/docs", {"data": [
            {"_id": "1", "patch": [{"op": "add", "path": "/c", "value": 3}]}]})
        self.assertEqual(body["data"][0]["status"], "PATCHED", body)
        self.restart()
        status, body = self.client.call("GET", f"{COLLS}/t_update")
        self.assertEqual(body["data"]["field_mapping_query"], {"sql": "SELECT _id, b FROM _input"})
        self.write("t_update", [{"_id": "3", "a": 3, "b": 3}])
        self.assertEqual(self.docs("t_update"),
                         [{"_id": "1", "a": 1, "c": 3}, {"_id": "2", "b": 2}, {"_id": "3", "b": 3}])

    # --- rollups

    def test_rollup_every_aggregate_matches_the_raw_records(self):
        select = ", ".join(f"{expr} AS {name}" for expr, name in ROLLUP_AGGREGATES)
        created = self.create("r_all", f"SELECT k, {select} FROM _input GROUP BY k")
        self.assertTrue(created["insert_only"])
        self.client.call("POST", COLLS, {"name": "r_all_raw"})
        rng = random.Random(7)
        for _ in range(4):
            batch = []
            for _ in range(60):
                record = {"k": rng.choice(["a", "b", "c"]), "f": rng.uniform(-5, 5),
                          "b": rng.random() < 0.6, "w": rng.choice(["p", "q", "r", "s"])}
                choice = rng.random()
                if choice < 0.8:
                    record["v"] = rng.randint(0, 255)
                elif choice < 0.9:
                    record["v"] = None
                batch.append(record)
            self.write("r_all", batch)
            self.write("r_all_raw", batch)
        names = ", ".join(name for _, name in ROLLUP_AGGREGATES)
        rolled = self.query(f"SELECT k, {names} FROM r_all ORDER BY k")
        direct = self.query(f"SELECT k, {select} FROM r_all_raw GROUP BY k ORDER BY k")
        self.assertEqual(len(rolled), 3)
        for got, want in zip(rolled, direct):
            for _, name in ROLLUP_AGGREGATES:
                # MAX_BY/MIN_BY ties keep the first row either way; both read in write order.
                self.assertTrue(close(got.get(name), want.get(name)),
                                f"{name}: rollup {got.get(name)!r} raw {want.get(name)!r}")

    def test_rollup_approx_distinct_past_the_exact_limit(self):
        # Past 4,096 distinct values APPROX_DISTINCT keeps HyperLogLog registers; merged
        # registers give the estimate reading every record at once gives.
        self.create("r_hll", "SELECT COUNT(*) AS n, APPROX_DISTINCT(x) AS d, "
                             "APPROX_DISTINCT(x, 0.01) AS d14 FROM _input")
        self.client.call("POST", COLLS, {"name": "r_hll_raw"})
        rng = random.Random(3)
        for _ in range(4):
            batch = [{"x": rng.randint(0, 20000)} for _ in range(3000)]
            self.write("r_hll", batch)
            self.write("r_hll_raw", batch)
        rolled = self.query("SELECT n, d, d14 FROM r_hll")
        direct = self.query("SELECT COUNT(*) AS n, APPROX_DISTINCT(x) AS d, "
                            "APPROX_DISTINCT(x, 0.01) AS d14 FROM r_hll_raw")
        self.assertEqual(rolled, direct)
        exact = self.query("SELECT COUNT(DISTINCT x) AS c FROM r_hll_raw")[0]["c"]
        self.assertGreater(exact, 4096)

    def test_rollup_ids_event_time_having_and_rules(self):
        self.create("r_rules",
                    "SELECT DATE_TRUNC('HOUR', PARSE_TIMESTAMP_ISO8601(ts)) AS _event_time, "
                    "region, COUNT(*) AS n, SUM(amount) AS total FROM _input "
                    "WHERE amount IS NOT NULL GROUP BY _event_time, region HAVING SUM(amount) > 10")
        statuses = self.write("r_rules", [
            {"ts": "2024-01-01T10:05:00Z", "region": "eu", "amount": 8},
            {"ts": "2024-01-01T10:40:00Z", "region": "eu", "amount": 7},
            {"ts": "2024-01-01T10:40:00Z", "region": "us", "amount": 3},
            {"ts": "2024-01-01T11:00:00Z", "region": "eu"},
            {"ts": "2024-01-01T10:41:00Z", "region": "eu", "amount": 1, "_op": "DELETE"}])
        self.assertEqual([s["status"] for s in statuses],
                         ["ADDED", "ADDED", "ADDED", "ADDED", "ERROR"])
        self.assertEqual(statuses[0]["_id"], statuses[1]["_id"])  # same group, same _id
        self.assertNotEqual(statuses[0]["_id"], statuses[2]["_id"])
        self.assertIsNone(statuses[3]["_id"])  # dropped by WHERE
        rows = self.query("SELECT * FROM r_rules")
        self.assertEqual(rows, [{"_id": statuses[0]["_id"],
                                 "_event_time": "2024-01-01T10:00:00.000000Z",
                                 "region": "eu", "n": 2, "total": 15}])
        # Late data: the us bucket of 10:00 now passes HAVING.
        self.write("r_rules", [{"ts": "2024-01-01T10:59:59Z", "region": "us", "amount": 20}])
        rows = self.query("SELECT _id, region, n, total FROM r_rules ORDER BY region")
        self.assertEqual(rows, [
            {"_id": statuses[0]["_id"], "region": "eu", "n": 2, "total": 15},
            {"_id": statuses[2]["_id"], "region": "us", "n": 2, "total": 23}])
        # A rollup's query cannot change; documents cannot be patched into groups either way.
        self.assert_refused({"field_mapping_query": {"sql": "SELECT COUNT(*) AS n FROM _input"}},
                            400, "INVALIDINPUT", f"{COLLS}/r_rules", "PUT")
        # The states survive a restart and keep accumulating.
        self.restart()
        self.write("r_rules", [{"ts": "2024-01-01T10:30:00Z", "region": "eu", "amount": 5}])
        rows = self.query("SELECT region, n, total FROM r_rules WHERE region = 'eu'")
        self.assertEqual(rows, [{"region": "eu", "n": 3, "total": 20}])
        # Rollup documents cannot be patched; deleting one drops the group and its state.
        eu = statuses[0]["_id"]
        status, body = self.client.call("PATCH", f"{COLLS}/r_rules/docs", {"data": [
            {"_id": eu, "patch": [{"op": "replace", "path": "/n", "value": 0}]}]})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"][0]["status"], "ERROR")
        self.assertEqual(body["data"][0]["error"]["type"], "INVALIDINPUT")
        status, body = self.client.call("DELETE", f"{COLLS}/r_rules/docs", {"data": [{"_id": eu}]})
        self.assertEqual(body["data"][0]["status"], "DELETED", body)
        self.write("r_rules", [{"ts": "2024-01-01T10:30:00Z", "region": "eu", "amount": 11}])
        rows = self.query("SELECT _id, region, n, total FROM r_rules WHERE region = 'eu'")
        self.assertEqual(rows, [{"_id": eu, "region": "eu", "n": 1, "total": 11}])

    def test_rollup_concurrent_writers_lose_nothing(self):
        self.create("r_concurrent", "SELECT k, COUNT(*) AS n, SUM(v) AS s FROM _input GROUP BY k")
        errors = []

        def writer(seed):
            client = Client(self.server.port, API_KEY)
            try:
                for _ in range(25):
                    status, body = client.call("POST", f"{COLLS}/r_concurrent/docs", {"data": [
                        {"k": "x", "v": 1}, {"k": "y", "v": seed}]})
                    if status != 200 or any(d["status"] != "ADDED" for d in body["data"]):
                        errors.append(body)
            finally:
                client.close()

        threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(1, 5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(self.query("SELECT k, n, s FROM r_concurrent ORDER BY k"),
                         [{"k": "x", "n": 100, "s": 100}, {"k": "y", "n": 100, "s": 250}])

    def test_rollup_equivalence_with_raw_collection(self):
        """Random records into a rollup and a raw collection: identical aggregate answers."""
        rollup_sql = (
            "SELECT DATE_TRUNC('MINUTE', PARSE_TIMESTAMP_ISO8601(ts)) AS _event_time, "
            "device, status, COUNT(*) AS n, COUNT(reading) AS n_reading, SUM(reading) AS total, "
            "MIN(reading) AS lo, MAX(reading) AS hi, AVG(reading) AS mean, "
            "SUM(bytes) AS bytes, COUNT_IF(status = 'error') AS errors "
            "FROM _input WHERE device IS NOT NULL GROUP BY _event_time, device, status")
        self.create("r_equiv", rollup_sql)
        self.client.call("POST", COLLS, {"name": "r_equiv_raw"})
        rng = random.Random(20240601)
        for _ in range(8):
            batch = []
            for _ in range(rng.randint(50, 250)):
                minute = rng.randint(0, 29)  # out of order and late on purpose
                record = {"ts": "2024-06-01T12:%02d:%02dZ" % (minute, rng.randint(0, 59)),
                          "status": rng.choice(["ok", "ok", "ok", "error", None]),
                          "bytes": rng.randint(0, 10000)}
                if rng.random() < 0.95:
                    record["device"] = "d%d" % rng.randint(1, 6)
                roll = rng.random()
                if roll < 0.6:
                    record["reading"] = rng.randint(-1000, 1000)
                elif roll < 0.85:
                    record["reading"] = round(rng.uniform(-50, 50), 3)
                elif roll < 0.95:
                    record["reading"] = None
                batch.append(record)
            self.write("r_equiv", batch)
            self.write("r_equiv_raw", batch)

        raw_grouped = (
            "SELECT DATE_TRUNC('MINUTE', PARSE_TIMESTAMP_ISO8601(ts)) AS minute, device, status, "
            "COUNT(*) AS n, COUNT(reading) AS n_reading, SUM(reading) AS total, "
            "MIN(reading) AS lo, MAX(reading) AS hi, AVG(reading) AS mean, SUM(bytes) AS bytes, "
            "COUNT_IF(status = 'error') AS errors FROM r_equiv_raw WHERE device IS NOT NULL "
            "GROUP BY minute, device, status ORDER BY minute, device, status")
        rolled_grouped = (
            "SELECT _event_time AS minute, device, status, n, n_reading, total, lo, hi, mean, "
            "bytes, errors FROM r_equiv ORDER BY minute, device, status")
        raw, rolled = self.query(raw_grouped), self.query(rolled_grouped)
        self.assertGreater(len(raw), 100)
        self.assertEqual(len(raw), len(rolled))
        for want, got in zip(raw, rolled):
            self.assertTrue(close(got, want), f"rollup {got} raw {want}")
        # Re-aggregating the rollup answers coarser questions the same way.
        for raw_sql, rolled_sql in [
                ("SELECT device, COUNT(*) AS n, SUM(bytes) AS b FROM r_equiv_raw "
                 "WHERE device IS NOT NULL GROUP BY device ORDER BY device",
                 "SELECT device, SUM(n) AS n, SUM(bytes) AS b FROM r_equiv "
                 "GROUP BY device ORDER BY device"),
                ("SELECT MIN(reading) AS lo, MAX(reading) AS hi, COUNT(reading) AS c "
                 "FROM r_equiv_raw WHERE device IS NOT NULL",
                 "SELECT MIN(lo) AS lo, MAX(hi) AS hi, SUM(n_reading) AS c FROM r_equiv"),
                ("SELECT status, SUM(reading) / COUNT(reading) AS mean FROM r_equiv_raw "
                 "WHERE device IS NOT NULL GROUP BY status ORDER BY status",
                 "SELECT status, SUM(total) / SUM(n_reading) AS mean FROM r_equiv "
                 "GROUP BY status ORDER BY status")]:
            want, got = self.query(raw_sql), self.query(rolled_sql)
            self.assertTrue(close(got, want), f"{rolled_sql}: {got} vs {want}")


if __name__ == "__main__":
    unittest.main()
