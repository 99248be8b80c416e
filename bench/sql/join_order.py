#!/usr/bin/env python3
"""Times 3-way joins written in a bad order (docs/sql.md "Optimizer": join ordering) against
one or more `basalt` binaries, each on its own fresh data directory loaded with the same
generated documents: orders (many), customers (fewer), regions (a handful).

  bench/sql/join_order.py --binary /path/to/old/basalt --binary build/basalt
  bench/sql/join_order.py --orders 20000 --customers 2000 --regions 20 --runs 5

Prints, per binary and query, the median wall time of POST /v1/orgs/self/queries over the
timed runs (after one warm-up run) and the row count (which must agree across binaries).
Loopback only; servers are stopped at the end. python3 standard library only."""

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

from bench_sql import BasaltServer  # the same server handling as the main harness

QUERIES = [
    ("comma joins, biggest first",
     "SELECT o._id, c._id AS customer, r.name FROM orders o, customers c, regions r "
     "WHERE o.customer = c._id AND c.region = r._id AND r.name = 'region3' AND c.tier = 7"),
    ("JOIN ON, biggest first",
     "SELECT o._id, c._id AS customer FROM orders o JOIN customers c ON o.customer = c._id "
     "JOIN regions r ON c.region = r._id WHERE r.name = 'region3'"),
    ("JOIN ON, biggest last (built on)",
     "SELECT o._id, c._id AS customer FROM regions r JOIN customers c ON c.region = r._id "
     "JOIN orders o ON o.customer = c._id WHERE r.name = 'region3' AND c.tier = 7"),
    ("aggregate over the join",
     "SELECT r.name, COUNT(*) AS n, SUM(o.amount) AS total FROM orders o, customers c, "
     "regions r WHERE o.customer = c._id AND c.region = r._id AND c.tier = 0 GROUP BY r.name"),
]


def documents(args):
    rng = random.Random(42)
    pad = "x" * args.padding
    regions = [{"_id": f"r{k}", "name": f"region{k}", "pad": pad} for k in range(args.regions)]
    # Customer j: region j % regions, tier (j // regions) % 50 (so region3 has tier-7 ones).
    customers = [{"_id": f"c{j}", "region": f"r{j % args.regions}",
                  "tier": (j // args.regions) % 50, "pad": pad} for j in range(args.customers)]
    orders = [{"_id": f"o{i}", "customer": f"c{rng.randrange(args.customers)}",
               "amount": rng.randrange(1000), "pad": pad} for i in range(args.orders)]
    return [("regions", regions), ("customers", customers), ("orders", orders)]


def load(server, name, docs):
    base = "/v1/orgs/self/ws/commons/collections"
    status, body = server.request("POST", base, {"name": name})
    if status != 200:
        raise RuntimeError(f"create {name}: HTTP {status} {body}")
    deadline = time.monotonic() + 60
    while server.request("GET", f"{base}/{name}")[1]["data"]["status"] != "READY":
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} not READY")
        time.sleep(0.05)
    for start in range(0, len(docs), 1000):
        status, body = server.request("POST", f"{base}/{name}/docs",
                                      {"data": docs[start:start + 1000]})
        if status != 200:
            raise RuntimeError(f"load {name}: HTTP {status} {body}")
    deadline = time.monotonic() + 300
    while server.request("GET", f"{base}/{name}")[1]["data"]["stats"]["doc_count"] < len(docs):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name}: documents not visible")
        time.sleep(0.1)


def time_query(server, sql, runs):
    body = {"sql": {"query": sql, "default_row_limit": 1000000}}
    times, rows = [], None
    for run in range(runs + 1):
        t0 = time.perf_counter()
        status, reply = server.request("POST", "/v1/orgs/self/queries", body)
        ms = (time.perf_counter() - t0) * 1000
        if status != 200:
            return None, f"HTTP {status}: {reply}"
        rows = len(reply.get("results") or [])
        if run > 0:
            times.append(ms)
    return statistics.median(times), rows


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", action="append", help="basalt binary (repeatable)")
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--padding", type=int, default=200, help="bytes of filler per document")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    args = parser.parse_args()
    binaries = args.binary or [os.path.join(os.path.dirname(__file__), "..", "..", "build",
                                            "basalt")]
    data = documents(args)
    results = {}
    for binary in binaries:
        work = tempfile.mkdtemp(prefix="basalt-join-order-")
        data_dir = os.path.join(work, "data")
        os.makedirs(data_dir)
        server = BasaltServer(binary, data_dir, os.path.join(data_dir, "..", "server.log"))
        server.start()
        try:
            for name, docs in data:
                load(server, name, docs)
            time.sleep(2)  # let background flushes settle
            for label, sql in QUERIES:
                if args.explain:
                    _, reply = server.request("POST", "/v1/orgs/self/queries",
                                              {"sql": {"query": "EXPLAIN " + sql}})
                    print(f"{binary}  {label}:\n{reply['results'][0]['plan']}", file=sys.stderr)
                results[(binary, label)] = time_query(server, sql, args.runs)
                print(f"{binary}  {label}: {results[(binary, label)]}", file=sys.stderr)
        finally:
            server.stop()
            shutil.rmtree(work, ignore_errors=True)
    print(f"orders={args.orders} customers={args.customers} regions={args.regions} "
          f"runs={args.runs} (median ms of POST /queries)")
    print("| query | rows | " + " | ".join(binaries) + " |")
    print("|---|---|" + "---|" * len(binaries))
    for label, _ in QUERIES:
        cells = [results[(b, label)] for b in binaries]
        rows = {c[1] for c in cells}
        row_text = str(rows.pop()) if len(rows) == 1 else "DIFFER: " + str(rows)
        print(f"| {label} | {row_text} | " +
              " | ".join("error" if c[0] is None else f"{c[0]:.1f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
