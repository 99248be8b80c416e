#!/usr/bin/env python3
"""End-to-end test of `basalt import`: NDJSON, JSON and CSV files and stdin into a running
`basalt serve`; the rejected-record summary with line numbers; an import killed with SIGKILL
(and one stopped with SIGINT) mid-way and run again ends with exactly the right documents.

python3 stdlib only. The binary comes from BASALT_BIN, else the newest build dir's.
Usage: import_test.py [-v] [unittest args]
"""

import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server, find_binary  # noqa: E402

BASALT = os.path.abspath(find_binary())
API_KEY = "import-test-key-0123456789"
COLLECTIONS = "/v1/orgs/self/ws/commons/collections"


class ImportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="basalt-import-")
        cls.server = Server(os.path.join(cls.tmp, "data"), API_KEY)
        cls.url = "http://127.0.0.1:%d" % cls.server.port
        cls.client = Client(cls.server.port, API_KEY)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.work = tempfile.mkdtemp(dir=self.tmp)

    def create(self, name):
        status, body = self.client.call("POST", COLLECTIONS, {"name": name})
        self.assertEqual(status, 200, body)

    def query(self, sql):
        status, body = self.client.call("POST", "/v1/orgs/self/queries", {"sql": {"query": sql}})
        self.assertEqual(status, 200, body)
        return body["results"]

    def write(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        return path

    def command(self, collection, *args):
        return [BASALT, "import", "--server", self.url, "--collection", collection, *args]

    def env(self):
        env = dict(os.environ)
        env["BASALT_API_KEY"] = API_KEY  # the key comes from the environment here
        return env

    def run_import(self, collection, *args, stdin=None):
        proc = subprocess.run(self.command(collection, *args), input=stdin, capture_output=True,
                              text=True, cwd=self.work, env=self.env(), timeout=300)
        return proc.returncode, proc.stdout, proc.stderr

    def test_formats_types_and_rejected_lines(self):
        self.create("mixed")
        ndjson = self.write("a.ndjson", "\n".join([
            '{"_id": "n1", "kind": "ndjson", "n": 1}',
            '{"kind": "ndjson", "n": 2}',
            '{"kind": "ndjson", "n": 3',  # line 3: malformed
            '',
            '[1, 2]',                     # line 5: not an object
            '{"kind": "ndjson", "n": 4, "nested": {"x": [1, 2]}}',
            json.dumps({"kind": "huge", "s": "x" * (11 << 20)}),  # line 7: over 10 MiB
        ]) + "\n")
        array = self.write("b.json", '[\n  {"kind": "json", "n": 5},\n  {"kind": "json", "n": 6}'
                                     ',\n  "text"\n]\n')
        csv_path = self.write("c.csv", "kind,n,zip,flag,note\n"
                                       "csv,7,01234,true,\n"
                                       '"csv",8,"99",false,"quoted, with comma"\n'
                                       "csv,9\n")  # line 4: too few fields
        rc, out, err = self.run_import("commons.mixed", ndjson, array, csv_path)
        self.assertEqual(rc, 1, err)  # some records were rejected
        self.assertIn("7 documents imported into commons.mixed", err)
        self.assertIn("5 records rejected:", err)
        self.assertRegex(err, re.escape(ndjson) + r":7: HTTP 413 CONTENTTOOLARGE")
        self.assertRegex(err, re.escape(ndjson) + r":3: malformed JSON")
        self.assertRegex(err, re.escape(ndjson) + r":5: a document must be a JSON object")
        self.assertRegex(err, re.escape(array) + r":4: a document must be a JSON object")
        self.assertRegex(err, re.escape(csv_path) + r":4: the row has 2 fields, the header 5")
        rows = self.query("SELECT * EXCEPT (_event_time) FROM mixed ORDER BY n")
        self.assertEqual([r["n"] for r in rows], [1, 2, 4, 5, 6, 7, 8])
        self.assertEqual(rows[0]["_id"], "n1")
        self.assertEqual(rows[2]["nested"], {"x": [1, 2]})
        self.assertEqual(rows[5], {"_id": rows[5]["_id"], "kind": "csv", "n": 7, "zip": "01234",
                                   "flag": True, "note": None})
        self.assertEqual(rows[6]["note"], "quoted, with comma")
        self.assertEqual(rows[6]["zip"], "99")
        # The checkpoint is gone once the import is over.
        self.assertEqual(glob.glob(os.path.join(self.work, ".basalt-import-*")), [])

        # stdin, CSV without type inference and another delimiter.
        rc, out, err = self.run_import("commons.mixed", "--format", "csv", "--delimiter", ";",
                                       "--no-type-inference", "-",
                                       stdin="kind;n\nstdin;10\nstdin;11\n")
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.query("SELECT n FROM mixed WHERE kind = 'stdin' ORDER BY n"),
                         [{"n": "10"}, {"n": "11"}])

    def test_create(self):
        rc, _, err = self.run_import("commons.made", "--create",
                                     self.write("m.ndjson", '{"a": 1}\n{"a": 2}\n'))
        self.assertEqual(rc, 0, err)
        self.assertIn("created collection commons.made", err)
        self.assertEqual(self.query("SELECT COUNT(*) AS n FROM made"), [{"n": 2}])
        rc, _, err = self.run_import("nows.made", "--create", self.write("n.ndjson", "{}\n"))
        self.assertEqual(rc, 1)
        self.assertIn("NOTFOUND", err)

    def test_errors(self):
        rc, _, err = self.run_import("commons.nosuch", self.write("x.ndjson", "{}\n"))
        self.assertEqual(rc, 1)
        self.assertIn("NOTFOUND", err)
        rc, _, err = self.run_import("commons.nosuch")
        self.assertEqual(rc, 2)
        self.assertIn("no input", err)
        proc = subprocess.run([BASALT, "import", "--server", self.url, "--api-key", "wrong",
                               "--collection", "commons.x", self.write("y.ndjson", "{}\n")],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("AUTHEXCEPTION", proc.stderr)

    def big_file(self, count, bad_every):
        """NDJSON of `count` lines; every `bad_every`-th line is malformed; half of the good
        documents carry an _id. Returns (path, good count, bad line numbers)."""
        lines, bad = [], []
        for i in range(1, count + 1):
            if i % bad_every == 0:
                lines.append('{"broken": ')
                bad.append(i)
            else:
                doc = {"i": i, **{f"f{k}": f"v{i % 97}-{k}" for k in range(30)}}
                if i % 2:
                    doc["_id"] = f"own{i}"
                lines.append(json.dumps(doc))
        return self.write("big.ndjson", "\n".join(lines) + "\n"), count - len(bad), bad

    def wait_for_progress(self, proc, minimum):
        """Waits until the checkpoint counts at least `minimum` documents."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.fail("the import ended before it could be interrupted: "
                          + proc.stderr.read())
            for path in glob.glob(os.path.join(self.work, ".basalt-import-*.json")):
                try:
                    with open(path, encoding="utf-8") as saved:
                        if json.load(saved)["imported"] >= minimum:
                            return
                except (OSError, ValueError):
                    pass
            time.sleep(0.01)
        self.fail("no progress")

    def check_complete(self, collection, good, bad):
        self.assertEqual(self.query(f"SELECT COUNT(*) AS n, COUNT(DISTINCT i) AS d FROM {collection}"),
                         [{"n": good, "d": good}])
        self.assertEqual(self.query(
            f"SELECT COUNT(*) AS n FROM {collection} WHERE _id LIKE 'own%'"),
            [{"n": len([i for i in range(1, good + len(bad) + 1) if i % 2 and i not in bad])}])

    def test_killed_import_resumes_without_duplicates(self):
        self.create("big")
        path, good, bad = self.big_file(60_000, 997)
        args = ["--batch-size", "20", "--parallel", "2", "--progress", "plain", path]
        proc = subprocess.Popen(self.command("commons.big", *args), cwd=self.work, env=self.env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.wait_for_progress(proc, 5_000)
        proc.kill()
        proc.wait()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        before = self.query("SELECT COUNT(*) AS n FROM big")[0]["n"]
        self.assertGreater(before, 0)
        self.assertLess(before, good)

        rc, out, err = self.run_import("commons.big", *args)
        self.assertEqual(rc, 1, err)  # the malformed lines
        self.assertIn("resuming from", err)
        self.assertIn(f"{good:,} documents imported into commons.big", err)
        self.assertIn(f"{len(bad)} records rejected:", err)
        # The first 20, rejected before and after the interruption, with their lines.
        self.assertLess(bad[0], 5_000)
        for line in bad[:20]:
            self.assertIn(f"{path}:{line}: malformed JSON", err)
        self.assertIn(f"and {len(bad) - 20} more", err)
        self.check_complete("big", good, bad)

    def test_server_killed_mid_import(self):
        """The server dies (SIGKILL) and comes back on the same port: the import retries,
        goes on by itself and ends with exactly the right documents."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        data_dir = os.path.join(self.work, "data")
        listen = ["--listen", f"127.0.0.1:{port}"]
        server = Server(data_dir, API_KEY, listen)
        try:
            path, good, bad = self.big_file(40_000, 1_000_000)
            command = [BASALT, "import", "--server", f"http://127.0.0.1:{port}", "--create",
                       "--collection", "commons.phoenix", "--batch-size", "20", path]
            proc = subprocess.Popen(command, cwd=self.work, env=self.env(),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            self.wait_for_progress(proc, 4_000)
            server.proc.kill()
            server.proc.wait()
            server = Server(data_dir, API_KEY, listen)
            _, err = proc.communicate(timeout=300)
            self.assertEqual(proc.returncode, 0, err)
            self.assertIn(f"{good:,} documents imported into commons.phoenix", err)
            client = Client(server.port, API_KEY)
            status, body = client.call("POST", "/v1/orgs/self/queries", {"sql": {
                "query": "SELECT COUNT(*) AS n, COUNT(DISTINCT i) AS d FROM phoenix"}})
            client.close()
            self.assertEqual(body["results"], [{"n": good, "d": good}], body)
        finally:
            server.stop()

    def test_interrupted_import_resumes_without_duplicates(self):
        self.create("sigint")
        path, good, bad = self.big_file(40_000, 1_000_000)
        args = ["--batch-size", "20", "--parallel", "2", "--checkpoint",
                os.path.join(self.work, "position.json"), path]
        proc = subprocess.Popen(self.command("commons.sigint", *args), cwd=self.work,
                                env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        deadline = time.monotonic() + 60
        while not os.path.exists(os.path.join(self.work, "position.json")):
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.01)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 130, err)
        self.assertIn("run the same command again to resume", err)
        rc, _, err = self.run_import("commons.sigint", *args)
        self.assertEqual(rc, 0, err)
        self.check_complete("sigint", good, bad)
        self.assertFalse(os.path.exists(os.path.join(self.work, "position.json")))


if __name__ == "__main__":
    unittest.main()
