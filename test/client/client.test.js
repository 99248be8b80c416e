'use strict';
// Drives workspaces, collections and documents of a real `basalt serve` through Rockset's
// official JS client, @rockset/client 0.9.2 (api.md §5-7, §16). The client throws the
// server's error body object on any non-2xx answer, so errors are checked by `type`.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const rocksetConfigure = require('@rockset/client').default;
const { expectError, startServer } = require('./basalt_server');

let server;
let rockset;

before(async () => {
  server = await startServer();
  rockset = rocksetConfigure(server.apiKey, server.host);
});

after(async () => {
  if (server) await server.stop();
});

async function waitFor(what, fn, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last.done) return last.value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last: ${JSON.stringify(last.value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForReady(ws, name) {
  return waitFor(`${ws}.${name} READY`, async () => {
    const { data } = await rockset.collections.getCollection(ws, name);
    return { done: data.status === 'READY', value: data };
  });
}

async function waitForDocCount(ws, name, count) {
  return waitFor(`${ws}.${name} doc_count ${count}`, async () => {
    const { data } = await rockset.collections.getCollection(ws, name);
    return { done: data.stats && data.stats.doc_count === count, value: data.stats };
  });
}

describe('organization and auth', () => {
  test('a valid key reads the organization', async () => {
    const { data } = await rockset.orgs.getOrganization();
    assert.equal(typeof data.id, 'string');
  });

  test('an unknown key is AUTHEXCEPTION', async () => {
    const stranger = rocksetConfigure('not-a-key', server.host);
    await expectError(stranger.workspaces.listWorkspaces(), 'AUTHEXCEPTION');
  });
});

describe('workspaces', () => {
  test('create, get, list, delete', async () => {
    const created = await rockset.workspaces.createWorkspace({ name: 'ws_life', description: 'd' });
    assert.equal(created.data.name, 'ws_life');
    assert.equal(created.data.description, 'd');
    assert.equal(typeof created.data.created_at, 'string');

    const got = await rockset.workspaces.getWorkspace('ws_life');
    assert.equal(got.data.name, 'ws_life');
    assert.equal(got.data.collection_count, 0);

    const listed = await rockset.workspaces.listWorkspaces();
    const names = listed.data.map((ws) => ws.name);
    assert.ok(names.includes('ws_life'), names.join(','));
    assert.ok(names.includes('commons'), 'commons always exists');

    const deleted = await rockset.workspaces.deleteWorkspace('ws_life');
    assert.equal(deleted.data.name, 'ws_life');
    await expectError(rockset.workspaces.getWorkspace('ws_life'), 'NOTFOUND');
  });

  test('a taken name is ALREADYEXISTS', async () => {
    await rockset.workspaces.createWorkspace({ name: 'ws_dup' });
    await expectError(rockset.workspaces.createWorkspace({ name: 'ws_dup' }), 'ALREADYEXISTS');
    await rockset.workspaces.deleteWorkspace('ws_dup');
  });

  test('a missing workspace is NOTFOUND', async () => {
    await expectError(rockset.workspaces.getWorkspace('no_such_ws'), 'NOTFOUND');
    await expectError(rockset.workspaces.deleteWorkspace('no_such_ws'), 'NOTFOUND');
  });

  test('an invalid name is INVALIDINPUT', async () => {
    await expectError(rockset.workspaces.createWorkspace({ name: 'bad name!' }), 'INVALIDINPUT');
    await expectError(rockset.workspaces.createWorkspace({ name: '_leading' }), 'INVALIDINPUT');
  });

  test('commons cannot be deleted', async () => {
    await assert.rejects(rockset.workspaces.deleteWorkspace('commons'), (err) => {
      assert.equal(typeof err.type, 'string');
      return true;
    });
    const got = await rockset.workspaces.getWorkspace('commons');
    assert.equal(got.data.name, 'commons');
  });
});

describe('collections', () => {
  before(async () => {
    await rockset.workspaces.createWorkspace({ name: 'ws_coll' });
  });

  test('create answers CREATED with every model field, then turns READY', async () => {
    const created = await rockset.collections.createCollection('ws_coll', {
      name: 'people',
      description: 'people we know',
    });
    const coll = created.data;
    assert.equal(coll.name, 'people');
    assert.equal(coll.workspace, 'ws_coll');
    assert.equal(coll.description, 'people we know');
    assert.equal(coll.status, 'CREATED');
    assert.deepEqual(coll.sources, []);
    assert.equal(typeof coll.rrn, 'string');
    assert.equal(typeof coll.created_at, 'string');
    assert.ok('retention_secs' in coll);
    assert.ok('field_mapping_query' in coll);

    const ready = await waitForReady('ws_coll', 'people');
    assert.equal(ready.stats.doc_count, 0);
  });

  test('get, list in workspace, list all, workspace collection_count', async () => {
    await rockset.collections.createCollection('ws_coll', { name: 'listed' });
    const got = await rockset.collections.getCollection('ws_coll', 'listed');
    assert.equal(got.data.name, 'listed');
    assert.ok(['CREATED', 'READY'].includes(got.data.status), got.data.status);
    assert.equal(typeof got.data.stats.doc_count, 'number');

    const inWs = await rockset.collections.workspaceCollections('ws_coll');
    const inWsNames = inWs.data.map((c) => c.name).sort();
    assert.ok(inWsNames.includes('listed'), inWsNames.join(','));

    const all = await rockset.collections.listCollections();
    assert.ok(all.data.some((c) => c.workspace === 'ws_coll' && c.name === 'listed'));

    const ws = await rockset.workspaces.getWorkspace('ws_coll');
    assert.equal(ws.data.collection_count, inWs.data.length);
  });

  test('delete answers DELETED, then the collection is gone', async () => {
    await rockset.collections.createCollection('ws_coll', { name: 'doomed' });
    await waitForReady('ws_coll', 'doomed');
    const deleted = await rockset.collections.deleteCollection('ws_coll', 'doomed');
    assert.equal(deleted.data.name, 'doomed');
    assert.equal(deleted.data.status, 'DELETED');
    await waitFor('doomed to disappear', async () => {
      try {
        await rockset.collections.getCollection('ws_coll', 'doomed');
        return { done: false, value: 'still there' };
      } catch (err) {
        assert.equal(err.type, 'NOTFOUND', JSON.stringify(err));
        return { done: true };
      }
    });
    const inWs = await rockset.collections.workspaceCollections('ws_coll');
    assert.ok(!inWs.data.some((c) => c.name === 'doomed'));
  });

  test('errors: duplicate, missing workspace, missing collection, bad name', async () => {
    await rockset.collections.createCollection('ws_coll', { name: 'dup' });
    await expectError(rockset.collections.createCollection('ws_coll', { name: 'dup' }), 'ALREADYEXISTS');
    await expectError(rockset.collections.createCollection('no_such_ws', { name: 'x' }), 'NOTFOUND');
    await expectError(rockset.collections.getCollection('ws_coll', 'no_such_coll'), 'NOTFOUND');
    await expectError(rockset.collections.deleteCollection('ws_coll', 'no_such_coll'), 'NOTFOUND');
    await expectError(rockset.collections.createCollection('ws_coll', { name: 'bad name' }), 'INVALIDINPUT');
    await expectError(rockset.collections.createCollection('ws_coll', {}), 'INVALIDINPUT');
  });

  test('a workspace with collections cannot be deleted', async () => {
    await expectError(rockset.workspaces.deleteWorkspace('ws_coll'), 'DEPENDENTRESOURCES');
  });
});

describe('documents', () => {
  const WS = 'ws_docs';
  const COLL = 'things';

  before(async () => {
    await rockset.workspaces.createWorkspace({ name: WS });
    await rockset.collections.createCollection(WS, { name: COLL });
    await waitForReady(WS, COLL);
  });

  test('add reports one status per element, in order', async () => {
    const res = await rockset.documents.addDocuments(WS, COLL, {
      data: [
        { _id: 'a', x: 1, y: 1 },
        { name: 'no id' },
        42,
        { _id: 'b', nested: { k: [1, 2] } },
        { _id: 'bad_time', _event_time: true },
        { _id: 'bad_op', _op: 'MERGE' },
      ],
    });
    assert.equal(res.data.length, 6);
    const [a, generated, notObject, b, badTime, badOp] = res.data;
    for (const ok of [a, generated, b]) {
      assert.equal(ok.status, 'ADDED', JSON.stringify(ok));
      assert.equal(ok._collection, COLL);
      assert.equal(ok.error, null);
    }
    assert.equal(a._id, 'a');
    assert.equal(b._id, 'b');
    assert.match(generated._id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const bad of [notObject, badTime, badOp]) {
      assert.equal(bad.status, 'ERROR', JSON.stringify(bad));
      assert.equal(bad.error.type, 'INVALIDINPUT', JSON.stringify(bad));
    }
    assert.equal(typeof res.last_offset, 'string');
    await waitForDocCount(WS, COLL, 3);
  });

  test('re-adding an _id upserts (no new document); numeric _id names a string id', async () => {
    const res = await rockset.documents.addDocuments(WS, COLL, {
      data: [{ _id: 'a', y: 2 }, { _id: 7, seven: true }],
    });
    assert.deepEqual(res.data.map((s) => s.status), ['ADDED', 'ADDED']);
    assert.equal(res.data[1]._id, '7');
    await waitForDocCount(WS, COLL, 4);
  });

  test('patch: every op, case-insensitive, per-document errors', async () => {
    const res = await rockset.documents.patchDocuments(WS, COLL, {
      data: [
        {
          _id: 'a',
          patch: [
            { op: 'REPLACE', path: '/x', value: 10 },
            { op: 'add', path: '/tags', value: ['t1'] },
            { op: 'ADD', path: '/tags/-', value: 't2' },
            { op: 'COPY', from: '/tags', path: '/tags_copy' },
            { op: 'MOVE', from: '/tags_copy', path: '/moved' },
            { op: 'REMOVE', path: '/moved/0' },
            { op: 'INCREMENT', path: '/counter', value: 5 },
            { op: 'Test', path: '/x', value: 10 },
          ],
        },
        { _id: 'missing_doc', patch: [{ op: 'ADD', path: '/x', value: 1 }] },
        { _id: 'a', patch: [{ op: 'REPLACE', path: '/x', value: 99 }, { op: 'TEST', path: '/x', value: 0 }] },
        { _id: 'a', patch: [{ op: 'REPLACE', path: '/_id', value: 'z' }] },
        { _id: 'b', patch: [{ op: 'REMOVE', path: '/no/such/path' }] },
      ],
    });
    assert.equal(res.data.length, 5);
    const [patched, missing, failedTest, specialField, badPath] = res.data;
    assert.equal(patched.status, 'PATCHED', JSON.stringify(patched));
    assert.equal(patched._id, 'a');
    assert.equal(typeof patched.patch_id, 'string');
    assert.equal(missing.status, 'ERROR');
    assert.equal(missing.error.type, 'NOTFOUND', JSON.stringify(missing));
    for (const bad of [failedTest, specialField, badPath]) {
      assert.equal(bad.status, 'ERROR', JSON.stringify(bad));
      assert.equal(bad.error.type, 'INVALIDINPUT', JSON.stringify(bad));
    }
    await waitForDocCount(WS, COLL, 4);
  });

  test('patched and merged content is visible to SQL', async () => {
    const res = await rockset.queries.query({
      sql: { query: `SELECT x, y, tags, moved, counter FROM ${WS}.${COLL} WHERE _id = 'a'` },
    });
    assert.equal(res.results.length, 1);
    assert.deepEqual(res.results[0], { x: 10, y: 2, tags: ['t1', 't2'], moved: ['t2'], counter: 5 });
  });

  test('queries: parameters, column fields, COUNT naming and unknown functions', async () => {
    const res = await rockset.queries.query({
      sql: {
        query: `SELECT count(*) FROM ${WS}.${COLL} WHERE counter >= :min`,
        parameters: [{ name: 'min', type: 'int', value: '5' }],
      },
    });
    assert.equal(res.status, 'COMPLETED');
    assert.deepEqual(res.column_fields, [{ name: '?count', type: '' }]);
    assert.deepEqual(res.results, [{ '?count': 1 }]);
    assert.ok(res.query_id);
    await assert.rejects(
      rockset.queries.query({ sql: { query: 'SELECT COUT(*) FROM _events;' } }),
      (err) => err.type === 'QUERY_ERROR' && err.error_id === 'function_not_found' &&
        err.line === 1 && err.column === 8 && typeof err.trace_id === 'string',
    );
  });

  test('delete reports DELETED for existing and absent ids', async () => {
    const res = await rockset.documents.deleteDocuments(WS, COLL, {
      data: [{ _id: 'a' }, { _id: 'never_existed' }],
    });
    assert.deepEqual(res.data.map((s) => [s._id, s.status]), [['a', 'DELETED'], ['never_existed', 'DELETED']]);
    assert.equal(res.data[0]._collection, COLL);
    await waitForDocCount(WS, COLL, 3);
  });

  test('_op DELETE through add removes the document', async () => {
    const res = await rockset.documents.addDocuments(WS, COLL, { data: [{ _id: 'b', _op: 'delete' }] });
    assert.notEqual(res.data[0].status, 'ERROR', JSON.stringify(res.data[0]));
    await waitForDocCount(WS, COLL, 2);
  });

  test('writes to a missing collection or workspace are NOTFOUND', async () => {
    await expectError(rockset.documents.addDocuments(WS, 'nope', { data: [{ a: 1 }] }), 'NOTFOUND');
    await expectError(rockset.documents.addDocuments('nope_ws', COLL, { data: [{ a: 1 }] }), 'NOTFOUND');
    await expectError(
      rockset.documents.patchDocuments(WS, 'nope', { data: [{ _id: 'a', patch: [] }] }),
      'NOTFOUND',
    );
    await expectError(rockset.documents.deleteDocuments(WS, 'nope', { data: [{ _id: 'a' }] }), 'NOTFOUND');
  });

  test('deleting the collection and workspace cleans up', async () => {
    await rockset.collections.deleteCollection(WS, COLL);
    await waitFor('collection gone', async () => {
      try {
        await rockset.collections.getCollection(WS, COLL);
        return { done: false };
      } catch (err) {
        return { done: err.type === 'NOTFOUND', value: err };
      }
    });
    const deleted = await rockset.workspaces.deleteWorkspace(WS);
    assert.equal(deleted.data.name, WS);
  });
});
