// PostgreSQL side of bench/sql: time the queries (one warm-up, then the median of `runs`) over
// one connection with the `pg` client. The corpus is loaded by bench_sql.py (psql \copy).
//   node postgres_peer.mjs JOB.json OUT.json
// JOB: {conn: {host, port, user, database}, queries: [{id, sql}], runs, budget_s, max_rows}
// OUT: {version, settings, queries: [{id, warmup_ms, times_ms, rows, result, plan, error}]}
import pg from 'pg';
import fs from 'node:fs';

const [, , jobPath, outPath] = process.argv;
const job = JSON.parse(fs.readFileSync(jobPath, 'utf8'));
const out = { queries: [] };
const save = () => fs.writeFileSync(outPath, JSON.stringify(out, null, 1));
// Keep int8/numeric as strings (exact); the driver compares normalised strings.
const client = new pg.Client({ ...job.conn, application_name: 'basalt-bench-sql' });
await client.connect();
out.version = (await client.query('SHOW server_version')).rows[0].server_version;
out.settings = Object.fromEntries((await client.query(
  "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', " +
  "'max_parallel_workers_per_gather', 'effective_cache_size', 'jit')")).rows
  .map((r) => [r.name, r.setting + (r.unit ? ' ' + r.unit : '')]));

for (const q of job.queries) {
  const entry = { id: q.id, sql: q.sql, times_ms: [] };
  out.queries.push(entry);
  try {
    let t0 = performance.now();
    const warm = await client.query(q.sql);
    entry.warmup_ms = performance.now() - t0;
    entry.rows = warm.rows.length;
    entry.result = warm.rows.slice(0, job.max_rows);
    const runs = Math.max(1, Math.min(job.runs, Math.floor(job.budget_s * 1000 / Math.max(entry.warmup_ms, 1e-3))));
    for (let i = 0; i < runs; i++) {
      t0 = performance.now();
      const r = await client.query(q.sql);
      entry.times_ms.push(performance.now() - t0);
      if (r.rows.length !== entry.rows) entry.error = `row count changed between runs: ${r.rows.length}`;
    }
    entry.plan = (await client.query('EXPLAIN ' + q.sql)).rows.map((r) => r['QUERY PLAN']).join('\n');
  } catch (e) {
    entry.error = String(e && e.message || e);
  }
  save();
}
await client.end();
save();
