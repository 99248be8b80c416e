#!/usr/bin/env python3
"""Streaming-ingest data latency for `basalt serve`, RockBench-style (bench/ingest/README.md).

    stream_bench.py [--preload N] [--rates 1000,4000] [--seconds S] [--query-rate Q]
                    [--binary PATH] [--corpus FILE --gen GEN_DOCS.py] [--smoke]
    stream_bench.py --attach URL --api-key KEY [--gen GEN_DOCS.py] ...

1. A fresh server; `commons.docs` preloaded with N generated documents (gen_docs.py, seed
   42) by `basalt import` — its throughput is reported too.
2. For each rate R (docs/s): a writer sends 50-document batches on a fixed schedule (batch
   k is due at t0 + 50k/R), each document carrying a per-phase `generator_identifier`, a new
   `_id` and the batch's scheduled wall-clock time as `_event_time`; batches are taken in
   order by `--writers` connections (default 4), so at most that many are in flight and a
   server that cannot keep up makes the writer fall behind schedule (the backlog is
   reported). A prober runs `SELECT UNIX_MICROS(MAX(_event_time)) ... WHERE
   generator_identifier = :gen` every 20 ms; a batch's data latency is the time from its
   scheduled send to the completion of the first probe that sees it (a conservative bound:
   the probe's own run time is included). A second prober finds each batch by `_id`.
   Meanwhile Q1, Q2 and Q5 of the shared benchmark run round-robin at Q queries/s.
3. Reports per rate: the write rate achieved, data latency p50/p95/p99/max, the backlog, and
   the query latencies.

`--corpus FILE` preloads from another NDJSON file (its first N lines) and `--gen` names the
generator whose `--info` gives the query constants (default: this directory's gen_docs.py).
`--attach URL --api-key KEY` measures a running server whose `commons.docs` is already
loaded (no server is started, nothing is preloaded).

Writer, prober and query load run in separate processes (no GIL interference). `--smoke`
(used by `make test`): 2,000 preloaded documents, 400 docs/s for 2 s, checks that every
batch became visible and that nothing failed; its timings mean nothing.
python3 stdlib only.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "sql"))
sys.dont_write_bytecode = True
import gen_docs  # noqa: E402
import ingest_bench  # noqa: E402
import queries as Q  # noqa: E402

BATCH = 50
PROBE_EVERY = 0.020
PROBES = ("max", "id")
DOCS_PATH = ingest_bench.DOCS_PATH
QUERY_PATH = "/v1/orgs/self/queries"


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, int(round(fraction * len(ordered) + 0.4999)))
    return ordered[min(rank, len(ordered)) - 1]


def connect(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.connect()
    return conn


def post(conn, headers, path, body):
    conn.request("POST", path, body=body, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def query_body(sql):
    return json.dumps({"sql": {"query": sql}}).encode()


def stream_documents(count, start):
    """JSON texts of `count` generated documents without `_id`, `_event_time` and
    `generator_identifier` (the writer adds its own: every streamed document is new), each
    starting with '{'."""
    out = []
    for line in gen_docs.render_lines(42, start, count).splitlines():
        doc = json.loads(line)
        doc.pop("_id", None)
        doc.pop("_event_time", None)
        doc.pop("generator_identifier", None)
        out.append(json.dumps(doc, separators=(",", ":")))
    return out


def writer(port, headers, docs, rate, seconds, gen, t0_wall, connections, done_wall, results):
    """Sends batch k at t0 + k*50/rate (taken in order by `connections` threads, each with its
    own keep-alive connection, so at most that many requests are in flight)."""
    interval = BATCH / rate
    batches = int(seconds * rate / BATCH)
    t0 = time.monotonic() + (t0_wall - time.time())
    sent = [None] * batches
    errors = [0]
    next_k = [0]
    lock = threading.Lock()

    def run():
        conn = connect(port)
        while True:
            with lock:
                k = next_k[0]
                next_k[0] += 1
            if k >= batches:
                break
            due = t0 + k * interval
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            stamp = int((t0_wall + k * interval) * 1_000_000)
            prefix = f'"_event_time":{stamp},"generator_identifier":"{gen}",'
            first = (k * BATCH) % len(docs)
            chunk = docs[first:first + BATCH]
            body = ('{"data":[' + ",".join(f'{{"_id":"{gen}-{k}-{i}",' + prefix + d[1:]
                                           for i, d in enumerate(chunk)) + "]}").encode()
            started = time.monotonic()
            status, payload = post(conn, headers, DOCS_PATH, body)
            if status != 200 or b'"ERROR"' in payload:
                with lock:
                    errors[0] += 1
            sent[k] = (stamp, started - due, time.monotonic() - started)
        conn.close()

    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done_wall.value = time.time()
    results.put(("writer", {"sent": sent, "errors": errors[0]}))


def prober(kind, port, headers, gen, schedule, writer_done_wall, results):
    """Probes every 20 ms until every batch is seen.
    kind "max": the specified RockBench probe, MAX(_event_time) of the phase's documents;
    records (completion wall time, newest stamp seen), and a batch counts as seen by the first
    probe whose answer reaches its stamp.
    kind "id": asks which of the oldest unseen batches that are due exist, by the `_id` of
    their last document; records the completion time of the probe that first found each
    batch — the time a batch became visible without an aggregate over the phase's documents
    (exact per batch even when batches complete out of order)."""
    t0_wall, interval, batches = schedule
    last_stamp = int((t0_wall + (batches - 1) * interval) * 1_000_000)
    conn = connect(port)
    max_body = query_body("SELECT UNIX_MICROS(MAX(_event_time)) AS m FROM commons.docs "
                          f"WHERE generator_identifier = '{gen}'")
    unseen = list(range(batches))  # kind "id"
    seen_at = {}
    probes, durations, errors = [], [], 0
    next_at = time.monotonic()
    # Until every batch is seen, or 30 s after the writer sent its last batch.
    while not writer_done_wall.value or time.time() <= writer_done_wall.value + 30:
        started_wall = time.time()
        due = int((started_wall - t0_wall) / interval) + 1
        asked = [k for k in unseen[:40] if k < due]
        if kind == "max":
            body = max_body
        elif asked:
            ids = ", ".join(f"'{gen}-{k}-{BATCH - 1}'" for k in asked)
            body = query_body(f"SELECT _id FROM commons.docs WHERE _id IN ({ids})")
        else:
            body = None
        if body is not None:
            status, payload = post(conn, headers, QUERY_PATH, body)
            done_wall = time.time()
            durations.append(done_wall - started_wall)
            if status != 200:
                errors += 1
            elif kind == "max":
                rows = json.loads(payload)["results"]
                value = (rows[0].get("m") if rows else None) or 0
                probes.append((done_wall, value))
                if value >= last_stamp:
                    break  # the last batch is visible
            else:
                found = {int(row["_id"].split("-")[-2]) for row in json.loads(payload)["results"]}
                for k in found:
                    seen_at[k] = done_wall
                unseen = [k for k in unseen if k not in found]
                if not unseen:
                    break
        next_at += PROBE_EVERY
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            next_at = time.monotonic()
    conn.close()
    results.put((f"probe-{kind}", {"probes": probes, "seen_at": seen_at,
                                   "durations": durations, "errors": errors}))


def query_load(port, headers, sqls, rate, stop_at_wall, results):
    conn = connect(port)
    latencies = {qid: [] for qid in sqls}
    errors = 0
    order = list(sqls)
    next_at = time.monotonic()
    k = 0
    while time.time() < stop_at_wall:
        qid = order[k % len(order)]
        k += 1
        started = time.monotonic()
        status, _ = post(conn, headers, QUERY_PATH, query_body(sqls[qid]))
        if status != 200:
            errors += 1
        latencies[qid].append(time.monotonic() - started)
        next_at += 1.0 / rate
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            next_at = time.monotonic()
    conn.close()
    results.put(("queries", {"latencies": latencies, "errors": errors}))


def run_phase(server, rate, seconds, query_rate, sqls, docs, phase, connections):
    gen = f"stream{os.getpid()}-{phase}-{rate}"  # new ids in every run, even on old data
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    headers = server.headers()
    t0_wall = time.time() + 0.5
    batches = int(seconds * rate / BATCH)
    schedule = (t0_wall, BATCH / rate, batches)
    done_wall = ctx.Value("d", 0.0)  # when the writer sent its last batch
    end_wall = t0_wall + seconds
    procs = [
        ctx.Process(target=writer, args=(server.port, headers, docs, rate, seconds, gen, t0_wall,
                                         connections, done_wall, results)),
    ] + [ctx.Process(target=prober, args=(kind, server.port, headers, gen, schedule,
                                          done_wall, results)) for kind in PROBES]
    if query_rate > 0:
        procs.append(ctx.Process(target=query_load, args=(server.port, headers, sqls, query_rate,
                                                          end_wall, results)))
    for proc in procs:
        proc.start()
    outcome = {}
    while len(outcome) < len(procs):
        try:
            name, result = results.get(timeout=5)
            outcome[name] = result
        except queue.Empty:
            if any(proc.exitcode not in (None, 0) for proc in procs):
                for proc in procs:
                    proc.terminate()
                sys.exit("a writer, prober or query process failed (see above)")
    for proc in procs:
        proc.join()

    sent = outcome["writer"]["sent"]
    first_send = min(stamp / 1e6 + late for stamp, late, _ in sent)
    last_ack = max(stamp / 1e6 + late + took for stamp, late, took in sent)
    # Documents over the time from the first send to the last acknowledgement (plus one
    # batch interval, so that a writer exactly on schedule achieves the rate asked for).
    achieved = len(sent) * BATCH / max(1e-9, last_ack - first_send + BATCH / rate)
    report = {
        "rate": rate, "achieved": achieved, "batches": len(sent),
        "write_errors": outcome["writer"]["errors"],
        "backlog_max_s": max(late for _, late, _ in sent),
        "write_p50_ms": 1000 * percentile([w for _, _, w in sent], 0.5),
        "write_p99_ms": 1000 * percentile([w for _, _, w in sent], 0.99),
        "probes": {},
        "connections": connections,
    }
    for kind in PROBES:
        probed = outcome[f"probe-{kind}"]
        probes = probed["probes"]
        latencies, unseen, probe_idx = [], 0, 0
        for k, (stamp, _, _) in enumerate(sent):  # stamps rise, and so does what MAX sees
            if kind == "id":
                if k in probed["seen_at"]:
                    latencies.append(probed["seen_at"][k] - stamp / 1e6)
                else:
                    unseen += 1
                continue
            while probe_idx < len(probes) and probes[probe_idx][1] < stamp:
                probe_idx += 1
            if probe_idx == len(probes):
                unseen += 1
                continue
            latencies.append(probes[probe_idx][0] - stamp / 1e6)
        entry = {"unseen": unseen, "errors": probed["errors"], "count": len(probed["durations"]),
                 "run_p50_ms": 1000 * percentile(probed["durations"], 0.5),
                 "run_p99_ms": 1000 * percentile(probed["durations"], 0.99)}
        if latencies:
            for name, fraction in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0)):
                entry[name] = 1000 * percentile(latencies, fraction)
        report["probes"][kind] = entry
    if "queries" in outcome:
        report["query_errors"] = outcome["queries"]["errors"]
        report["queries"] = {qid: (len(v), 1000 * percentile(v, 0.5), 1000 * percentile(v, 0.99))
                             for qid, v in outcome["queries"]["latencies"].items() if v}
    return report


def print_report(r):
    print(f"\nrate {r['rate']:,} docs/s: {r['batches']} batches of {BATCH}, achieved "
          f"{r['achieved']:,.0f} docs/s on {r['connections']} connections, "
          f"{r['write_errors']} write errors")
    for kind, p in r["probes"].items():
        label = {"max": "MAX(_event_time) probe", "id": "_id probe"}[kind]
        line = f"  data latency, {label}: "
        if "p50" in p:
            line += (f"p50 {p['p50']:.1f} ms  p95 {p['p95']:.1f} ms  p99 {p['p99']:.1f} ms  "
                     f"max {p['max']:.1f} ms")
        print(line + f"  ({p['count']} probes, each p50 {p['run_p50_ms']:.1f} ms / p99 "
              f"{p['run_p99_ms']:.1f} ms; {p['unseen']} batches never seen, {p['errors']} errors)")
    print(f"  writer: request p50 {r['write_p50_ms']:.1f} ms, p99 {r['write_p99_ms']:.1f} ms; "
          f"backlog max {1000 * r['backlog_max_s']:.1f} ms behind schedule")
    for qid, (count, p50, p99) in sorted(r.get("queries", {}).items()):
        print(f"  {qid}: {count} runs, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    if r.get("query_errors"):
        print(f"  query errors: {r['query_errors']}")


def preload(binary, server, corpus, docs):
    env = dict(os.environ, BASALT_API_KEY=server.api_key)
    started = time.monotonic()
    proc = subprocess.run([binary, "import", "--server", f"http://127.0.0.1:{server.port}",
                           "--collection", "commons.docs", "--progress", "none", "--restart",
                           "--checkpoint", os.path.join(os.path.dirname(server.data_dir),
                                                        "import.json"), corpus],
                          env=env, capture_output=True, text=True, timeout=7200)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        sys.exit(f"preload failed ({proc.returncode}): {proc.stderr}")
    count = server.collection()["stats"]["doc_count"]
    if count != docs:
        sys.exit(f"preload: doc_count {count}, expected {docs}")
    print(f"preload: {docs:,} documents by `basalt import` in {elapsed:.1f} s "
          f"({docs / elapsed:,.0f} docs/s)", flush=True)


class Attached:
    """A server started elsewhere (--attach): the same interface as ingest_bench.Server."""

    def __init__(self, url, api_key):
        rest = url.split("://", 1)[-1].rstrip("/")
        self.port = int(rest.rsplit(":", 1)[1])
        self.api_key = api_key

    def headers(self):
        return {"Authorization": f"ApiKey {self.api_key}", "Content-Type": "application/json"}

    def start(self, timeout=120):
        """Waits until the server answers (it may still be recovering its data)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", "/v1/orgs/self", headers=self.headers())
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"no answer from 127.0.0.1:{self.port}")
            time.sleep(0.2)

    def stop(self):
        pass


def constants(gen):
    """The query constants from `gen --info` (the generator of the preloaded corpus)."""
    if gen is None:
        return gen_docs.info(42)
    out = subprocess.run([sys.executable, gen, "0", "--info", "--seed", "42"],
                         capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--preload", type=int, default=1_000_000)
    parser.add_argument("--rates", default="1000,4000")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--query-rate", type=float, default=20)
    parser.add_argument("--writers", type=int, default=4,
                        help="connections the writer sends on (requests in flight at most)")
    parser.add_argument("--binary")
    parser.add_argument("--corpus", help="NDJSON to preload from (default: generated)")
    parser.add_argument("--gen", help="generator of the preloaded corpus, for the query constants")
    parser.add_argument("--attach", help="URL of a running server with commons.docs loaded")
    parser.add_argument("--api-key", help="its API key (with --attach)")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.preload, args.rates, args.seconds, args.query_rate = 2000, "400", 2, 10
    rates = [int(r) for r in args.rates.split(",")]
    binary = None if args.attach else ingest_bench.find_binary(args.binary)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, "
          f"load {os.getloadavg()[0]:.2f}")
    print(f"binary:  {binary}")

    tmp = tempfile.mkdtemp(prefix="basalt-stream-bench-")
    corpus = args.corpus or os.path.join(HERE, f"docs-42-{args.preload}.ndjson")
    if args.smoke:
        corpus = os.path.join(tmp, "preload.ndjson")
    if not args.attach:
        if args.corpus:
            corpus = os.path.join(tmp, "preload.ndjson")
            with open(args.corpus, "rb") as source, open(corpus, "wb") as out:
                for line_idx, line in enumerate(source):
                    if line_idx >= args.preload:
                        break
                    out.write(line)
        else:
            ingest_bench.ensure_corpus(corpus, args.preload, 42, jobs=max(1, os.cpu_count() or 1))
    info = constants(args.gen)
    sqls = {qid: sql["basalt"] for qid, sql in Q.build(info).items() if qid in ("Q1", "Q2", "Q5")}
    need = int(max(rates) * args.seconds) + BATCH
    docs = stream_documents(-(-min(need, 20_000) // BATCH) * BATCH, 2_000_000)

    if args.attach:
        server = Attached(args.attach, args.api_key)
    else:
        server = ingest_bench.Server(binary, os.path.join(tmp, "data"),
                                     os.path.join(tmp, "server.log"))
    failed = False
    try:
        server.start()
        if not args.attach:
            status, body = server.request("POST", "/v1/orgs/self/ws/commons/collections",
                                          {"name": "docs"})
            if status != 200:
                sys.exit(f"create collection: {status} {body}")
            preload(binary, server, corpus, args.preload)
        streamed = 0
        for phase, rate in enumerate(rates):
            report = run_phase(server, rate, args.seconds, args.query_rate, sqls, docs, phase,
                               args.writers)
            print_report(report)
            streamed += report["batches"] * BATCH
            failed = failed or report["write_errors"] > 0 or report.get("query_errors", 0) > 0 \
                or any(p["unseen"] or p["errors"] for p in report["probes"].values())
        if not args.attach:
            count = server.collection()["stats"]["doc_count"]
            print(f"\ndoc_count {count:,} = {args.preload:,} preloaded + {streamed:,} streamed: "
                  f"{'yes' if count == args.preload + streamed else 'NO'}")
            failed = failed or count != args.preload + streamed
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    if args.smoke and failed:
        sys.exit("smoke: a batch was never seen, or a request failed")
    print("\nok" if not failed else "\nsome requests failed, or some batches were never seen")


if __name__ == "__main__":
    main()
