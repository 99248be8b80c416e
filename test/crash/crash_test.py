#!/usr/bin/env python3
"""Crash test: acknowledged writes survive SIGKILL of `basalt serve`.

Each cycle: threads post batches to the Write API (new documents plus merges into their
own earlier documents), the server is SIGKILLed right after some acknowledgements while
other requests are in flight, then the data directory is read back with
`basalt dump-docs --data-dir DIR --collection commons.crash` (NDJSON, one document a line;
the SQL query endpoint is used when dump-docs is missing) and every acknowledged document
must be there with the right content. A write that was in flight may or may not have
landed, but only as a whole document version. The server is restarted on the same
directory for the next cycle and its exact `stats.doc_count` checked.

python3 stdlib only. Usage: crash_test.py [--binary PATH] [--cycles N] [--seed N]
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORKSPACE = "commons"
COLLECTION = "crash"
SPECIAL_FIELDS = ("_id", "_event_time", "_meta")


def find_binary(explicit):
    if explicit:
        return explicit
    if os.environ.get("BASALT_BIN"):
        return os.environ["BASALT_BIN"]
    candidates = [os.path.join(REPO_ROOT, rel)
                  for rel in ("build/basalt", "build-server/basalt", "build-release/basalt")]
    candidates = [c for c in candidates if os.path.exists(c)]
    if not candidates:
        sys.exit("no basalt binary: build it or pass --binary / set BASALT_BIN")
    return max(candidates, key=os.path.getmtime)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One `basalt serve` child on a fresh port over a fixed data directory."""

    def __init__(self, binary, data_dir, api_key, log_path):
        self.binary, self.data_dir, self.api_key = binary, data_dir, api_key
        self.log_path = log_path
        self.proc = None
        self.port = None

    def start(self, timeout=20.0):
        self.port = free_port()
        env = dict(os.environ, BASALT_ROOT_API_KEY=self.api_key)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir,
             "--listen", f"127.0.0.1:{self.port}"],
            env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; log:\n"
                                   + self.log_tail())
            try:
                status, _ = self.request("GET", "/v1/orgs/self", timeout=1.0)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("server did not answer in time; log:\n" + self.log_tail())

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self):
        try:
            with open(self.log_path, "rb") as log:
                return log.read()[-4000:].decode("utf-8", "replace")
        except OSError:
            return ""

    def connect(self, timeout=10.0):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def headers(self):
        return {"Authorization": f"ApiKey {self.api_key}", "Content-Type": "application/json"}

    def request(self, method, path, body=None, timeout=10.0):
        conn = self.connect(timeout)
        try:
            data = None if body is None else json.dumps(body).encode()
            conn.request(method, path, body=data, headers=self.headers())
            resp = conn.getresponse()
            payload = resp.read()
            return resp.status, (json.loads(payload) if payload else None)
        finally:
            conn.close()


def coll_path(suffix=""):
    return f"/v1/orgs/self/ws/{WORKSPACE}/collections/{COLLECTION}{suffix}"


def create_collection(server):
    status, body = server.request("POST", f"/v1/orgs/self/ws/{WORKSPACE}/collections",
                                  {"name": COLLECTION})
    if status != 200:
        raise RuntimeError(f"create collection: {status} {body}")
    wait_ready(server)


def wait_ready(server, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = server.request("GET", coll_path())
        if status == 200 and body["data"]["status"] == "READY":
            return body["data"]
        time.sleep(0.05)
    raise RuntimeError(f"collection not READY: {status} {body}")


class Writer(threading.Thread):
    """Posts batches sequentially on one keep-alive connection, so at most one of its
    requests is in flight. Owns the ids it creates (prefix w<thread>-)."""

    def __init__(self, server, thread_idx, cycle, model, rng, batch_size, acked_event):
        super().__init__(daemon=True)
        self.server, self.thread_idx, self.cycle = server, thread_idx, cycle
        self.model = model  # id -> user fields, for this writer's ids (acknowledged state)
        self.rng, self.batch_size = rng, batch_size
        self.acked_event = acked_event
        self.pending = {}  # id -> user fields if the in-flight batch landed
        self.acked_batches = 0
        self.failure = None
        self.stopped = threading.Event()

    def make_batch(self, batch_idx):
        records, candidates = [], {}
        own_ids = list(self.model)
        updates = min(len(own_ids), self.batch_size // 4)
        for doc_id in self.rng.sample(own_ids, updates):
            change = {"v": self.rng.randrange(1 << 30), "touched": [self.cycle, batch_idx]}
            records.append(dict(change, _id=doc_id))
            candidates[doc_id] = dict(self.model[doc_id], **change)
        for doc_idx in range(self.batch_size - updates):
            doc_id = f"w{self.thread_idx}-c{self.cycle}-b{batch_idx}-{doc_idx}"
            fields = {"thread": self.thread_idx, "cycle": self.cycle, "batch": batch_idx,
                      "v": self.rng.randrange(1 << 30),
                      "text": "x" * self.rng.randrange(0, 200),
                      "nested": {"a": [doc_idx, str(doc_idx)], "b": None}}
            records.append(dict(fields, _id=doc_id))
            candidates[doc_id] = fields
        return records, candidates

    def run(self):
        conn = None
        try:
            conn = self.server.connect(timeout=10.0)
            batch_idx = 0
            while not self.stopped.is_set():
                records, candidates = self.make_batch(batch_idx)
                body = json.dumps({"data": records}).encode()
                self.pending = candidates
                conn.request("POST", coll_path("/docs"), body=body, headers=self.server.headers())
                resp = conn.getresponse()
                payload = resp.read()
                if resp.status != 200:
                    self.failure = f"HTTP {resp.status}: {payload[:500]!r}"
                    return
                statuses = json.loads(payload)["data"]
                bad = [s for s in statuses if s.get("status") not in ("ADDED", "REPLACED")]
                if len(statuses) != len(records) or bad:
                    self.failure = f"unexpected statuses: {bad[:3]}"
                    return
                self.model.update(candidates)  # acknowledged
                self.pending = {}
                self.acked_batches += 1
                self.acked_event.set()
                batch_idx += 1
        except (OSError, http.client.HTTPException):
            pass  # the server was killed; self.pending is what was in flight
        finally:
            if conn:
                conn.close()


def read_documents(binary, data_dir, server_for_sql):
    """All documents of commons.crash as {id: doc}, via dump-docs (server must be down)."""
    proc = subprocess.run([binary, "dump-docs", "--data-dir", data_dir,
                           "--collection", f"{WORKSPACE}.{COLLECTION}"],
                          capture_output=True, timeout=30)
    if proc.returncode == 0:
        docs = {}
        for line in proc.stdout.decode().splitlines():
            if line.strip():
                doc = json.loads(line)
                docs[doc["_id"]] = doc
        return docs, "dump-docs"
    return None, proc.stderr.decode("utf-8", "replace")[-500:]


def read_documents_sql(server):
    status, body = server.request(
        "POST", "/v1/orgs/self/queries",
        {"sql": {"query": f"SELECT * FROM {WORKSPACE}.{COLLECTION}",
                 "default_row_limit": 10_000_000}}, timeout=30)
    if status != 200:
        return None, f"query endpoint: {status} {body}"
    return {doc["_id"]: doc for doc in body["results"]}, "sql"


def user_fields(doc):
    return {k: v for k, v in doc.items() if k not in SPECIAL_FIELDS}


def verify(models, pendings, docs):
    """Every acknowledged document is present with its acknowledged content or, if a write
    to it was in flight, that write's content. Returns a list of problems and updates the
    models to the state found."""
    problems = []
    expected_ids = set()
    for model, pending in zip(models, pendings):
        for doc_id, fields in list(model.items()):
            expected_ids.add(doc_id)
            doc = docs.get(doc_id)
            if doc is None:
                problems.append(f"acknowledged document {doc_id} is missing")
                continue
            actual = user_fields(doc)
            if actual == fields:
                continue
            if doc_id in pending and actual == pending[doc_id]:
                model[doc_id] = actual
                continue
            problems.append(f"{doc_id}: got {actual}, want {fields}"
                            + (f" or {pending[doc_id]}" if doc_id in pending else ""))
        for doc_id, fields in pending.items():
            if doc_id in model:
                continue
            doc = docs.get(doc_id)
            if doc is None:
                continue  # an unacknowledged insert that did not land: fine
            expected_ids.add(doc_id)
            if user_fields(doc) != fields:
                problems.append(f"unacknowledged {doc_id} landed torn: {user_fields(doc)}")
            model[doc_id] = user_fields(doc)
    for doc_id in docs:
        if doc_id not in expected_ids:
            problems.append(f"unexpected document {doc_id}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary")
    parser.add_argument("--cycles", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--count-only", action="store_true",
                        help="check only stats.doc_count (no dump-docs or SQL needed)")
    args = parser.parse_args()
    binary = find_binary(args.binary)
    rng = random.Random(args.seed)
    print(f"crash_test: binary {binary}, seed {args.seed}", flush=True)

    tmp = tempfile.mkdtemp(prefix="basalt-crash-")
    data_dir = os.path.join(tmp, "data")
    api_key = f"crash-{rng.randrange(1 << 62):x}"
    server = Server(binary, data_dir, api_key, os.path.join(tmp, "server.log"))
    started = time.monotonic()
    failed = False
    models = [dict() for _ in range(args.threads)]
    unsure = 0  # count-only: unacknowledged inserts that may or may not have landed
    try:
        server.start()
        create_collection(server)
        for cycle in range(args.cycles):
            acked_event = threading.Event()
            writers = [Writer(server, idx, cycle, models[idx], random.Random(rng.random()),
                              args.batch_size, acked_event) for idx in range(args.threads)]
            for writer in writers:
                writer.start()
            # Kill right after an acknowledgement once enough batches have landed.
            target = rng.randrange(args.threads, args.threads * 8)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                acked_event.wait(0.5)
                acked_event.clear()
                if sum(w.acked_batches for w in writers) >= target:
                    break
                if any(w.failure for w in writers) or not any(w.is_alive() for w in writers):
                    break
            server.kill()
            for writer in writers:
                writer.stopped.set()
                writer.join(timeout=15)
            failures = [w.failure for w in writers if w.failure]
            if failures:
                raise RuntimeError(f"write failed before the kill: {failures[0]}")
            acked = sum(w.acked_batches for w in writers)
            pendings = [w.pending for w in writers]

            if args.count_only:
                server.start()
                unsure += sum(1 for model, pending in zip(models, pendings)
                              for doc_id in pending if doc_id not in model)
                docs, source, problems = {}, "nothing (--count-only)", []
                low = sum(len(m) for m in models)
                info = wait_ready(server)
                doc_count = info["stats"]["doc_count"]
                if not low <= doc_count <= low + unsure:
                    problems.append(f"stats.doc_count {doc_count} not in [{low}, {low + unsure}]")
            else:
                docs, source = read_documents(binary, data_dir, server)
                server.start()
                if docs is None:
                    dump_error = source
                    docs, source = read_documents_sql(server)
                    if docs is None:
                        raise RuntimeError("cannot read documents back: `basalt dump-docs` "
                                           f"failed ({dump_error.strip()}) and {source}")
                problems = verify(models, pendings, docs)
                expected_count = sum(len(m) for m in models)
                info = wait_ready(server)
                doc_count = info["stats"]["doc_count"]
                if doc_count != expected_count:
                    problems.append(f"stats.doc_count {doc_count} != {expected_count} documents")
            print(f"cycle {cycle}: {acked} batches acknowledged, "
                  f"{sum(len(p) for p in pendings)} docs in flight at the kill, "
                  f"{len(docs)} documents read back via {source}, doc_count {doc_count}: "
                  + ("OK" if not problems else f"{len(problems)} problems"), flush=True)
            if problems:
                for problem in problems[:20]:
                    print("  " + (problem if len(problem) < 300 else problem[:300] + "..."))
                failed = True
                break
    except Exception as err:  # noqa: BLE001 - report any harness failure as a test failure
        print(f"crash_test: FAILED: {err}", flush=True)
        failed = True
    finally:
        server.stop()
        if failed or args.keep:
            print(f"crash_test: data and server log kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"crash_test: {'FAILED' if failed else 'PASSED'} in {time.monotonic() - started:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
