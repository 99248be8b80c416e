#!/usr/bin/env python3
"""Runs the documented SQL conformance cases (spec/conformance-public.jsonl) through the REST
API of a real `basalt serve`, prints every failure by id and a closing `N passed, M failed`.

    run_conformance.py [--cases FILE] [--min-pass-rate 0.9] [--verbose]

Per case: the collections it names are created in `commons` and filled, the SQL runs with
its parameters, the result is compared as the spec's §12 says (numbers with a 1e-9 relative
tolerance, temporal strings normalised, `kind` scalar/column/rows/error, `ordered`,
`unordered_arrays`, `null_equals_absent`), and the collections are dropped.
Exits non-zero when the pass rate is below --min-pass-rate. python3 stdlib only.
"""

import argparse
import json
import math
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from basalt_server import REPO_ROOT, Client, Server  # noqa: E402

API_KEY = "conformance-root-key-0123456789"
DEFAULT_CASES = os.path.join(REPO_ROOT, "..", "shared", "spec", "conformance-public.jsonl")
TEMPORAL = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]00:?00)?$|"
                      r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def normalise_temporal(text):
    text = text.replace(" ", "T")
    if text.endswith("Z"):
        text = text[:-1]
    for suffix in ("+00:00", "+0000", "-00:00"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def equal(expected, actual, case):
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual if isinstance(expected, bool) and isinstance(actual, bool) else False
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if isinstance(expected, float) and math.isnan(expected):
            return isinstance(actual, float) and math.isnan(actual)
        return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(expected, str) and isinstance(actual, str):
        if expected == actual:
            return True
        if TEMPORAL.match(expected) and TEMPORAL.match(actual):
            return normalise_temporal(expected) == normalise_temporal(actual)
        return False
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return False
        if case.get("unordered_arrays"):
            remaining = list(actual)
            for item in expected:
                for idx, candidate in enumerate(remaining):
                    if equal(item, candidate, case):
                        del remaining[idx]
                        break
                else:
                    return False
            return True
        return all(equal(e, a, case) for e, a in zip(expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        if case.get("null_equals_absent"):
            expected = {k: v for k, v in expected.items() if v is not None}
            actual = {k: v for k, v in actual.items() if v is not None}
        if set(expected) != set(actual):
            return False
        return all(equal(expected[k], actual[k], case) for k in expected)
    return expected is None and actual is None


def rows_equal(expected, actual, case):
    if case.get("ordered"):
        return len(expected) == len(actual) and all(equal(e, a, case) for e, a in zip(expected, actual))
    if len(expected) != len(actual):
        return False
    remaining = list(actual)
    for item in expected:
        for idx, candidate in enumerate(remaining):
            if equal(item, candidate, case):
                del remaining[idx]
                break
        else:
            return False
    return True


def single_value(row):
    values = list(row.values())
    if len(values) > 1:
        raise ValueError("row has %d fields" % len(values))
    return values[0] if values else None


def run_case(client, case):
    """Returns None when the case passes, else a description of the difference."""
    created = []
    try:
        for name, docs in (case.get("collections") or {}).items():
            status, body = client.call("POST", "/v1/orgs/self/ws/commons/collections", {"name": name})
            if status != 200:
                return "could not create collection %s: %s" % (name, body.get("message"))
            created.append(name)
            if docs:
                status, body = client.call(
                    "POST", "/v1/orgs/self/ws/commons/collections/%s/docs" % name, {"data": docs})
                if status != 200:
                    return "could not add documents to %s: %s" % (name, body.get("message"))
                errors = [d for d in body["data"] if d["status"] == "ERROR"]
                if errors:
                    return "document error in %s: %s" % (name, errors[0]["error"])
        request = {"sql": {"query": case["sql"]}}
        if case.get("params"):
            request["sql"]["parameters"] = case["params"]
        status, body = client.call("POST", "/v1/orgs/self/queries", request)
        kind = case.get("kind", "scalar")
        if kind == "error":
            return None if status != 200 else "expected an error, got %s" % json.dumps(body.get("results"))
        if status != 200:
            return "%s: %s" % (body.get("type"), body.get("message"))
        results = body["results"]
        expected = case["expected"]
        if kind == "scalar":
            if len(results) != 1:
                return "expected one row, got %d: %s" % (len(results), json.dumps(results)[:300])
            actual = single_value(results[0])
            if equal(expected, actual, case):
                return None
            return "expected %s, got %s" % (json.dumps(expected), json.dumps(actual))
        if kind == "column":
            actual = [single_value(r) for r in results]
            if rows_equal(expected, actual, case):
                return None
            return "expected %s, got %s" % (json.dumps(expected)[:300], json.dumps(actual)[:300])
        if rows_equal(expected, results, case):
            return None
        return "expected %s, got %s" % (json.dumps(expected)[:300], json.dumps(results)[:300])
    except ValueError as e:
        return str(e)
    finally:
        for name in created:
            client.call("DELETE", "/v1/orgs/self/ws/commons/collections/%s" % name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--min-pass-rate", type=float, default=0.9)
    parser.add_argument("--only", help="run only cases whose id contains this text")
    args = parser.parse_args()
    with open(args.cases, encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    if args.only:
        cases = [c for c in cases if args.only in c["id"]]
    data_dir = tempfile.mkdtemp(prefix="basalt-conformance-")
    server = Server(data_dir, API_KEY)
    client = Client(server.port, API_KEY)
    failures = []
    try:
        for case in cases:
            problem = run_case(client, case)
            if problem is not None:
                failures.append((case["id"], problem))
    finally:
        client.close()
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    for case_id, problem in failures:
        print("FAIL %s: %s" % (case_id, problem))
    passed = len(cases) - len(failures)
    rate = passed / len(cases) if cases else 1.0
    print("conformance: %d of %d cases pass (%.1f%%)" % (passed, len(cases), 100 * rate))
    print("%d passed, %d failed" % (passed, len(failures)))
    return 0 if rate >= args.min_pass_rate else 1


if __name__ == "__main__":
    sys.exit(main())
