#!/usr/bin/env python3
"""End-to-end tests of the Query API (api.md §8) against a real `basalt serve`: sync queries
with parameters and row limits, pagination through /pages, async queries and QueryInfo,
listing and cancelling, validation, and the error bodies of bad requests.
python3 stdlib only; the binary comes from BASALT_BIN, else the newest build dir's."""

import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

API_KEY = "query-api-test-key-0123456789"
QUERIES = "/v1/orgs/self/queries"
ERROR_KEYS = {"message", "message_key", "type", "line", "column", "trace_id", "error_id",
              "query_id", "virtual_instance_rrn", "virtual_instance_id", "internal_errors"}


class QueryApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="basalt-query-api-")
        cls.server = Server(cls.data_dir, API_KEY)
        cls.client = Client(cls.server.port, API_KEY)
        status, _ = cls.client.call("POST", "/v1/orgs/self/ws/commons/collections", {"name": "nums"})
        assert status == 200
        docs = [{"_id": "n%03d" % i, "n": i, "even": i % 2 == 0} for i in range(250)]
        status, body = cls.client.call("POST", "/v1/orgs/self/ws/commons/collections/nums/docs",
                                       {"data": docs})
        assert status == 200 and all(d["status"] == "ADDED" for d in body["data"]), body

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)

    def query(self, sql, **extra):
        request = {"sql": {"query": sql}}
        request["sql"].update(extra.pop("sql_extra", {}))
        request.update(extra)
        return self.client.call("POST", QUERIES, request)

    def assert_error(self, result, status, error_type):
        got_status, body = result
        self.assertEqual(got_status, status, body)
        self.assertEqual(set(body), ERROR_KEYS)
        self.assertEqual(body["type"], error_type)
        self.assertTrue(body["trace_id"])
        return body

    def test_sync_query_with_parameters(self):
        status, body = self.query("SELECT COUNT(*) AS c FROM nums WHERE n >= :lo AND even = :e",
                                  sql_extra={"parameters": [
                                      {"name": "lo", "type": "int", "value": "200"},
                                      {"name": "e", "type": "bool", "value": "true"}]})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["status"], "COMPLETED")
        self.assertEqual(body["results"], [{"c": 25}])
        self.assertEqual(body["column_fields"], [{"name": "c", "type": ""}])
        self.assertEqual(body["collections"], ["commons.nums"])
        self.assertIsNone(body["pagination"])
        self.assertTrue(body["query_id"])
        for key in ("results_total_doc_count", "stats", "query_errors", "warnings", "last_offset"):
            self.assertIn(key, body)

    def test_default_row_limit_applies_only_without_limit(self):
        _, body = self.query("SELECT n FROM nums ORDER BY n", sql_extra={"default_row_limit": 7})
        self.assertEqual(len(body["results"]), 7)
        _, body = self.query("SELECT n FROM nums ORDER BY n LIMIT 9",
                             sql_extra={"default_row_limit": 7})
        self.assertEqual(len(body["results"]), 9)

    def test_pagination(self):
        status, body = self.query("SELECT n FROM nums ORDER BY n", max_initial_results=100)
        self.assertEqual(status, 200, body)
        self.assertEqual(len(body["results"]), 100)
        self.assertEqual(body["results_total_doc_count"], 250)
        rows = [r["n"] for r in body["results"]]
        cursor = body["pagination"]["next_cursor"]
        query_id = body["query_id"]
        while cursor:
            status, page = self.client.call("GET", "%s/%s/pages?cursor=%s&docs=60" %
                                            (QUERIES, query_id, cursor))
            self.assertEqual(status, 200, page)
            rows += [r["n"] for r in page["results"]]
            cursor = page["pagination"]["next_cursor"]
        self.assertEqual(rows, list(range(250)))
        self.assert_error(self.client.call("GET", "%s/%s/pages?cursor=bogus" % (QUERIES, query_id)),
                          400, "INVALIDINPUT")
        self.assert_error(self.client.call("GET", "%s/nope/pages" % QUERIES), 404, "NOTFOUND")

    def test_async_query_and_info(self):
        status, body = self.query("SELECT SUM(n) AS s FROM nums", **{
            "async": True, "async_options": {"client_timeout_ms": 5000}})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["status"], "COMPLETED")
        self.assertEqual(body["results"], [{"s": sum(range(250))}])
        status, info = self.client.call("GET", "%s/%s" % (QUERIES, body["query_id"]))
        self.assertEqual(status, 200, info)
        self.assertEqual(info["data"]["status"], "COMPLETED")
        self.assertEqual(info["data"]["stats"]["result_set_document_count"], 1)
        status, listing = self.client.call("GET", QUERIES)
        self.assertEqual(status, 200)
        self.assertIsInstance(listing["data"], list)
        status, cancelled = self.client.call("DELETE", "%s/%s" % (QUERIES, body["query_id"]))
        self.assertEqual(status, 200, cancelled)
        self.assertEqual(cancelled["data"]["status"], "COMPLETED")  # already finished

    def test_validation(self):
        status, body = self.client.call("POST", QUERIES + "/validations",
                                        {"sql": {"query": "SELECT n FROM nums WHERE n > :x"}})
        self.assertEqual(status, 200, body)
        self.assertEqual(body, {"collections": ["commons.nums"], "parameters": ["x"]})
        body = self.assert_error(self.client.call("POST", QUERIES + "/validations",
                                                  {"sql": {"query": "SELECT FROM"}}),
                                 400, "QUERY_ERROR")
        self.assertEqual(body["line"], 1)

    def test_errors(self):
        self.assert_error(self.client.call("POST", QUERIES, {}), 400, "INVALIDINPUT")
        self.assert_error(self.client.call("POST", QUERIES, {"sql": {"query": 5}}), 400,
                          "INVALIDINPUT")
        body = self.assert_error(self.query("SELECT n\nFROM nums WHERE"), 400, "QUERY_ERROR")
        self.assertEqual((body["line"], body["column"]), (2, 16))
        body = self.assert_error(self.query("SELECT * FROM missing_coll"), 404, "NOTFOUND")
        self.assertIn("missing_coll", body["message"])
        body = self.assert_error(self.query("SELECT :nope"), 400, "QUERY_ERROR")
        self.assertIn("nope", body["message"])
        self.assert_error(self.query("SELECT :p", sql_extra={"parameters": [
            {"name": "p", "type": "int", "value": "x"}]}), 400, "INVALIDINPUT")
        self.assert_error(self.query("SELECT :p", sql_extra={"parameters": [
            {"name": "p", "type": "whatever", "value": "1"}]}), 400, "INVALIDINPUT")
        body = self.assert_error(self.query("SELECT NOPE_FN(1)"), 400, "QUERY_ERROR")
        self.assertEqual(body["error_id"], "function_not_found")
        self.assert_error(self.query("SELECT 1 / 0"), 400, "QUERY_ERROR")
        self.assert_error(self.client.call("GET", QUERIES + "/unknown-id"), 404, "NOTFOUND")
        # The data is intact after every refused request.
        _, body = self.query("SELECT COUNT(*) AS c FROM nums")
        self.assertEqual(body["results"], [{"c": 250}])


if __name__ == "__main__":
    unittest.main()
