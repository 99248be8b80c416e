'use strict';
// Calls shaped like public applications' use of @rockset/client 0.9.2 against a real
// `basalt serve`: the client README's `SELECT count(*) FROM _events` (the organization's
// event log, api.md §6.5), a filter with float parameters, and a lambda executed by the
// implicit `latest` tag with an embedding passed as an `array` parameter.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const rocksetConfigure = require('@rockset/client').default;
const { startServer } = require('./basalt_server');

const WS = 'rw_ws';
let server;
let rockset;

before(async () => {
  server = await startServer();
  rockset = rocksetConfigure(server.apiKey, server.host);
  await rockset.workspaces.createWorkspace({ name: WS });
  await rockset.collections.createCollection(WS, { name: 'spend' });
  const docs = [];
  for (let i = 0; i < 12; i++) {
    docs.push({ _id: `s${i}`, team: i % 2 ? 'red' : 'blue', amount: 7.5 * i, vec: [i, 1] });
  }
  await rockset.documents.addDocuments(WS, 'spend', { data: docs });
});

after(async () => {
  if (server) await server.stop();
});

const p = (name, type, value) => ({ name, type, value });

describe('real-world client calls', () => {
  test('count(*) from _events, and the collection we made is in it', async () => {
    const out = await rockset.queries.query({ sql: { query: 'Select count(*) from _events;' } });
    assert.deepEqual(out.collections, ['commons._events']);
    assert.deepEqual(out.column_fields, [{ name: '?count', type: '' }]);
    assert.ok(out.results[0]['?count'] >= 1, JSON.stringify(out.results));
    const created = await rockset.queries.query({
      sql: {
        query: "SELECT kind, type FROM commons._events WHERE label = 'COLLECTION_CREATED' " +
          'AND ARRAY_CONTAINS(collections, :path)',
        parameters: [p('path', 'string', `${WS}.spend`)],
      },
    });
    assert.deepEqual(created.results, [{ kind: 'COLLECTION', type: 'INFO' }]);
  });

  test('float parameters in BETWEEN, ORDER BY, LIMIT', async () => {
    const out = await rockset.queries.query({
      sql: {
        query: `SELECT _id FROM ${WS}.spend WHERE team = :team AND amount BETWEEN :lo AND :hi ` +
          'ORDER BY amount DESC LIMIT 20',
        parameters: [p('team', 'string', 'red'), p('lo', 'float', '10'), p('hi', 'float', '60')],
      },
    });
    assert.deepEqual(out.results.map((r) => r._id), ['s7', 's5', 's3']);
  });

  test('a lambda by the latest tag with an array parameter', async () => {
    await rockset.queryLambdas.createQueryLambda(WS, {
      name: 'nearest',
      sql: {
        query: `SELECT _id, DOT_PRODUCT(vec, :q) AS score FROM ${WS}.spend ORDER BY score DESC LIMIT :k`,
        default_parameters: [p('q', 'array', '[1, 0]'), p('k', 'int', '2')],
      },
    });
    const out = await rockset.queryLambdas.executeQueryLambdaByTag(WS, 'nearest', 'latest', {
      parameters: [p('q', 'array', '[-1, 0]')],
    });
    assert.deepEqual(out.results.map((r) => r._id), ['s0', 's1']);
    assert.match(out.query_lambda_path, new RegExp(`^${WS}\\.nearest::[0-9a-f]+$`));
  });
});
