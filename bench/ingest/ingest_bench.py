#!/usr/bin/env python3
"""Ingest benchmark driver for `basalt serve` (STYLE.md: one driver, named workloads).

    ingest_bench.py [bulk] [--docs N] [--connections C] [--batch-size B] [--binary PATH]

Workload `bulk`: N generated documents (gen_docs.py, cached as NDJSON next to this file)
are posted to commons.docs through the Write API in batches of B from C client processes,
each on one keep-alive connection. Request bodies are built before the clock starts.
Reports acknowledged docs/s, the time until `stats.doc_count` reaches N, the client's own
CPU use (to show whether Python was the bottleneck) and bytes on disk per document: after
the run, after a clean shutdown, and after `basalt compact --data-dir DIR` when the binary
has that command. The server runs on a free loopback port over a temporary directory.

The pure-storage path (no HTTP, no JSON) is measured by the C++ benchmarks in bench/micro.
python3 stdlib only.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import gen_docs  # noqa: E402

WORKSPACE, COLLECTION = "commons", "docs"
DOCS_PATH = f"/v1/orgs/self/ws/{WORKSPACE}/collections/{COLLECTION}/docs"
COLLECTION_PATH = f"/v1/orgs/self/ws/{WORKSPACE}/collections/{COLLECTION}"


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


def ensure_corpus(path, count, seed, jobs):
    if os.path.exists(path):
        return
    print(f"generating {count:,} documents into {path} ...", flush=True)
    started = time.monotonic()
    partial = path + ".partial.ndjson"  # still matched by .gitignore's *.ndjson
    with open(partial, "w", encoding="utf-8", newline="\n") as out:
        gen_docs.write_documents(out, count, seed=seed, jobs=jobs)
    os.replace(partial, path)
    print(f"  generated in {time.monotonic() - started:.1f}s", flush=True)


def build_bodies(path, count, batch_size):
    """Request bodies `{"data":[...]}` of batch_size documents each, as bytes."""
    bodies, batch = [], []
    with open(path, "rb") as corpus:
        for line_idx, line in enumerate(corpus):
            if line_idx >= count:
                break
            batch.append(line.rstrip(b"\n"))
            if len(batch) == batch_size:
                bodies.append(b'{"data":[' + b",".join(batch) + b"]}")
                batch = []
    if batch:
        bodies.append(b'{"data":[' + b",".join(batch) + b"]}")
    return bodies


def disk_usage(path):
    """(allocated bytes like `du`, apparent bytes) under path."""
    allocated = apparent = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                st = os.lstat(os.path.join(root, name))
            except FileNotFoundError:
                continue
            allocated += st.st_blocks * 512
            apparent += st.st_size
    return allocated, apparent


class Server:
    def __init__(self, binary, data_dir, log_path):
        self.binary, self.data_dir, self.log_path = binary, data_dir, log_path
        self.api_key = "bench-" + os.urandom(8).hex()
        self.proc, self.port = None, None

    def headers(self):
        return {"Authorization": f"ApiKey {self.api_key}", "Content-Type": "application/json"}

    def start(self, timeout=30):
        self.port = free_port()
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [self.binary, "serve", "--data-dir", self.data_dir,
                 "--listen", f"127.0.0.1:{self.port}"],
                env=dict(os.environ, BASALT_ROOT_API_KEY=self.api_key),
                stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if self.request("GET", "/v1/orgs/self")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        self.proc.kill()
        sys.exit(f"server did not answer; see {self.log_path}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=None if body is None else json.dumps(body),
                         headers=self.headers())
            resp = conn.getresponse()
            payload = resp.read()
            return resp.status, (json.loads(payload) if payload else None)
        finally:
            conn.close()

    def collection(self):
        status, body = self.request("GET", COLLECTION_PATH)
        if status != 200:
            sys.exit(f"GET collection: {status} {body}")
        return body["data"]


# Set before the workers fork, so they share the bodies without pickling them.
_BODIES = []


def _sender(worker_idx, workers, port, headers, start_barrier, results):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.connect()
    mine = _BODIES[worker_idx::workers]
    errors, first_error, acked_docs = 0, None, 0
    start_barrier.wait()
    cpu0 = time.process_time()
    for body in mine:
        conn.request("POST", DOCS_PATH, body=body, headers=headers)
        resp = conn.getresponse()
        payload = resp.read()
        if resp.status != 200:
            errors += 1
            first_error = first_error or f"HTTP {resp.status}: {payload[:300]!r}"
            continue
        # Counting statuses without decoding the whole response keeps the client cheap.
        added = payload.count(b'"ADDED"') + payload.count(b'"REPLACED"')
        failed = payload.count(b'"ERROR"')
        acked_docs += added
        if failed:
            errors += failed
            first_error = first_error or payload[:300].decode("utf-8", "replace")
    cpu1 = time.process_time()
    conn.close()
    results.put({"docs": acked_docs, "errors": errors, "first_error": first_error,
                 "cpu": cpu1 - cpu0,
                 "end": time.monotonic()})


def run_bulk(args, server):
    global _BODIES
    status, body = server.request("POST", f"/v1/orgs/self/ws/{WORKSPACE}/collections",
                                  {"name": COLLECTION})
    if status != 200:
        sys.exit(f"create collection: {status} {body}")
    while server.collection()["status"] != "READY":
        time.sleep(0.05)

    print(f"building request bodies ({args.batch_size} docs each) ...", flush=True)
    _BODIES = build_bodies(args.corpus, args.docs, args.batch_size)
    total_bytes = sum(len(b) for b in _BODIES)
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(args.connections + 1)
    results = ctx.Queue()
    workers = [ctx.Process(target=_sender, args=(idx, args.connections, server.port,
                                                 server.headers(), barrier, results))
               for idx in range(args.connections)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.monotonic()
    outcomes = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    acked_at = max(o["end"] for o in outcomes)
    acked_docs = sum(o["docs"] for o in outcomes)
    errors = sum(o["errors"] for o in outcomes)

    # Visible: stats.doc_count reaches the number of acknowledged documents.
    while True:
        doc_count = server.collection()["stats"]["doc_count"]
        if doc_count >= acked_docs or time.monotonic() - acked_at > 600:
            break
        time.sleep(0.05)
    visible_at = time.monotonic()

    elapsed = acked_at - started
    client_cpu = sum(o["cpu"] for o in outcomes)
    print()
    print(f"workload bulk: {acked_docs:,} docs acknowledged, {errors} errors"
          + (f" (first: {next(o['first_error'] for o in outcomes if o['first_error'])})"
             if errors else ""))
    print(f"  ingest:   {acked_docs / elapsed:,.0f} docs/s  ({elapsed:.2f} s, "
          f"{total_bytes / elapsed / 1e6:,.1f} MB/s of JSON, {args.connections} connections, "
          f"batches of {args.batch_size})")
    print(f"  visible:  doc_count {doc_count:,} after {visible_at - started:.2f} s "
          f"({doc_count / (visible_at - started):,.0f} docs/s)")
    print(f"  client:   {client_cpu:.2f} CPU-s in {args.connections} processes "
          f"({100 * client_cpu / elapsed:.0f}% of one core over the run)")
    return acked_docs


def report_disk(label, data_dir, docs, json_bytes):
    allocated, apparent = disk_usage(data_dir)
    print(f"  disk {label:<16} {allocated / 1e6:10,.1f} MB allocated, "
          f"{apparent / 1e6:10,.1f} MB apparent = {allocated / max(docs, 1):7,.0f} B/doc "
          f"({allocated / max(json_bytes, 1):.2f}x the JSON)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workload", nargs="?", default="bulk", choices=["bulk"])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--corpus", help="NDJSON file (generated when missing); default "
                        "bench/ingest/docs-<seed>-<N>.ndjson")
    parser.add_argument("--binary")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    args.corpus = args.corpus or os.path.join(HERE, f"docs-{args.seed}-{args.docs}.ndjson")
    binary = find_binary(args.binary)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"binary:  {binary}")
    ensure_corpus(args.corpus, args.docs, args.seed, jobs=max(1, (os.cpu_count() or 1)))
    json_bytes = 0
    with open(args.corpus, "rb") as corpus:
        for line_idx, line in enumerate(corpus):
            if line_idx >= args.docs:
                break
            json_bytes += len(line)

    tmp = tempfile.mkdtemp(prefix="basalt-ingest-bench-")
    data_dir = os.path.join(tmp, "data")
    server = Server(binary, data_dir, os.path.join(tmp, "server.log"))
    try:
        server.start()
        docs = run_bulk(args, server)
        print(f"  JSON:     {json_bytes / max(args.docs, 1):,.0f} B/doc in the corpus")
        report_disk("after run", data_dir, docs, json_bytes)
        server.stop()
        report_disk("after shutdown", data_dir, docs, json_bytes)
        compact = subprocess.run([binary, "compact", "--data-dir", data_dir],
                                 capture_output=True, timeout=1800)
        if compact.returncode == 0:
            report_disk("after compact", data_dir, docs, json_bytes)
        else:
            print("  (no `basalt compact --data-dir DIR`; compacted size not measured)")
    finally:
        server.stop()
        if args.keep:
            print(f"data kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
