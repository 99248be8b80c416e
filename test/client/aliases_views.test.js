'use strict';
// Drives every alias, view and workspace endpoint of a real `basalt serve` through Rockset's
// official JS client, @rockset/client 0.9.2 (api.md §5, §10, §11, §16): aliases.createAlias,
// getAlias, listAliases, workspaceAliases, updateAlias, deleteAlias; views.createView,
// getView, listViews, workspaceViews, updateView, deleteView; workspaces.createWorkspace,
// getWorkspace, listWorkspaces, deleteWorkspace with nested (dotted) names. The client throws
// the server's error body object on any non-2xx answer, so errors are checked by `type`.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const rocksetConfigure = require('@rockset/client').default;
const { expectError, startServer } = require('./basalt_server');

let server;
let rockset;

const WS = 'av_ws';

before(async () => {
  server = await startServer();
  rockset = rocksetConfigure(server.apiKey, server.host);
  await rockset.workspaces.createWorkspace({ name: WS });
  for (const [name, docs] of [
    ['av_people', [{ _id: 'a', name: 'Ann', age: 30 }, { _id: 'b', name: 'Bob', age: 40 }]],
    ['av_staff', [{ _id: 'z', name: 'Zed', age: 60 }]],
  ]) {
    await rockset.collections.createCollection(WS, { name });
    await rockset.documents.addDocuments(WS, name, { data: docs });
  }
});

after(async () => {
  if (server) await server.stop();
});

async function names(sql) {
  const res = await rockset.queries.query({ sql: { query: sql } });
  return { names: res.results.map((r) => r.name), collections: res.collections };
}

describe('aliases', () => {
  test('create, get, list, switch, delete', async () => {
    const created = await rockset.aliases.createAlias(WS, {
      name: 'av_current', collections: [`${WS}.av_people`], description: 'who is here',
    });
    const alias = created.data;
    assert.equal(alias.name, 'av_current');
    assert.equal(alias.workspace, WS);
    assert.deepEqual(alias.collections, [`${WS}.av_people`]);
    assert.equal(alias.state, 'CREATED');
    assert.equal(alias.description, 'who is here');
    assert.equal(typeof alias.created_at, 'string');
    assert.equal(typeof alias.modified_at, 'string');
    assert.equal(typeof alias.creator_email, 'string');

    assert.deepEqual((await rockset.aliases.getAlias(WS, 'av_current')).data, alias);
    assert.deepEqual((await rockset.aliases.workspaceAliases(WS)).data.map((a) => a.name), ['av_current']);
    assert.ok((await rockset.aliases.listAliases()).data.some((a) => a.name === 'av_current'));
    const coll = (await rockset.collections.getCollection(WS, 'av_people')).data;
    assert.deepEqual(coll.aliases.map((a) => a.name), ['av_current']);

    assert.deepEqual(await names(`SELECT name FROM ${WS}.av_current ORDER BY name`),
      { names: ['Ann', 'Bob'], collections: [`${WS}.av_people`] });
    const validated = await rockset.queries.validate({ sql: { query: `SELECT * FROM ${WS}.av_current` } });
    assert.deepEqual(validated.collections, [`${WS}.av_people`]);

    const switched = await rockset.aliases.updateAlias(WS, 'av_current', { collections: [`${WS}.av_staff`] });
    assert.deepEqual(switched.data.collections, [`${WS}.av_staff`]);
    assert.equal(switched.data.description, 'who is here');
    assert.deepEqual(await names(`SELECT name FROM ${WS}.av_current`),
      { names: ['Zed'], collections: [`${WS}.av_staff`] });

    const deleted = await rockset.aliases.deleteAlias(WS, 'av_current');
    assert.equal(deleted.data.state, 'DELETED');
    await expectError(rockset.aliases.getAlias(WS, 'av_current'), 'NOTFOUND');
  });

  test('errors: taken names, missing and malformed targets, two targets, writes', async () => {
    await rockset.aliases.createAlias(WS, { name: 'av_err', collections: [`${WS}.av_people`] });
    await expectError(rockset.aliases.createAlias(WS, { name: 'av_err', collections: [`${WS}.av_people`] }),
      'ALREADYEXISTS');
    await expectError(rockset.aliases.createAlias(WS, { name: 'av_people', collections: [`${WS}.av_staff`] }),
      'ALREADYEXISTS');
    await expectError(rockset.aliases.createAlias(WS, { name: 'av_x', collections: [`${WS}.nope`] }),
      'NOTFOUND');
    await expectError(rockset.aliases.createAlias(WS, { name: 'av_x', collections: ['nodot'] }),
      'INVALIDINPUT');
    await expectError(rockset.aliases.createAlias(WS, {
      name: 'av_x', collections: [`${WS}.av_people`, `${WS}.av_staff`],
    }), 'INVALIDINPUT');
    await expectError(rockset.aliases.updateAlias(WS, 'av_missing', { collections: [`${WS}.av_people`] }),
      'NOTFOUND');
    await expectError(rockset.aliases.workspaceAliases('no_such_ws'), 'NOTFOUND');
    await expectError(rockset.documents.addDocuments(WS, 'av_err', { data: [{ a: 1 }] }), 'INVALIDINPUT');
    await expectError(rockset.collections.deleteCollection(WS, 'av_people'), 'DEPENDENTRESOURCES');
    await rockset.aliases.deleteAlias(WS, 'av_err');
    assert.deepEqual((await rockset.aliases.workspaceAliases(WS)).data, []);
  });
});

describe('views', () => {
  test('create, get, list, update, delete', async () => {
    const created = await rockset.views.createView(WS, {
      name: 'av_older', query: `SELECT name, age FROM ${WS}.av_people WHERE age > 35`, description: 'd',
    });
    const view = created.data;
    assert.equal(view.name, 'av_older');
    assert.equal(view.workspace, WS);
    assert.equal(view.path, `${WS}.av_older`);
    assert.equal(view.query_sql, `SELECT name, age FROM ${WS}.av_people WHERE age > 35`);
    assert.deepEqual(view.entities, [`${WS}.av_people`]);
    assert.equal(view.state, 'CREATED');
    assert.equal(view.owner_email, null);
    assert.equal(typeof view.created_at, 'string');

    assert.deepEqual((await rockset.views.getView(WS, 'av_older')).data, view);
    assert.deepEqual((await rockset.views.workspaceViews(WS)).data.map((v) => v.name), ['av_older']);
    assert.ok((await rockset.views.listViews()).data.some((v) => v.path === `${WS}.av_older`));
    assert.deepEqual(await names(`SELECT name FROM ${WS}.av_older`),
      { names: ['Bob'], collections: [`${WS}.av_people`] });

    const updated = await rockset.views.updateView(WS, 'av_older', {
      query: `SELECT name, age FROM ${WS}.av_people UNION ALL SELECT name, age FROM ${WS}.av_staff`,
    });
    assert.deepEqual(updated.data.entities, [`${WS}.av_people`, `${WS}.av_staff`]);
    assert.equal(updated.data.description, 'd');
    assert.deepEqual(await names(`SELECT name FROM ${WS}.av_older ORDER BY name`),
      { names: ['Ann', 'Bob', 'Zed'], collections: [`${WS}.av_people`, `${WS}.av_staff`] });

    const deleted = await rockset.views.deleteView(WS, 'av_older');
    assert.equal(deleted.data.state, 'DELETED');
    await expectError(rockset.views.getView(WS, 'av_older'), 'NOTFOUND');
  });

  test('errors: bad SQL, parameters, cycles, taken names, writes', async () => {
    await expectError(rockset.views.createView(WS, { name: 'av_bad', query: 'SELEC 1' }), 'QUERY_ERROR');
    await expectError(rockset.views.createView(WS, { name: 'av_bad', query: 'SELECT :p AS x' }), 'QUERY_ERROR');
    await expectError(rockset.views.createView(WS, { name: 'av_bad', query: `SELECT * FROM ${WS}.nope` }),
      'QUERY_ERROR');
    await expectError(rockset.views.createView(WS, { name: 'av_people', query: 'SELECT 1' }), 'ALREADYEXISTS');
    await rockset.views.createView(WS, { name: 'av_v1', query: 'SELECT 1 AS one' });
    await rockset.views.createView(WS, { name: 'av_v2', query: `SELECT * FROM ${WS}.av_v1` });
    await expectError(rockset.views.updateView(WS, 'av_v1', { query: `SELECT * FROM ${WS}.av_v2` }),
      'QUERY_ERROR');
    await expectError(rockset.views.updateView(WS, 'av_none', { query: 'SELECT 1' }), 'NOTFOUND');
    await expectError(rockset.documents.addDocuments(WS, 'av_v1', { data: [{ a: 1 }] }), 'INVALIDINPUT');
    const res = await rockset.queries.query({ sql: { query: `SELECT one FROM ${WS}.av_v2` } });
    assert.deepEqual(res.results, [{ one: 1 }]);
    await rockset.views.deleteView(WS, 'av_v2');
    await rockset.views.deleteView(WS, 'av_v1');
  });
});

describe('nested workspaces', () => {
  test('dotted names create ancestors; delete leaves first', async () => {
    const created = await rockset.workspaces.createWorkspace({ name: 'av_a.b.c', description: 'deep' });
    assert.equal(created.data.name, 'av_a.b.c');
    const listed = (await rockset.workspaces.listWorkspaces()).data.map((w) => w.name);
    for (const name of ['av_a', 'av_a.b', 'av_a.b.c']) assert.ok(listed.includes(name), name);
    assert.equal((await rockset.workspaces.getWorkspace('av_a.b')).data.name, 'av_a.b');
    await rockset.collections.createCollection('av_a.b.c', { name: 'leaf' });
    await rockset.documents.addDocuments('av_a.b.c', 'leaf', { data: [{ v: 5 }] });
    await rockset.aliases.createAlias('av_a', { name: 'to_leaf', collections: ['av_a.b.c.leaf'] });
    await rockset.views.createView('av_a.b', { name: 'leaf_view', query: 'SELECT v FROM av_a.to_leaf' });
    const res = await rockset.queries.query({ sql: { query: 'SELECT v FROM av_a.b.leaf_view' } });
    assert.deepEqual(res.results, [{ v: 5 }]);
    assert.deepEqual(res.collections, ['av_a.b.c.leaf']);

    await expectError(rockset.workspaces.deleteWorkspace('av_a'), 'DEPENDENTRESOURCES');
    await expectError(rockset.workspaces.deleteWorkspace('av_a.b'), 'DEPENDENTRESOURCES');
    await expectError(rockset.workspaces.createWorkspace({ name: 'av_a.b' }), 'ALREADYEXISTS');
    await rockset.views.deleteView('av_a.b', 'leaf_view');
    await rockset.aliases.deleteAlias('av_a', 'to_leaf');
    await rockset.collections.deleteCollection('av_a.b.c', 'leaf');
    for (const ws of ['av_a.b.c', 'av_a.b', 'av_a']) {
      assert.equal((await rockset.workspaces.deleteWorkspace(ws)).data.name, ws);
    }
    await expectError(rockset.workspaces.getWorkspace('av_a'), 'NOTFOUND');
    await expectError(rockset.workspaces.deleteWorkspace('commons'), 'INVALIDINPUT');
  });
});
