#!/usr/bin/env python3
"""Integrations (api.md §13) and sources list/get (§14) over raw HTTP against `basalt serve`:
create / list / get / update / delete for every kind, validation errors that change
nothing, secrets never shown by any answer, secrets not in plain text anywhere in the data
directory (checked after a clean stop, so every file is flushed), and everything surviving
a restart.

python3 stdlib only; the binary comes from BASALT_BIN, else the newest build dir's.
"""

import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

ROOT_KEY = "integrations-test-root-key-0123"
ORG = "/v1/orgs/self"
INTEGRATIONS = ORG + "/integrations"
MASK = "********"
KINDS = ["s3", "kinesis", "dynamodb", "gcs", "azure_blob_storage", "azure_event_hubs",
         "azure_service_bus", "kafka", "mongodb", "snowflake", "mysql", "postgres"]

# Every secret below is unique so that it can be searched for in the data directory.
SERVICE_ACCOUNT = json.dumps({"type": "service_account", "private_key": "GCS-PRIVATE-KEY-7f3a"})
EXAMPLES = {
    "s3": ({"aws_access_key": {"aws_access_key_id": "AKIAS3",
                               "aws_secret_access_key": "S3-SECRET-9d1c"}},
           ["S3-SECRET-9d1c"]),
    "kinesis": ({"aws_role": {"aws_role_arn": "arn:aws:iam::1:role/k",
                              "aws_external_id": "ext"}}, []),
    "dynamodb": ({"aws_access_key": {"aws_access_key_id": "AKIADY",
                                     "aws_secret_access_key": "DYNAMO-SECRET-4b2e"},
                  "s3_export_bucket_name": "exports"}, ["DYNAMO-SECRET-4b2e"]),
    "gcs": ({"gcp_service_account": {"service_account_key_file_json": SERVICE_ACCOUNT}},
            ["GCS-PRIVATE-KEY-7f3a"]),
    "azure_blob_storage": ({"connection_string": "AccountKey=AZBLOB-SECRET-61aa"},
                           ["AZBLOB-SECRET-61aa"]),
    "azure_event_hubs": ({"connection_string": "SharedAccessKey=AZHUB-SECRET-0c9d"},
                         ["AZHUB-SECRET-0c9d"]),
    "azure_service_bus": ({"connection_string": "SharedAccessKey=AZBUS-SECRET-88e1"},
                          ["AZBUS-SECRET-88e1"]),
    "kafka": ({"kafka_data_format": "JSON", "kafka_topic_names": ["t1"], "use_v3": True,
               "bootstrap_servers": "broker:9092",
               "security_config": {"api_key": "ck", "secret": "KAFKA-SECRET-3f70"},
               "schema_registry_config": {"url": "http://sr", "key": "sk",
                                          "secret": "SCHEMA-SECRET-5e2b"}},
              ["KAFKA-SECRET-3f70", "SCHEMA-SECRET-5e2b"]),
    "mongodb": ({"connection_uri": "mongodb+srv://u:MONGO-PASSWORD-2a4f@host/db",
                 "tls": {"client_cert": "CERT", "client_key": "MONGO-TLS-KEY-19bc"}},
                ["MONGO-PASSWORD-2a4f", "MONGO-TLS-KEY-19bc"]),
    "snowflake": ({"snowflake_url": "https://acct.snowflakecomputing.com", "username": "u",
                   "password": "SNOW-PASSWORD-7d6e", "default_warehouse": "wh",
                   "s3_export_path": "s3://b/p",
                   "aws_role": {"aws_role_arn": "arn:aws:iam::1:role/s"}},
                  ["SNOW-PASSWORD-7d6e"]),
    "mysql": ({"host": "db", "username": "u", "password": "MYSQL-PASSWORD-0e0e",
               "database": "shop"}, ["MYSQL-PASSWORD-0e0e"]),
    "postgres": ({"connection_uri": "postgresql://u:PG-PASSWORD-4c4c@db/shop"},
                 ["PG-PASSWORD-4c4c"]),
}
ALL_SECRETS = [s for _, secrets in EXAMPLES.values() for s in secrets]


def files_containing(root, needles):
    found = []
    for directory, _, files in os.walk(root):
        for name in files:
            with open(os.path.join(directory, name), "rb") as handle:
                data = handle.read()
            found += [(name, n) for n in needles if n.encode() in data]
    return found


class IntegrationsTest(unittest.TestCase):
    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="basalt-integrations-")
        self.server = Server(self.data_dir, ROOT_KEY)
        self.client = Client(self.server.port, ROOT_KEY)

    def tearDown(self):
        self.client.close()
        if self.server:
            self.server.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def call(self, method, path, body=None):
        return self.client.call(method, path, body)

    def expect_error(self, answer, status, error_type):
        self.assertEqual(answer[0], status, answer[1])
        self.assertEqual(answer[1]["type"], error_type, answer[1])

    def assert_no_secret(self, payload):
        text = json.dumps(payload)
        for secret in ALL_SECRETS:
            self.assertNotIn(secret, text)

    def test_every_kind_round_trips_masked(self):
        for kind in KINDS:
            config, secrets = EXAMPLES[kind]
            with self.subTest(kind=kind):
                status, made = self.call("POST", INTEGRATIONS, {
                    "name": "i_" + kind, "description": kind, kind: config})
                self.assertEqual(status, 200, made)
                data = made["data"]
                self.assert_no_secret(data)
                self.assertEqual(data["name"], "i_" + kind)
                self.assertEqual(data["created_by"], "admin@basalt.local")
                self.assertEqual(data["collections"], [])
                self.assertFalse(data["is_write_enabled"])
                for other in KINDS:
                    if other != kind:
                        self.assertIsNone(data[other])
                if secrets:
                    self.assertIn(MASK, json.dumps(data[kind]))
                status, got = self.call("GET", INTEGRATIONS + "/i_" + kind)
                self.assertEqual((status, got["data"]), (200, data))
        status, listed = self.call("GET", INTEGRATIONS)
        self.assertEqual(sorted(i["name"] for i in listed["data"]),
                         sorted("i_" + k for k in KINDS))
        self.assert_no_secret(listed)
        # Non-secret fields are echoed.
        self.assertEqual(listed["data"][[i["name"] for i in listed["data"]].index("i_kafka")]
                         ["kafka"]["bootstrap_servers"], "broker:9092")

        # Secrets are nowhere in the data directory in plain text (after a clean stop).
        self.server.stop()
        self.server = None
        self.assertEqual(files_containing(self.data_dir, ALL_SECRETS), [])
        self.assertTrue(os.path.exists(os.path.join(self.data_dir, "secret.key")))
        self.assertEqual(os.stat(os.path.join(self.data_dir, "secret.key")).st_mode & 0o077, 0)

        # And they come back after a restart.
        self.server = Server(self.data_dir, ROOT_KEY)
        self.client = Client(self.server.port, ROOT_KEY)
        status, listed = self.call("GET", INTEGRATIONS)
        self.assertEqual(len(listed["data"]), len(KINDS))

    def test_update_and_delete(self):
        config, _ = EXAMPLES["s3"]
        self.assertEqual(self.call("POST", INTEGRATIONS, {"name": "up", "s3": config})[0], 200)
        # Description and write flag only: the kind stays.
        status, updated = self.call("PUT", INTEGRATIONS + "/up",
                                    {"description": "new", "is_write_enabled": True})
        self.assertEqual(status, 200, updated)
        self.assertEqual(updated["data"]["description"], "new")
        self.assertTrue(updated["data"]["is_write_enabled"])
        self.assertEqual(updated["data"]["s3"]["aws_access_key"]["aws_access_key_id"], "AKIAS3")
        # A new kind object replaces the old one; the mask sent back keeps the secret.
        status, updated = self.call("PUT", INTEGRATIONS + "/up", {"s3": {"aws_access_key": {
            "aws_access_key_id": "AKIANEW", "aws_secret_access_key": MASK}}})
        self.assertEqual(status, 200, updated)
        self.assertEqual(updated["data"]["s3"]["aws_access_key"],
                         {"aws_access_key_id": "AKIANEW", "aws_secret_access_key": MASK})
        status, updated = self.call("PUT", INTEGRATIONS + "/up", {"gcs": EXAMPLES["gcs"][0]})
        self.assertEqual(status, 200, updated)
        self.assertIsNone(updated["data"]["s3"])
        self.assertIsNotNone(updated["data"]["gcs"])
        self.expect_error(self.call("PUT", INTEGRATIONS + "/up", {"s3": {}}), 400, "INVALIDINPUT")
        self.expect_error(self.call("PUT", INTEGRATIONS + "/nope", {"description": "x"}),
                          404, "NOTFOUND")
        status, deleted = self.call("DELETE", INTEGRATIONS + "/up")
        self.assertEqual((status, deleted["data"]["name"]), (200, "up"))
        self.expect_error(self.call("GET", INTEGRATIONS + "/up"), 404, "NOTFOUND")
        self.expect_error(self.call("DELETE", INTEGRATIONS + "/up"), 404, "NOTFOUND")

    def test_bad_requests_change_nothing(self):
        config, _ = EXAMPLES["s3"]
        self.assertEqual(self.call("POST", INTEGRATIONS, {"name": "taken", "s3": config})[0], 200)
        cases = [
            ({"s3": config}, 400, "INVALIDINPUT"),                         # no name
            ({"name": "bad name", "s3": config}, 400, "INVALIDINPUT"),
            ({"name": "none"}, 400, "INVALIDINPUT"),                       # no kind
            ({"name": "two", "s3": config, "kinesis": config}, 400, "INVALIDINPUT"),
            ({"name": "creds", "s3": {}}, 400, "INVALIDINPUT"),
            ({"name": "gcs", "gcp": {}, "gcs": {"gcp_service_account": {
                "service_account_key_file_json": "not json"}}}, 400, "INVALIDINPUT"),
            ({"name": "kafka", "kafka": {"kafka_data_format": "XML"}}, 400, "INVALIDINPUT"),
            ({"name": "mongo", "mongodb": {}}, 400, "INVALIDINPUT"),
            ({"name": "snow", "snowflake": {"snowflake_url": "u"}}, 400, "INVALIDINPUT"),
            ({"name": "taken", "s3": config}, 409, "ALREADYEXISTS"),
        ]
        for body, status, error_type in cases:
            with self.subTest(body=body):
                self.expect_error(self.call("POST", INTEGRATIONS, body), status, error_type)
        status, listed = self.call("GET", INTEGRATIONS)
        self.assertEqual([i["name"] for i in listed["data"]], ["taken"])

    def test_sources_of_write_api_collections(self):
        path = ORG + "/ws/commons/collections"
        self.assertEqual(self.call("POST", path, {"name": "docs"})[0], 200)
        status, listed = self.call("GET", path + "/docs/sources")
        self.assertEqual((status, listed), (200, {"data": []}))
        self.expect_error(self.call("GET", path + "/docs/sources/abc"), 404, "NOTFOUND")
        self.expect_error(self.call("DELETE", path + "/docs/sources/abc"), 404, "NOTFOUND")
        self.expect_error(self.call("POST", path + "/docs/sources/abc/suspend", {}), 404, "NOTFOUND")
        self.expect_error(self.call("GET", path + "/missing/sources"), 404, "NOTFOUND")
        self.expect_error(self.call("POST", path + "/docs/sources", {
            "integration_name": "x", "s3": {"bucket": "b"}}), 501, "NOTIMPLEMENTEDYET")
        status, listed = self.call("GET", path + "/docs/sources")
        self.assertEqual(listed, {"data": []})


if __name__ == "__main__":
    unittest.main()
