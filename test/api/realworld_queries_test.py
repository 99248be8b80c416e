#!/usr/bin/env python3
"""Query and query-lambda calls shaped like those of public Rockset applications (dashboards,
vector search, pagination scripts), against a real `basalt serve`: every parameter type as
clients send it, JavaScript ISO times compared with _event_time, vector embeddings passed as
`array` parameters, `LIMIT :limit OFFSET :offset` and keyset pages through lambdas executed
by the implicit `latest` tag, `query_lambda_path`, and result pages by cursor.
python3 stdlib only; the binary comes from BASALT_BIN, else the newest build dir's."""

import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

API_KEY = "realworld-test-key-0123456789"
WS = "/v1/orgs/self/ws"
QUERIES = "/v1/orgs/self/queries"
LAMBDAS = WS + "/shop/lambdas"


def param(name, type_, value):
    return {"name": name, "type": type_, "value": value}


class RealWorldQueriesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="basalt-realworld-")
        cls.server = Server(cls.data_dir, API_KEY)
        cls.client = Client(cls.server.port, API_KEY)
        cls.ok_("POST", WS, {"name": "shop"})
        cls.ok_("POST", WS + "/shop/collections", {"name": "payments"})
        cls.ok_("POST", WS + "/shop/collections", {"name": "items"})
        payments = [{"_id": "p%02d" % i, "team": "north" if i % 2 else "south",
                     "kind": ["rent", "food", "travel"][i % 3], "amount": 12.5 * (i + 1),
                     "_event_time": "2024-05-%02dT12:00:00Z" % (i + 1)}
                    for i in range(20)]
        cls.ok_("POST", WS + "/shop/collections/payments/docs", {"data": payments})
        items = [{"_id": "i%02d" % i, "label": "gold" if i % 4 else "tin", "price": 5.0 + i,
                  "tags": ["gold", "shiny"] if i % 4 else ["tin"], "vec": [0.1 * i, 1.0, -0.5]}
                 for i in range(24)]
        cls.ok_("POST", WS + "/shop/collections/items/docs", {"data": items})

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

    def query(self, sql, parameters=None, **extra):
        request = {"sql": {"query": sql}}
        if parameters is not None:
            request["sql"]["parameters"] = parameters
        request["sql"].update(extra)
        return self.ok("POST", QUERIES, request)

    def test_every_parameter_type_as_clients_send_it(self):
        cases = [
            ("string", "north", "north", "string"),
            ("int", "42", 42, "int"),
            ("float", "2.5", 2.5, "float"),
            ("bool", "true", True, "bool"),
            ("date", "2024-05-03", "2024-05-03", "date"),
            ("datetime", "2024-05-03T10:00:00", "2024-05-03T10:00:00", "datetime"),
            ("time", "10:00:00", "10:00:00", "time"),
            ("timestamp", "2024-05-03T10:00:00.000000Z", "2024-05-03T10:00:00.000000Z",
             "timestamp"),
            ("array", "[0.5, -0.25, 1.0]", [0.5, -0.25, 1.0], "array"),
            ("object", '{"k": [1, 2]}', {"k": [1, 2]}, "object"),
        ]
        for type_, text, value, typeof in cases:
            with self.subTest(type_=type_):
                rows = self.query("SELECT :p AS v, TYPEOF(:p) AS t", [param("p", type_, text)])
                self.assertEqual(rows["results"], [{"v": value, "t": typeof}])
        status, body = self.client.call("POST", QUERIES, {"sql": {
            "query": "SELECT :p AS v", "parameters": [param("p", "array", "{\"not\": 1}")]}})
        self.assertEqual((status, body["type"]), (400, "INVALIDINPUT"), body)

    def test_float_range_filter_with_limit(self):
        rows = self.query(
            "SELECT * FROM shop.payments WHERE team = :team AND kind = :kind "
            "AND amount BETWEEN :lo AND :hi ORDER BY _event_time DESC LIMIT 20",
            [param("team", "string", "north"), param("kind", "string", "rent"),
             param("lo", "float", "20"), param("hi", "float", "200")])
        self.assertEqual([r["_id"] for r in rows["results"]], ["p15", "p09", "p03"])

    def test_event_time_against_javascript_iso_text(self):
        sql = ("SELECT kind, COUNT(*) AS n, FROM shop.payments "
               "WHERE _event_time >= PARSE_DATETIME_ISO8601(:startTime) "
               "AND _event_time < PARSE_DATETIME_ISO8601(:stopTime) GROUP BY kind ORDER BY kind")
        rows = self.query(sql, [param("startTime", "string", "2024-05-04T00:00:00.000Z"),
                                param("stopTime", "string", "2024-05-10T00:00:00.000Z")])
        self.assertEqual(rows["results"], [{"kind": "food", "n": 2}, {"kind": "rent", "n": 2},
                                           {"kind": "travel", "n": 2}])

    def test_spaced_parameters_and_trailing_commas(self):
        # SQL formatters write `=: name` and `: name`; select lists end with a comma.
        rows = self.query("SELECT _id, amount, FROM shop.payments WHERE team =: team "
                          "AND kind = : kind ORDER BY _id LIMIT : n",
                          [param("team", "string", "south"), param("kind", "string", "food"),
                           param("n", "int", "2")])
        self.assertEqual([r["_id"] for r in rows["results"]], ["p04", "p10"])

    def test_vector_search_lambda_with_array_parameter(self):
        sql = ("SELECT _id, label, APPROX_DOT_PRODUCT(vec, VECTOR_ENFORCE(:embedding, 3, 'float'))"
               " AS similarity FROM shop.items WHERE price BETWEEN :min_price AND :max_price "
               "AND ARRAY_CONTAINS(tags, LOWER(:label)) ORDER BY similarity DESC LIMIT :limit;")
        defaults = [param("embedding", "array", "[1.0, 0.0, 0.0]"),
                    param("min_price", "float", "0"), param("max_price", "float", "100"),
                    param("label", "string", "GOLD"), param("limit", "int", "3")]
        created = self.ok("POST", LAMBDAS, {"name": "find-similar",
                                            "sql": {"query": sql, "default_parameters": defaults}})
        version = created["data"]["version"]
        self.assertEqual(created["data"]["state"], "ACTIVE")
        by_tag = self.ok("POST", LAMBDAS + "/find-similar/tags/latest", {})
        self.assertEqual([r["_id"] for r in by_tag["results"]], ["i23", "i22", "i21"])
        self.assertEqual(by_tag["query_lambda_path"], "shop.find-similar::" + version)
        by_version = self.ok("POST", LAMBDAS + "/find-similar/versions/" + version, {
            "parameters": [param("embedding", "array", "[-1.0, 0.0, 0.0]"),
                           param("limit", "int", "2")]})
        self.assertEqual([r["_id"] for r in by_version["results"]], ["i01", "i02"])
        self.assertEqual(by_version["query_lambda_path"].split("::")[1], version)

    def test_limit_offset_and_keyset_pages_through_lambdas(self):
        self.ok("POST", LAMBDAS, {"name": "page_by_offset", "sql": {
            "query": "SELECT _id FROM shop.items WHERE label = :label ORDER BY _id "
                     "LIMIT :limit OFFSET :offset",
            "default_parameters": [param("label", "string", "gold"), param("limit", "int", "5"),
                                   param("offset", "int", "0")]}})
        self.ok("POST", LAMBDAS, {"name": "page_by_key", "sql": {
            "query": "SELECT _id FROM shop.items WHERE label = :label AND _id > :key "
                     "ORDER BY _id LIMIT :limit",
            "default_parameters": [param("label", "string", "gold"), param("limit", "int", "5"),
                                   param("key", "string", "")]}})
        seen_offset, seen_key, page, key = [], [], 0, ""
        while True:
            body = self.ok("POST", LAMBDAS + "/page_by_offset/tags/latest", {
                "initial_paginate_response_doc_count": None,
                "parameters": [param("label", "string", "gold"), param("limit", "int", "5"),
                               param("offset", "int", str(page * 5))]})
            if not body["results"]:
                break
            seen_offset += [r["_id"] for r in body["results"]]
            page += 1
        while True:
            body = self.ok("POST", LAMBDAS + "/page_by_key/tags/latest", {
                "initial_paginate_response_doc_count": 100,
                "parameters": [param("label", "string", "gold"), param("limit", "int", "5"),
                               param("key", "string", key)]})
            if not body["results"]:
                break
            seen_key += [r["_id"] for r in body["results"]]
            key = body["results"][-1]["_id"]
        expected = ["i%02d" % i for i in range(24) if i % 4]
        self.assertEqual(seen_offset, expected)
        self.assertEqual(seen_key, expected)

    def test_paginated_lambda_then_pages_by_cursor(self):
        self.ok("POST", LAMBDAS, {"name": "all_gold", "sql": {
            "query": "SELECT _id FROM shop.items WHERE label = :label ORDER BY _id",
            "default_parameters": [param("label", "string", "gold")]}})
        first = self.ok("POST", LAMBDAS + "/all_gold/tags/latest", {
            "paginate": True, "initial_paginate_response_doc_count": 8,
            "parameters": [param("label", "string", "gold")]})
        self.assertEqual(first["results_total_doc_count"], 18)
        self.assertEqual(first["pagination"]["current_page_doc_count"], 8)
        ids = [r["_id"] for r in first["results"]]
        cursor = first["pagination"]["next_cursor"]
        # the cursor as a path segment (older scripts) and as ?cursor=
        second = self.ok("GET", "%s/%s/pages/%s?docs=8" % (QUERIES, first["query_id"], cursor))
        same = self.ok("GET", "%s/%s/pages?cursor=%s&docs=8" % (QUERIES, first["query_id"], cursor))
        self.assertEqual(second, same)
        ids += [r["_id"] for r in second["results"]]
        third = self.ok("GET", "%s/%s/pages/%s?docs=8" % (
            QUERIES, first["query_id"], second["pagination"]["next_cursor"]))
        ids += [r["_id"] for r in third["results"]]
        self.assertIsNone(third["pagination"]["next_cursor"])
        self.assertEqual(ids, ["i%02d" % i for i in range(24) if i % 4])
        status, body = self.client.call("GET", "%s/%s/pages/bogus" % (QUERIES, first["query_id"]))
        self.assertEqual((status, body["type"]), (400, "INVALIDINPUT"), body)

    def test_events_collection(self):
        # Rockset's own client tests and dashboards read the organization's event log.
        count = self.query("Select count(*) from _events;")
        self.assertEqual(count["collections"], ["commons._events"])
        self.assertEqual(count["column_fields"], [{"name": "?count", "type": ""}])
        made = self.query("SELECT label, kind, type, user_email FROM commons._events "
                          "WHERE ARRAY_CONTAINS(collections, :path) ORDER BY _event_time",
                          [param("path", "string", "shop.payments")])
        self.assertEqual(made["results"], [{"label": "COLLECTION_CREATED", "kind": "COLLECTION",
                                            "type": "INFO", "user_email": "admin@basalt.local"}])
        self.ok("POST", WS + "/shop/collections", {"name": "scratch"})
        self.ok("DELETE", WS + "/shop/collections/scratch")
        labels = self.query("SELECT label FROM commons._events WHERE "
                            "ARRAY_CONTAINS(collections, 'shop.scratch') ORDER BY _event_time")
        self.assertEqual([r["label"] for r in labels["results"]],
                         ["COLLECTION_CREATED", "COLLECTION_DROPPED"])
        # a lambda as Terraform's acceptance tests make it, and a Grafana-style time series
        self.ok("POST", WS + "/commons/lambdas", {"name": "recent-events", "sql": {
            "query": "SELECT * FROM commons._events WHERE _events._event_time > :timestamp LIMIT 1",
            "default_parameters": [param("timestamp", "timestamp", "2020-01-01T00:00:00.000000Z")]}})
        one = self.ok("POST", WS + "/commons/lambdas/recent-events/tags/latest", {})
        self.assertEqual(len(one["results"]), 1)
        self.assertEqual(set(one["results"][0]) >= {"_id", "_event_time", "label", "kind", "type"},
                         True, one["results"])
        series = self.query(
            "SELECT TIME_BUCKET(MINUTES(5), _events._event_time) AS _event_time, _events.type, "
            "COUNT(_events.type) AS value FROM commons._events WHERE _events._event_time > "
            ":startTime AND _events._event_time < :stopTime GROUP BY _event_time, type "
            "ORDER BY _event_time",
            [param("startTime", "timestamp", "2020-01-01T00:00:00Z"),
             param("stopTime", "timestamp", "2200-01-01T00:00:00Z")])
        self.assertEqual(sum(r["value"] for r in series["results"]),
                         self.query("SELECT COUNT(*) AS n FROM commons._events")["results"][0]["n"])
        status, body = self.client.call("DELETE", WS + "/commons/collections/_events")
        self.assertEqual((status, body["type"]), (400, "INVALIDINPUT"), body)
        status, body = self.client.call("POST", WS + "/commons/collections", {"name": "_events"})
        self.assertEqual((status, body["type"]), (400, "INVALIDINPUT"), body)


if __name__ == "__main__":
    unittest.main()
