"""Q1-Q8 of the shared benchmark (queries.md) in three dialects, and a tiny reference oracle.

Basalt runs the Rockset SQL of the spec as written. DuckDB runs against the typed table that
`read_ndjson` infers (STRUCT / LIST columns, its best case); PostgreSQL against one `jsonb`
column `doc` with a GIN `jsonb_path_ops` index, using containment (`@>`) wherever the GIN
index can answer. Every spelling means the same thing: same rows, same order.

python3 stdlib only.
"""

import re

# (id, short name, what it exercises): the order of the spec's table.
QUERY_IDS = [
    ("Q1", "needle", "needle lookup, whole document"),
    ("Q2", "multi", "selective multi-predicate"),
    ("Q3", "groupby", "GROUP BY over every document"),
    ("Q4", "topn", "top-N over every document"),
    ("Q5", "array", "two predicates on the same array element"),
    ("Q6", "prefix", "string prefix"),
    ("Q7", "text", "rare word in free text"),
    ("Q8", "tag", "membership in an array of strings"),
]

# Which queries each goal of queries.md judges.
SELECTIVE = ("Q1", "Q2", "Q5", "Q6", "Q7", "Q8")

_SAFE = re.compile(r"^[A-Za-z0-9 ._@-]*$")


def _lit(value):
    """A constant for a string literal: the generators only make [A-Za-z0-9._-]; refuse others
    rather than quote them differently in three dialects."""
    value = str(value)
    if not _SAFE.match(value):
        raise ValueError(f"unexpected characters in benchmark constant {value!r}")
    return value


def build(info):
    """{query id: {"basalt": sql, "duckdb": sql, "postgres": sql}} for the constants `info`
    (the JSON of `gen_docs.py --info`, possibly with a substituted needle)."""
    uid = int(info["needle_user_id"])
    last = _lit(info["friend_last"])
    age = int(info["friend_age"])
    prefix = _lit(info["email_prefix"])
    word = _lit(info["rare_word"])
    tag = _lit(info["tag"])
    if "%" in prefix or "_" in prefix:
        raise ValueError("LIKE metacharacters in the email prefix")
    q = {}
    q["Q1"] = {
        "basalt": f"SELECT * FROM commons.docs WHERE user_id = {uid}",
        "duckdb": f"SELECT * FROM docs WHERE user_id = {uid}",
        "postgres": f"SELECT doc FROM docs WHERE doc @> '{{\"user_id\": {uid}}}'",
    }
    q["Q2"] = {
        "basalt": ("SELECT _id, user_id, balance FROM commons.docs WHERE company = 'rockset' "
                   "AND address.city = 'Palo Alto' AND age BETWEEN 60 AND 65 AND balance > 9000 "
                   "AND is_active ORDER BY _id"),
        "duckdb": ("SELECT _id, user_id, balance FROM docs WHERE company = 'rockset' "
                   "AND address.city = 'Palo Alto' AND age BETWEEN 60 AND 65 AND balance > 9000 "
                   "AND is_active ORDER BY _id"),
        "postgres": ("SELECT doc->>'_id' AS _id, (doc->>'user_id')::bigint AS user_id, "
                     "(doc->>'balance')::float8 AS balance FROM docs "
                     "WHERE doc @> '{\"company\": \"rockset\", \"address\": {\"city\": \"Palo Alto\"}, "
                     "\"is_active\": true}' "
                     "AND (doc->>'age')::int BETWEEN 60 AND 65 AND (doc->>'balance')::float8 > 9000 "
                     "ORDER BY 1"),
    }
    q["Q3"] = {
        "basalt": ("SELECT company, address.city AS city, COUNT(*) AS n, AVG(balance) AS avg_balance, "
                   "MAX(age) AS max_age FROM commons.docs GROUP BY 1, 2 ORDER BY 1, 2"),
        "duckdb": ("SELECT company, address.city AS city, count(*) AS n, avg(balance) AS avg_balance, "
                   "max(age) AS max_age FROM docs GROUP BY 1, 2 ORDER BY 1, 2"),
        "postgres": ("SELECT doc->>'company' AS company, doc->'address'->>'city' AS city, "
                     "count(*) AS n, avg((doc->>'balance')::float8) AS avg_balance, "
                     "max((doc->>'age')::int) AS max_age FROM docs GROUP BY 1, 2 ORDER BY 1, 2"),
    }
    q["Q4"] = {
        "basalt": "SELECT _id, user_id, balance FROM commons.docs ORDER BY balance DESC, _id LIMIT 10",
        "duckdb": "SELECT _id, user_id, balance FROM docs ORDER BY balance DESC, _id LIMIT 10",
        "postgres": ("SELECT doc->>'_id' AS _id, (doc->>'user_id')::bigint AS user_id, "
                     "(doc->>'balance')::float8 AS balance FROM docs ORDER BY 3 DESC, 1 LIMIT 10"),
    }
    q["Q5"] = {
        "basalt": ("SELECT DISTINCT d._id FROM commons.docs d, UNNEST(d.friends) f "
                   f"WHERE f.name.last = '{last}' AND f.age = {age} ORDER BY d._id"),
        "duckdb": ("SELECT _id FROM docs WHERE len(list_filter(friends, "
                   f"x -> x.name.last = '{last}' AND x.age = {age})) > 0 ORDER BY _id"),
        "postgres": ("SELECT doc->>'_id' AS _id FROM docs WHERE doc @> "
                     f"'{{\"friends\": [{{\"name\": {{\"last\": \"{last}\"}}, \"age\": {age}}}]}}' "
                     "ORDER BY 1"),
    }
    q["Q6"] = {
        "basalt": f"SELECT _id, email FROM commons.docs WHERE email LIKE '{prefix}%' ORDER BY _id",
        "duckdb": f"SELECT _id, email FROM docs WHERE starts_with(email, '{prefix}') ORDER BY _id",
        "postgres": ("SELECT doc->>'_id' AS _id, doc->>'email' AS email FROM docs "
                     f"WHERE doc->>'email' LIKE '{prefix}%' ORDER BY 1"),
    }
    q["Q7"] = {
        "basalt": ("SELECT _id FROM commons.docs WHERE REGEXP_LIKE(about, "
                   f"'(?i)\\b{word}\\b') ORDER BY _id"),
        "duckdb": f"SELECT _id FROM docs WHERE regexp_matches(about, '\\b{word}\\b', 'i') ORDER BY _id",
        "postgres": ("SELECT doc->>'_id' AS _id FROM docs "
                     f"WHERE doc->>'about' ~* '\\m{word}\\M' ORDER BY 1"),
    }
    q["Q8"] = {
        "basalt": f"SELECT COUNT(*) AS n FROM commons.docs WHERE ARRAY_CONTAINS(tags, '{tag}')",
        "duckdb": f"SELECT count(*) AS n FROM docs WHERE list_contains(tags, '{tag}')",
        "postgres": f"SELECT count(*) AS n FROM docs WHERE doc @> '{{\"tags\": [\"{tag}\"]}}'",
    }
    return q


# The columns each system's rows are compared on (besides the row count), in result order.
KEY_COLUMNS = {
    "Q1": ("_id",), "Q2": ("_id",), "Q3": ("company", "city", "n"), "Q4": ("_id",),
    "Q5": ("_id",), "Q6": ("_id",), "Q7": ("_id",), "Q8": ("n",),
}

# Column names of each query's rows, for the smoke test's shape check (Q1 is the document).
COLUMNS = {
    "Q2": ["_id", "user_id", "balance"], "Q3": ["company", "city", "n", "avg_balance", "max_age"],
    "Q4": ["_id", "user_id", "balance"], "Q5": ["_id"], "Q6": ["_id", "email"], "Q7": ["_id"],
    "Q8": ["n"],
}


def _norm(value):
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def result_key(qid, rows):
    """A system-independent digest of a result: the key columns of each row, as strings.
    PostgreSQL's Q1 row is {"doc": {...}}."""
    cols = KEY_COLUMNS[qid]
    out = []
    for row in rows:
        if qid == "Q1" and "doc" in row and isinstance(row["doc"], dict):
            row = row["doc"]
        out.append(tuple(_norm(row.get(c)) for c in cols))
    return out


class Oracle:
    """Evaluates Q1-Q8 in Python over parsed documents (small corpora: the smoke test)."""

    def __init__(self, info):
        self.info = info
        self.word = re.compile(r"(?i)\b" + re.escape(str(info["rare_word"])) + r"\b")
        self.rows = {qid: [] for qid, _, _ in QUERY_IDS}
        self.groups = {}
        self.docs = []

    def add(self, doc):
        info, rows = self.info, self.rows
        self.docs.append((doc.get("balance"), doc.get("_id"), doc.get("user_id")))
        if doc.get("user_id") == int(info["needle_user_id"]):
            rows["Q1"].append(doc)
        addr = doc.get("address") or {}
        age, bal = doc.get("age"), doc.get("balance")
        if (doc.get("company") == "rockset" and addr.get("city") == "Palo Alto"
                and isinstance(age, int) and 60 <= age <= 65
                and isinstance(bal, (int, float)) and bal > 9000 and doc.get("is_active") is True):
            rows["Q2"].append({"_id": doc["_id"], "user_id": doc.get("user_id"), "balance": bal})
        key = (doc.get("company"), addr.get("city"))
        g = self.groups.setdefault(key, [0, 0.0, 0, None])
        g[0] += 1
        if isinstance(bal, (int, float)):
            g[1] += bal
            g[2] += 1
        if isinstance(age, int):
            g[3] = age if g[3] is None else max(g[3], age)
        for f in doc.get("friends") or []:
            if ((f.get("name") or {}).get("last") == info["friend_last"]
                    and f.get("age") == int(info["friend_age"])):
                rows["Q5"].append({"_id": doc["_id"]})
                break
        email = doc.get("email")
        if isinstance(email, str) and email.startswith(info["email_prefix"]):
            rows["Q6"].append({"_id": doc["_id"], "email": email})
        about = doc.get("about")
        if isinstance(about, str) and self.word.search(about):
            rows["Q7"].append({"_id": doc["_id"]})
        if info["tag"] in (doc.get("tags") or []):
            rows["Q8"].append(1)

    def results(self):
        r = {qid: list(v) for qid, v in self.rows.items()}
        for qid in ("Q2", "Q5", "Q6", "Q7"):
            r[qid].sort(key=lambda row: row["_id"])
        r["Q3"] = [{"company": c, "city": city, "n": g[0],
                    "avg_balance": g[1] / g[2] if g[2] else None, "max_age": g[3]}
                   for (c, city), g in sorted(self.groups.items(),
                                              key=lambda kv: (str(kv[0][0]), str(kv[0][1])))]
        top = sorted((d for d in self.docs if isinstance(d[0], (int, float))),
                     key=lambda d: (-d[0], d[1]))[:10]
        r["Q4"] = [{"_id": i, "user_id": u, "balance": b} for b, i, u in top]
        r["Q8"] = [{"n": len(self.rows["Q8"])}]
        return r
