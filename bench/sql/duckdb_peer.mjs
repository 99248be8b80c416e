// DuckDB side of bench/sql: load an NDJSON corpus with read_ndjson (typed columns), then time
// the queries (one warm-up, then the median of `runs`). Driven by bench_sql.py:
//   node duckdb_peer.mjs JOB.json OUT.json
// JOB: {db, ndjson, load, queries: [{id, sql}], runs, budget_s, max_rows}
// OUT: {version, threads, memory_limit, load_s, db_bytes, queries: [{id, warmup_ms, times_ms,
//       rows, result, error}]}
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

const [, , jobPath, outPath] = process.argv;
const job = JSON.parse(fs.readFileSync(jobPath, 'utf8'));
const out = { queries: [] };
const save = () => fs.writeFileSync(outPath, JSON.stringify(out, null, 1));
const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;
const fileBytes = (p) => { try { return fs.statSync(p).size; } catch { return 0; } };

const instance = await DuckDBInstance.create(job.db);
const conn = await instance.connect();
const settings = (await conn.runAndReadAll(
  "SELECT version() AS v, current_setting('threads') AS t, current_setting('memory_limit') AS m"))
  .getRowObjectsJson()[0];
Object.assign(out, { version: settings.v, threads: Number(settings.t), memory_limit: settings.m });

if (job.load) {
  const t0 = performance.now();
  await conn.run('DROP TABLE IF EXISTS docs');
  await conn.run(`CREATE TABLE docs AS SELECT * FROM read_ndjson(${sqlString(job.ndjson)})`);
  await conn.run('CHECKPOINT');
  out.load_s = (performance.now() - t0) / 1000;
  out.doc_count = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM docs')).getRowObjectsJson()[0].n);
  out.db_bytes = fileBytes(job.db) + fileBytes(job.db + '.wal');
  out.schema = (await conn.runAndReadAll('DESCRIBE docs')).getRowObjectsJson()
    .map((r) => `${r.column_name} ${r.column_type}`);
  save();
}

for (const q of job.queries) {
  const entry = { id: q.id, sql: q.sql, times_ms: [] };
  out.queries.push(entry);
  try {
    let t0 = performance.now();
    const warm = await conn.runAndReadAll(q.sql);
    entry.warmup_ms = performance.now() - t0;
    const rows = warm.getRowObjectsJson();
    entry.rows = rows.length;
    entry.result = rows.slice(0, job.max_rows);
    // Bounded time: fewer timed runs when one run is slow (recorded in times_ms.length).
    const runs = Math.max(1, Math.min(job.runs, Math.floor(job.budget_s * 1000 / Math.max(entry.warmup_ms, 1e-3))));
    for (let i = 0; i < runs; i++) {
      t0 = performance.now();
      const r = await conn.runAndReadAll(q.sql);
      entry.times_ms.push(performance.now() - t0);
      if (r.currentRowCount !== entry.rows) entry.error = `row count changed between runs: ${r.currentRowCount}`;
    }
  } catch (e) {
    entry.error = String(e && e.message || e);
  }
  save();
}
conn.closeSync?.();
save();
