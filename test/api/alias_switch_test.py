#!/usr/bin/env python3
"""Alias switch with no downtime (api.md §11), the acceptance test: several threads run
queries through an alias without pause while another thread switches the alias back and
forth between two collections with different content. No query may fail, and every answer
must be exactly one of the two collections' answers: a query reads one target throughout,
even when it names the alias twice (a self-join) and the switch lands while it runs.
Prints the figures measured. python3 stdlib only; the binary comes from BASALT_BIN."""

import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import Client, Server  # noqa: E402

API_KEY = "alias-switch-test-key-0123456789"
WS = "/v1/orgs/self/ws/commons"
QUERY_THREADS = 4
SWITCHES = int(os.environ.get("ALIAS_SWITCHES", "300"))
MIN_SECONDS = 5.0

# Each query names the alias twice; mixing targets within one query would give a third answer.
SQL = ("SELECT COUNT(*) AS n, SUM(x.v) AS sx, SUM(y.v) AS sy "
       "FROM live x JOIN commons.live y ON x.k = y.k")
CONTENT = {"sw_a": (1, 600), "sw_b": (2, 250)}  # collection: (value of v, document count)
EXPECTED = {name: {"n": count, "sx": v * count, "sy": v * count}
            for name, (v, count) in CONTENT.items()}


def must(client, method, path, payload=None):
    status, body = client.call(method, path, payload)
    if status != 200:
        raise AssertionError(f"{method} {path}: {status} {body}")
    return body


def main():
    data_dir = tempfile.mkdtemp(prefix="basalt-alias-switch-")
    server = Server(data_dir, API_KEY)
    failures = []
    try:
        admin = Client(server.port, API_KEY)
        for name, (v, count) in CONTENT.items():
            must(admin, "POST", f"{WS}/collections", {"name": name})
            docs = [{"_id": f"{name}-{i}", "k": i, "v": v} for i in range(count)]
            must(admin, "POST", f"{WS}/collections/{name}/docs", {"data": docs})
        must(admin, "POST", f"{WS}/aliases", {"name": "live", "collections": ["commons.sw_a"]})
        for name in CONTENT:  # each answer, read directly, is what we expect
            rows = must(admin, "POST", "/v1/orgs/self/queries",
                        {"sql": {"query": SQL.replace("live", name)}})["results"]
            assert rows == [EXPECTED[name]], (name, rows)

        stop = threading.Event()
        counts = {name: 0 for name in CONTENT}
        latencies = []
        lock = threading.Lock()

        def run_queries():
            client = Client(server.port, API_KEY)
            try:
                while not stop.is_set():
                    start = time.monotonic()
                    status, body = client.call("POST", "/v1/orgs/self/queries",
                                               {"sql": {"query": SQL}})
                    elapsed = time.monotonic() - start
                    if status != 200:
                        failures.append(f"query failed: {status} {body}")
                        return
                    rows = body["results"]
                    matched = [name for name, want in EXPECTED.items() if rows == [want]]
                    if len(matched) != 1:
                        failures.append(f"answer of neither collection: {rows}")
                        return
                    if body["collections"] != [f"commons.{matched[0]}"]:
                        failures.append(f"collections {body['collections']} for {matched[0]}")
                        return
                    with lock:
                        counts[matched[0]] += 1
                        latencies.append(elapsed)
            except Exception as e:  # noqa: BLE001 - any failure fails the test
                failures.append(f"query thread: {e!r}")
            finally:
                client.close()

        threads = [threading.Thread(target=run_queries) for _ in range(QUERY_THREADS)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        switches = 0
        targets = ["commons.sw_b", "commons.sw_a"]
        while (switches < SWITCHES or time.monotonic() - began < MIN_SECONDS) and not failures:
            status, body = admin.call("POST", f"{WS}/aliases/live",
                                      {"collections": [targets[switches % 2]]})
            if status != 200:
                failures.append(f"switch failed: {status} {body}")
                break
            switches += 1
            time.sleep(0.002)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.monotonic() - began
        admin.close()

        total = sum(counts.values())
        latencies.sort()
        p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0
        p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0
        print(f"{switches} alias switches in {elapsed:.1f} s; {total} queries from "
              f"{QUERY_THREADS} threads ({total / elapsed:.0f}/s): {counts['sw_a']} read sw_a, "
              f"{counts['sw_b']} read sw_b; latency p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        if not failures and (counts["sw_a"] == 0 or counts["sw_b"] == 0):
            failures.append("the switch never showed: one collection was never read")
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    for failure in failures[:10]:
        print("FAIL:", failure)
    print("alias switch:", "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
