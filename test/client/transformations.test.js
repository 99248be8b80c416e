'use strict';
// Ingest transformations and rollups through Rockset's official JS client, @rockset/client
// 0.9.2 (api.md §6.3, ingest.md §4): create a collection with a field_mapping_query, write
// through it, update it, and keep a rollup. The client throws the server's error body on
// any non-2xx answer, so errors are checked by `type`.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const rocksetConfigure = require('@rockset/client').default;
const { expectError, startServer } = require('./basalt_server');

const WS = 'commons';
let server;
let rockset;

before(async () => {
  server = await startServer();
  rockset = rocksetConfigure(server.apiKey, server.host);
});

after(async () => {
  if (server) await server.stop();
});

async function rows(sql) {
  const res = await rockset.queries.query({ sql: { query: sql } });
  return res.results;
}

describe('ingest transformations', () => {
  test('a collection created with field_mapping_query transforms every added document', async () => {
    const sql = "SELECT _id, LOWER(email) AS email, price * qty AS total FROM _input WHERE qty > 0";
    const created = await rockset.collections.createCollection(WS, {
      name: 'orders_t',
      field_mapping_query: { sql },
    });
    assert.deepEqual(created.data.field_mapping_query, { sql });
    assert.equal(created.data.insert_only, false);
    const got = await rockset.collections.getCollection(WS, 'orders_t');
    assert.deepEqual(got.data.field_mapping_query, { sql });

    const res = await rockset.documents.addDocuments(WS, 'orders_t', {
      data: [
        { _id: 'o1', email: 'ANN@Example.com', price: 2, qty: 3, note: 'dropped field' },
        { _id: 'o2', email: 'bob@example.com', price: 5, qty: 0 },
      ],
    });
    assert.deepEqual(res.data.map((d) => [d._id, d.status]), [['o1', 'ADDED'], ['o2', 'ADDED']]);
    assert.deepEqual(await rows('SELECT _id, email, total, note FROM orders_t'), [
      { _id: 'o1', email: 'ann@example.com', total: 6 },
    ]);
  });

  test('an invalid transformation fails the create with QUERY_ERROR', async () => {
    await expectError(
      rockset.collections.createCollection(WS, {
        name: 'never_made',
        field_mapping_query: { sql: 'SELECT * FROM other_collection' },
      }),
      'QUERY_ERROR',
    );
    await expectError(rockset.collections.getCollection(WS, 'never_made'), 'NOTFOUND');
  });

  test('updateCollection replaces the transformation for later writes', async () => {
    const sql = 'SELECT _id, UPPER(email) AS email FROM _input';
    const updated = await rockset.collections.updateCollection(WS, 'orders_t', {
      field_mapping_query: { sql },
    });
    assert.deepEqual(updated.data.field_mapping_query, { sql });
    await rockset.documents.addDocuments(WS, 'orders_t', { data: [{ _id: 'o3', email: 'c@d.e' }] });
    assert.deepEqual(await rows("SELECT email FROM orders_t WHERE _id = 'o3'"), [{ email: 'C@D.E' }]);
  });
});

describe('rollups', () => {
  test('a GROUP BY transformation keeps one document per group', async () => {
    const created = await rockset.collections.createCollection(WS, {
      name: 'clicks_rollup',
      field_mapping_query: {
        sql: 'SELECT page, COUNT(*) AS views, SUM(ms) AS total_ms, AVG(ms) AS mean_ms '
          + 'FROM _input GROUP BY page',
      },
    });
    assert.equal(created.data.insert_only, true);
    const first = await rockset.documents.addDocuments(WS, 'clicks_rollup', {
      data: [{ page: '/a', ms: 10 }, { page: '/b', ms: 5 }, { page: '/a', ms: 30 }],
    });
    assert.equal(first.data[0]._id, first.data[2]._id);
    await rockset.documents.addDocuments(WS, 'clicks_rollup', { data: [{ page: '/a', ms: 20 }] });
    assert.deepEqual(await rows('SELECT page, views, total_ms, mean_ms FROM clicks_rollup ORDER BY page'), [
      { page: '/a', views: 3, total_ms: 60, mean_ms: 20.0 },
      { page: '/b', views: 1, total_ms: 5, mean_ms: 5.0 },
    ]);
    await expectError(
      rockset.collections.updateCollection(WS, 'clicks_rollup', {
        field_mapping_query: { sql: 'SELECT COUNT(*) AS n FROM _input' },
      }),
      'INVALIDINPUT',
    );
  });
});
