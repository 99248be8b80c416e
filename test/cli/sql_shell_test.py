#!/usr/bin/env python3
"""End-to-end test of `basalt sql`: starts `basalt serve` with a known key, then runs the
shell one-shot (-c) in each output format and drives it through a pipe and a pseudo-terminal.

python3 stdlib only. The binary comes from BASALT_BIN, else the newest build dir's.
Usage: sql_shell_test.py [-v] [unittest args]
"""

import csv
import io
import json
import os
import re
import select
import signal
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server, find_binary  # noqa: E402

BASALT = os.path.abspath(find_binary())  # the shell runs in other directories

API_KEY = "sql-shell-test-key-0123456789"
PEOPLE = [
    {"_id": "1", "name": "ann", "age": 30, "tags": ["a", "b"], "city": None},
    {"_id": "2", "name": "bob", "age": 4.5, "addr": {"zip": "01234"}},
    {"_id": "3", "name": 'quote "q", comma', "age": 7},
]


class SqlShellTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="basalt-sql-shell-")
        cls.home = os.path.join(cls.tmp, "home")
        os.makedirs(cls.home)
        # The server's data dir is <tmp>/data, so ./data/credentials is found from <tmp>.
        cls.server = Server(os.path.join(cls.tmp, "data"), API_KEY)
        cls.url = "http://127.0.0.1:%d" % cls.server.port
        client = Client(cls.server.port, API_KEY)
        try:
            status, body = client.call("POST", "/v1/orgs/self/ws/commons/collections",
                                       {"name": "people"})
            assert status == 200, body
            status, body = client.call("POST", "/v1/orgs/self/ws/commons/collections/people/docs",
                                       {"data": PEOPLE})
            assert status == 200, body
            deadline = time.monotonic() + 30
            while True:
                status, body = client.call("POST", "/v1/orgs/self/queries",
                                           {"sql": {"query": "SELECT COUNT(*) AS n FROM people"}})
                if status == 200 and body["results"] == [{"n": len(PEOPLE)}]:
                    break
                assert time.monotonic() < deadline, body
                time.sleep(0.1)
        finally:
            client.close()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def env(self, **extra):
        env = dict(os.environ)
        env.pop("BASALT_API_KEY", None)
        env["HOME"] = self.home
        env.update(extra)
        return env

    def run_sql(self, *args, stdin=None, key=API_KEY, cwd=None, env=None, server=None,
                keep_crlf=False):
        command = [BASALT, "sql", "--server", server or self.url]
        if key is not None:
            command += ["--api-key", key]
        command += list(args)
        proc = subprocess.run(command, input=stdin, capture_output=True, cwd=cwd or self.tmp,
                              env=env or self.env(), timeout=60,
                              text=not keep_crlf, encoding=None if keep_crlf else "utf-8")
        if keep_crlf:  # text mode would turn CSV's \r\n into \n
            return proc.returncode, proc.stdout.decode(), proc.stderr.decode()
        return proc.returncode, proc.stdout, proc.stderr

    # --- one-shot -----------------------------------------------------------------------

    def test_table(self):
        rc, out, err = self.run_sql("-c", "SELECT name, age, tags, city FROM people ORDER BY _id")
        self.assertEqual((rc, err), (0, ""))
        lines = out.splitlines()
        self.assertEqual(lines[:7], [
            "+------------------+-----+-----------+------+",
            "| name             | age | tags      | city |",
            "+------------------+-----+-----------+------+",
            "| ann              |  30 | [\"a\",\"b\"] | NULL |",
            "| bob              | 4.5 |           |      |",
            "| quote \"q\", comma |   7 |           |      |",
            "+------------------+-----+-----------+------+",
        ])
        self.assertRegex(lines[7], r"^\(3 rows, \d+ ms\)$")
        self.assertEqual(len(lines), 8)

    def test_select_star_shows_the_union_of_fields(self):
        rc, out, err = self.run_sql("-c", "SELECT * FROM people ORDER BY _id")
        self.assertEqual((rc, err), (0, ""))
        header = [cell.strip() for cell in out.splitlines()[1].strip("|").split("|")]
        for field in ("_id", "name", "age", "tags", "city", "addr"):
            self.assertIn(field, header)
        self.assertLess(header.index("tags"), header.index("addr"))  # first-seen order
        self.assertIn('{"zip":"01234"}', out)

    def test_json(self):
        rc, out, err = self.run_sql("--format", "json", "-c",
                                    "SELECT name, age, addr FROM people ORDER BY _id")
        self.assertEqual((rc, err), (0, ""))
        rows = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(rows, [{"name": "ann", "age": 30},
                                {"name": "bob", "age": 4.5, "addr": {"zip": "01234"}},
                                {"name": 'quote "q", comma', "age": 7}])

    def test_csv(self):
        rc, out, err = self.run_sql("--format=csv", "-c",
                                    "SELECT name, tags, city FROM people ORDER BY _id",
                                    keep_crlf=True)
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(out.endswith("\r\n"))
        records = list(csv.reader(io.StringIO(out, newline="")))
        self.assertEqual(records, [["name", "tags", "city"],
                                   ["ann", '["a","b"]', ""],
                                   ["bob", "", ""],
                                   ['quote "q", comma', "", ""]])
        self.assertIn('"quote ""q"", comma"', out)

    def test_several_statements_and_parameters(self):
        rc, out, err = self.run_sql(
            "--format", "json", "--param", "n=string:bob", "--param", "a=int:5",
            "-c", "SELECT name FROM people WHERE name = :n; SELECT name FROM people "
                  "WHERE age > :a ORDER BY name;")
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(out.splitlines(), ['{"name":"bob"}', '{"name":"ann"}',
                                            '{"name":"quote \\"q\\", comma"}'])

    def test_error_has_type_and_position(self):
        rc, out, err = self.run_sql("-c", "SELECT 1;\nSELECT name\nFROM people WHERE;\nSELECT 2")
        self.assertEqual(rc, 1)
        self.assertIn("(1 row", out)
        self.assertNotIn("| 2 |", out)  # stops at the first error
        self.assertRegex(err, r"^ERROR QUERY_ERROR at line 2, column \d+: .+\n$")

    def test_bad_key(self):
        rc, out, err = self.run_sql("-c", "SELECT 1", key="not-the-key")
        self.assertEqual((rc, out), (1, ""))
        self.assertTrue(err.startswith("ERROR AUTHEXCEPTION"), err)

    def test_key_from_environment_and_credentials_file(self):
        rc, out, err = self.run_sql("-c", "SELECT 1 AS x", key=None,
                                    env=self.env(BASALT_API_KEY=API_KEY), cwd=self.home)
        self.assertEqual((rc, err), (0, ""))
        rc, out, err = self.run_sql("-c", "SELECT 1 AS x", key=None, cwd=self.tmp)
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("| 1 |", out)

    def test_missing_key_says_where_it_looked(self):
        rc, out, err = self.run_sql("-c", "SELECT 1", key=None, cwd=self.home)
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("--api-key", err)
        self.assertIn("BASALT_API_KEY", err)
        self.assertIn(os.path.join(self.home, "data", "credentials"), err)

    def test_unreachable_server(self):
        rc, out, err = self.run_sql("-c", "SELECT 1", server="http://127.0.0.1:1")
        self.assertEqual((rc, out), (1, ""))
        self.assertTrue(err.startswith("ERROR SERVICEUNAVAILABLE: cannot connect"), err)

    def test_usage_errors(self):
        rc, out, err = self.run_sql("--format", "xml", "-c", "SELECT 1")
        self.assertEqual(rc, 2)
        self.assertIn("unknown format 'xml'", err)
        rc, out, err = self.run_sql("--help")
        self.assertEqual(rc, 0)
        self.assertIn("usage: basalt sql", out)

    # --- statements from a pipe ----------------------------------------------------------

    def test_pipe(self):
        script = "\n".join([
            "SELECT name,",
            "       age  -- a comment; not the end",
            "FROM people",
            "WHERE name = 'ann';",
            "SELECT nope FROM;",
            "\\format json",
            "SELECT 'a;b' AS s; SELECT 2 AS y",
            ";",
            "\\format csv",
            "SELECT 3 AS z",
            "\\timing off",
            ";",
            "\\format xml",
            "\\q",
            "SELECT 'not run' AS after_quit;",
        ]) + "\n"
        rc, out, err = self.run_sql(stdin=script)
        self.assertEqual(rc, 1)  # a statement failed
        self.assertNotIn("basalt>", out)  # no prompts when stdin is not a terminal
        lines = out.splitlines()
        self.assertEqual(lines[:5], ["+------+-----+", "| name | age |", "+------+-----+",
                                     "| ann  |  30 |", "+------+-----+"])
        self.assertRegex(lines[5], r"^\(1 row, \d+ ms\)$")
        self.assertEqual(lines[6:], ['{"s":"a;b"}', '{"y":2}', "z", "3"])
        err_lines = err.splitlines()
        self.assertEqual(len(err_lines), 2, err)
        self.assertRegex(err_lines[0], r"^ERROR QUERY_ERROR at line 1, column \d+: ")
        self.assertEqual(err_lines[1], "ERROR INVALIDINPUT: unknown format 'xml': "
                                       "use table, json or csv")

    def test_pipe_last_statement_without_semicolon(self):
        rc, out, err = self.run_sql("--format", "json", stdin="SELECT 1 AS a;\nSELECT 2 AS b")
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(out.splitlines(), ['{"a":1}', '{"b":2}'])

    # --- a terminal -----------------------------------------------------------------------

    @unittest.skipUnless(sys.platform.startswith("linux"), "needs a Linux pty")
    def test_terminal_prompts_and_history(self):
        import pty
        history = os.path.join(self.home, ".basalt_history")
        if os.path.exists(history):
            os.remove(history)
        env = self.env(TERM="dumb")
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(self.tmp)
            os.execve(BASALT, [BASALT, "sql", "--server", self.url,
                                      "--api-key", API_KEY], env)
        output = bytearray()

        def read_until(pattern, timeout=30):
            deadline = time.monotonic() + timeout
            while not re.search(pattern, output.decode(errors="replace")):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.fail("no %r in output:\n%s" % (pattern, output.decode(errors="replace")))
                ready, _, _ = select.select([fd], [], [], remaining)
                if ready:
                    try:
                        chunk = os.read(fd, 4096)
                    except OSError:
                        chunk = b""
                    if not chunk:
                        self.fail("shell exited; output:\n" + output.decode(errors="replace"))
                    output.extend(chunk)

        try:
            read_until(r"basalt> $")
            os.write(fd, b"SELECT 1 AS x,\r")
            read_until(r"     -> $")
            os.write(fd, b"  2 AS y;\r")
            read_until(r"\(1 row, \d+ ms\)\s+basalt> $")
            os.write(fd, b"SELECT oops FROM;\r")
            read_until(r"ERROR QUERY_ERROR at line 1, column \d+: .*\s+basalt> $")
            os.write(fd, b"\\format json\r")
            read_until(r"format is json\s+basalt> $")
            os.write(fd, b"SELECT 'k' AS s;\r")
            read_until(r'\{"s":"k"\}\s+(Time: \d+ ms\s+)?basalt> $')
            # Ctrl-D. The line editor may flush pending input when it (re)configures the
            # terminal right after printing the prompt, so repeat it until the shell exits,
            # and never wait forever.
            status = None
            deadline = time.monotonic() + 20
            while status is None and time.monotonic() < deadline:
                os.write(fd, b"\x04")
                time.sleep(0.2)
                done, wait_status = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = wait_status
                else:
                    ready, _, _ = select.select([fd], [], [], 0)
                    if ready:
                        try:
                            output.extend(os.read(fd, 4096))
                        except OSError:
                            pass
            if status is None:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                self.fail("the shell did not exit on Ctrl-D; output:\n" +
                          output.decode(errors="replace"))
        finally:
            os.close(fd)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        text = output.decode(errors="replace").replace("\r", "")
        self.assertIn("| x | y |\n", text)
        with open(history) as f:
            self.assertEqual(f.read().splitlines(),
                             ["SELECT 1 AS x,   2 AS y;", "SELECT oops FROM;", "\\format json",
                              "SELECT 'k' AS s;"])


if __name__ == "__main__":
    unittest.main()
