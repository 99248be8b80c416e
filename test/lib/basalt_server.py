"""Shared helpers for end-to-end tests: find the `basalt` binary, run `basalt serve` on a
kernel-chosen loopback port, and talk to it over one keep-alive HTTP connection.
python3 stdlib only."""

import http.client
import json
import os
import signal
import subprocess
import sys
import time

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


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
    """`basalt serve` over `data_dir` on 127.0.0.1 with a free port and a known root key."""

    def __init__(self, data_dir, api_key, extra_args=()):
        env = dict(os.environ)
        env["BASALT_ROOT_API_KEY"] = api_key
        self.proc = subprocess.Popen(
            [find_binary(), "serve", "--data-dir", data_dir, "--listen", "127.0.0.1:0",
             *extra_args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output = []
        self.port = None
        deadline = time.monotonic() + 30
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
            self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
        return self.proc.returncode


class Client:
    """JSON over one keep-alive connection; call() returns (status, parsed body)."""

    def __init__(self, port, api_key):
        self.port, self.key = port, api_key
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method, path, payload=None):
        headers = {"Authorization": f"ApiKey {self.key}"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (ConnectionError, http.client.HTTPException):
            self.conn.close()
            raise
        return response.status, json.loads(data)

    def close(self):
        self.conn.close()
