'use strict';
// Query lambdas, public and scheduled lambdas, virtual instances and deployment settings of a
// real `basalt serve` through Rockset's official JS client, @rockset/client 0.9.2
// (api.md §9, §9.1, §12, §16). The client has no accessor for scheduled lambdas, shared
// lambdas or deployment settings: their generated API classes are built here on the
// client's own authenticated fetch, exactly as the client builds its accessors.

const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const rocksetConfigure = require('@rockset/client').default;
const api = require('@rockset/client/dist/codegen/api');
const { expectError, startServer } = require('./basalt_server');

const WS = 'ql_ws';
let server;
let rockset;
let scheduledLambdas;
let sharedLambdas;
let deploymentSettings;

before(async () => {
  server = await startServer();
  rockset = rocksetConfigure(server.apiKey, server.host);
  scheduledLambdas = new api.ScheduledLambdasApi({}, server.host, rockset._fetch);
  deploymentSettings = new api.DeploymentSettingsApi({}, server.host, rockset._fetch);
  // Public lambdas are called without a key: plain fetch.
  sharedLambdas = new api.SharedLambdasApi({}, server.host);
  await rockset.workspaces.createWorkspace({ name: WS });
  await rockset.collections.createCollection(WS, { name: 'orders' });
  const docs = [];
  for (let i = 0; i < 20; i++) {
    docs.push({
      _id: `o${i}`,
      city: ['Oslo', 'Lima', 'Pune', 'Kyiv'][i % 4],
      amount: i * 10,
      at: { __rockset_type: 'timestamp', value: String(1700000000000000 + i * 3600 * 1000000) },
    });
  }
  await rockset.documents.addDocuments(WS, 'orders', { data: docs });
});

after(async () => {
  if (server) await server.stop();
});

const p = (name, type, value) => ({ name, type, value });

describe('query lambdas', () => {
  test('the official suite: create, defaults, overrides, missing lambda, delete', async () => {
    const created = await rockset.queryLambdas.createQueryLambda('commons', {
      name: 'echo_lambda',
      sql: { query: 'SELECT :param as echo', default_parameters: [p('param', 'string', 'All work and no play')] },
    });
    assert.ok(created.data.created_at);
    assert.ok(created.data.created_by);
    assert.ok(created.data.version);
    assert.ok(created.data.stats);
    assert.equal(created.data.description, null);
    assert.deepEqual(created.data.collections, []);
    const byDefault = await rockset.queryLambdas.executeQueryLambda('commons', 'echo_lambda', created.data.version);
    assert.deepEqual(byDefault.results, [{ echo: 'All work and no play' }]);
    const custom = await rockset.queryLambdas.executeQueryLambda('commons', 'echo_lambda', created.data.version, {
      parameters: [p('param', 'string', 'makes Jack a dull boy')],
    });
    assert.deepEqual(custom.results, [{ echo: 'makes Jack a dull boy' }]);
    await assert.rejects(
      rockset.queryLambdas.executeQueryLambda('commons.fake.workspace', 'myFakeQuery', 'not_a_version', {
        parameters: [p('param', 'string', 'x')],
      }),
      (err) => {
        assert.equal(err.message,
          'Query Lambda "myFakeQuery" (version "not_a_version") not found in workspace "commons.fake.workspace".');
        assert.equal(err.type, 'NOTFOUND');
        assert.equal(err.line, null);
        assert.equal(err.column, null);
        assert.ok(err.trace_id);
        return true;
      },
    );
    const deleted = await rockset.queryLambdas.deleteQueryLambda('commons', 'echo_lambda');
    assert.equal(deleted.data.name, 'echo_lambda');
    assert.equal(deleted.data.workspace, 'commons');
    assert.deepEqual(deleted.data.collections, []);
  });

  test('realistic parameterised lambdas: string, int and timestamp parameters', async () => {
    const created = await rockset.queryLambdas.createQueryLambda(WS, {
      name: 'big_orders',
      description: 'orders of a city above an amount since a time',
      sql: {
        query: `SELECT _id, amount FROM ${WS}.orders WHERE city = :city AND amount >= :min_amount ` +
               'AND at >= :since ORDER BY amount DESC',
        default_parameters: [p('city', 'string', 'Oslo'), p('min_amount', 'int', '0'),
                             p('since', 'timestamp', '2023-01-01T00:00:00Z')],
      },
    });
    assert.deepEqual(created.data.collections, [`${WS}.orders`]);
    assert.equal(created.data.state, 'ACTIVE');
    const v = created.data.version;
    const all = await rockset.queryLambdas.executeQueryLambda(WS, 'big_orders', v);
    assert.deepEqual(all.results.map((r) => r._id), ['o16', 'o12', 'o8', 'o4', 'o0']);
    assert.equal(all.query_lambda_path, `${WS}.big_orders::${v}`);
    const lima = await rockset.queryLambdas.executeQueryLambda(WS, 'big_orders', v, {
      parameters: [p('city', 'string', 'Lima'), p('min_amount', 'int', '90')],
    });
    assert.deepEqual(lima.results, [{ _id: 'o17', amount: 170 }, { _id: 'o13', amount: 130 }, { _id: 'o9', amount: 90 }]);
    // 1700000000 s + 10 h: orders 10 and later.
    const recent = await rockset.queryLambdas.executeQueryLambdaByTag(WS, 'big_orders', 'latest', {
      parameters: [p('since', 'timestamp', '2023-11-15T08:13:20Z')],
    });
    assert.deepEqual(recent.results.map((r) => r._id), ['o16', 'o12']);
    await expectError(rockset.queryLambdas.executeQueryLambda(WS, 'big_orders', v, {
      parameters: [p('min_amount', 'int', 'lots')],
    }), 'INVALIDINPUT');
    await expectError(rockset.queryLambdas.executeQueryLambda(WS, 'big_orders', v, {
      parameters: [p('min_amount', 'string', '5')],
    }), 'INVALIDINPUT');
    const version = await rockset.queryLambdas.getQueryLambdaVersion(WS, 'big_orders', v);
    assert.ok(version.data.stats.last_executed);
    assert.ok(version.data.stats.last_execution_error);
  });

  test('a parameter with no default and no value is a QUERY_ERROR', async () => {
    await rockset.queryLambdas.createQueryLambda(WS, {
      name: 'needs_city', sql: { query: `SELECT COUNT(*) AS n FROM ${WS}.orders WHERE city = :city` },
    });
    await expectError(rockset.queryLambdas.executeQueryLambdaByTag(WS, 'needs_city', 'latest'), 'QUERY_ERROR');
    const ok = await rockset.queryLambdas.executeQueryLambdaByTag(WS, 'needs_city', 'latest', {
      parameters: [p('city', 'string', 'Pune')],
    });
    assert.deepEqual(ok.results, [{ n: 5 }]);
  });

  test('versions, tags, lists and deletes', async () => {
    const v1 = (await rockset.queryLambdas.createQueryLambda(WS, {
      name: 'tagged', sql: { query: 'SELECT 1 AS v' },
    })).data.version;
    const v2 = (await rockset.queryLambdas.updateQueryLambda(WS, 'tagged', {
      sql: { query: 'SELECT 2 AS v' }, description: 'two',
    })).data.version;
    assert.notEqual(v1, v2);
    await expectError(rockset.queryLambdas.updateQueryLambda(WS, 'not_there', { sql: { query: 'SELECT 1' } }),
      'NOTFOUND');
    const made = await rockset.queryLambdas.updateQueryLambda(WS, 'not_there', { sql: { query: 'SELECT 1 AS v' } }, true);
    assert.equal(made.data.name, 'not_there');

    const versions = await rockset.queryLambdas.listQueryLambdaVersions(WS, 'tagged');
    assert.deepEqual(versions.data.map((x) => x.version), [v2, v1]);
    const tag = await rockset.queryLambdas.createQueryLambdaTag(WS, 'tagged', { tag_name: 'prod', version: v1 });
    assert.equal(tag.data.version.version, v1);
    assert.deepEqual((await rockset.queryLambdas.executeQueryLambdaByTag(WS, 'tagged', 'prod')).results, [{ v: 1 }]);
    const got = await rockset.queryLambdas.getQueryLambdaTagVersion(WS, 'tagged', 'latest');
    assert.equal(got.data.version.version, v2);
    const tags = await rockset.queryLambdas.listQueryLambdaTags(WS, 'tagged');
    assert.deepEqual(tags.data.map((t) => t.tag_name), ['latest', 'prod']);
    await expectError(rockset.queryLambdas.createQueryLambdaTag(WS, 'tagged', { tag_name: 'latest', version: v1 }),
      'INVALIDINPUT');
    await expectError(rockset.queryLambdas.deleteQueryLambdaTag(WS, 'tagged', 'latest'), 'INVALIDINPUT');

    const inWs = await rockset.queryLambdas.listQueryLambdasInWorkspace(WS);
    assert.ok(inWs.data.some((l) => l.name === 'tagged' && l.version_count === 2));
    const all = await rockset.queryLambdas.listAllQueryLambdas();
    assert.ok(all.data.some((l) => l.workspace === WS && l.name === 'tagged'));

    const droppedTag = await rockset.queryLambdas.deleteQueryLambdaTag(WS, 'tagged', 'prod');
    assert.equal(droppedTag.data.tag_name, 'prod');
    await rockset.queryLambdas.createQueryLambdaTag(WS, 'tagged', { tag_name: 'prod', version: v2 });
    const droppedVersion = await rockset.queryLambdas.deleteQueryLambdaVersion(WS, 'tagged', v2);
    assert.equal(droppedVersion.data.version, v2);
    assert.equal((await rockset.queryLambdas.getQueryLambdaTagVersion(WS, 'tagged', 'latest')).data.version.version, v1);
    await expectError(rockset.queryLambdas.getQueryLambdaTagVersion(WS, 'tagged', 'prod'), 'NOTFOUND');
    await rockset.queryLambdas.deleteQueryLambdaVersion(WS, 'tagged', v1);
    await expectError(rockset.queryLambdas.listQueryLambdaVersions(WS, 'tagged'), 'NOTFOUND');
  });

  test('create errors: bad SQL, taken name, workspace with lambdas', async () => {
    await expectError(rockset.queryLambdas.createQueryLambda(WS, {
      name: 'broken', sql: { query: 'SELECT COUT(*) FROM orders' },
    }), 'QUERY_ERROR');
    await rockset.queryLambdas.createQueryLambda(WS, { name: 'once', sql: { query: 'SELECT 1 AS v' } });
    await expectError(rockset.queryLambdas.createQueryLambda(WS, { name: 'once', sql: { query: 'SELECT 1 AS v' } }),
      'ALREADYEXISTS');
    await expectError(rockset.workspaces.deleteWorkspace(WS), 'DEPENDENTRESOURCES');
  });

  test('paginated and async executions', async () => {
    const v = (await rockset.queryLambdas.createQueryLambda(WS, {
      name: 'paged', sql: { query: `SELECT amount FROM ${WS}.orders ORDER BY amount` },
    })).data.version;
    const first = await rockset.queryLambdas.executeQueryLambda(WS, 'paged', v, { max_initial_results: 15 });
    assert.equal(first.results.length, 15);
    const rest = await rockset.queries.getQueryResults(first.query_id, first.pagination.next_cursor);
    assert.deepEqual(rest.results.map((r) => r.amount), [150, 160, 170, 180, 190]);
    const queued = await rockset.queryLambdas.executeQueryLambdaByTag(WS, 'paged', 'latest', { async: true });
    assert.ok(queued.query_id);
    for (let i = 0; i < 100; i++) {
      const info = await rockset.queries.getQuery(queued.query_id);
      if (info.data.status === 'COMPLETED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const page = await rockset.queries.getQueryResults(queued.query_id);
    assert.equal(page.results.length, 20);
  });

  test('a public lambda runs without a key', async () => {
    const created = await rockset.queryLambdas.createQueryLambda(WS, {
      name: 'shared', is_public: true,
      sql: { query: `SELECT COUNT(*) AS n FROM ${WS}.orders WHERE city = :city`, default_parameters: [p('city', 'string', 'Kyiv')] },
    });
    assert.ok(created.data.public_access_id);
    const res = await sharedLambdas.executePublicQueryLambdaWithParams(created.data.public_access_id, {
      parameters: [p('city', 'string', 'Oslo')],
    });
    assert.deepEqual(res.results, [{ n: 5 }]);
    await assert.rejects(sharedLambdas.executePublicQueryLambdaWithParams('no-such-id', {}));
  });
});

describe('scheduled lambdas', () => {
  test('create, update, delete through the generated ScheduledLambdasApi', async () => {
    await rockset.queryLambdas.createQueryLambda(WS, { name: 'nightly', sql: { query: `SELECT COUNT(*) AS n FROM ${WS}.orders` } });
    const created = await scheduledLambdas.createScheduledLambda(WS, {
      ql_name: 'nightly', cron_string: '0 3 * * *', tag: 'latest', apikey: server.apiKey,
      total_times_to_execute: 10, webhook_url: 'http://127.0.0.1:9/hook', webhook_payload: '{{QUERY_RESULTS}}',
    });
    const sl = created.data;
    assert.ok(sl.rrn.startsWith('rrn:sl:'));
    assert.equal(sl.cron_string, '0 3 * * *');
    assert.equal(sl.execution_count, 0);
    assert.match(sl.next_execution_date, /T03:00:00Z$/);
    const updated = await scheduledLambdas.updateScheduledLambda(WS, sl.rrn, { total_times_to_execute: 2, resume_permanent_error: true });
    assert.equal(updated.data.total_times_to_execute, 2);
    assert.equal(updated.data.resume_permanent_error, true);
    await expectError(scheduledLambdas.createScheduledLambda(WS, { ql_name: 'nightly', cron_string: 'every day', tag: 'latest' }),
      'INVALIDINPUT');
    await expectError(scheduledLambdas.createScheduledLambda(WS, { ql_name: 'missing', cron_string: '0 3 * * *', tag: 'latest' }),
      'NOTFOUND');
    const listed = await rockset._fetch(`${server.host}/v1/orgs/self/lambdas/scheduled_lambdas`, { method: 'GET' });
    assert.ok((await listed.json()).data.some((s) => s.rrn === sl.rrn));
    const deleted = await scheduledLambdas.deleteScheduledLambda(WS, sl.rrn);
    assert.equal(deleted.data.rrn, sl.rrn);
    await expectError(scheduledLambdas.deleteScheduledLambda(WS, sl.rrn), 'NOTFOUND');
  });
});

describe('virtual instances and deployment settings', () => {
  let vi;

  test('list, get, query, update the default VI', async () => {
    const listed = await rockset.virtualInstances.listVirtualInstances();
    assert.equal(listed.data.length, 1);
    vi = listed.data[0];
    assert.equal(vi.default_vi, true);
    assert.equal(vi.state, 'ACTIVE');
    assert.equal(vi.name, 'main');
    const got = await rockset.virtualInstances.getVirtualInstance(vi.id);
    assert.equal(got.data.rrn, vi.rrn);
    await expectError(rockset.virtualInstances.getVirtualInstance('nope'), 'NOTFOUND');
    const res = await rockset.virtualInstances.queryVirtualInstance(vi.id, {
      sql: { query: `SELECT COUNT(*) AS n FROM ${WS}.orders WHERE amount > :a`, parameters: [p('a', 'int', '100')] },
    });
    assert.deepEqual(res.results, [{ n: 9 }]);
    const queries = await rockset.virtualInstances.getVirtualInstanceQueries(vi.id);
    assert.ok(Array.isArray(queries.data));
    const set = await rockset.virtualInstances.setVirtualInstance(vi.id, { description: 'everything' });
    assert.equal(set.data.description, 'everything');
    await expectError(rockset.virtualInstances.setVirtualInstance(vi.id, { new_size: 'XLARGE' }), 'NOTIMPLEMENTEDYET');
  });

  test('what needs more than one VI is refused clearly', async () => {
    await expectError(rockset.virtualInstances.createVirtualInstance({ name: 'second', type: 'SMALL' }), 'NOTIMPLEMENTEDYET');
    await expectError(rockset.virtualInstances.deleteVirtualInstance(vi.id), 'INVALIDINPUT');
    await expectError(rockset.virtualInstances.suspendVirtualInstance(vi.id), 'INVALIDINPUT');
    const resumed = await rockset.virtualInstances.resumeVirtualInstance(vi.id);
    assert.equal(resumed.data.state, 'ACTIVE');
  });

  test('mounts: the default VI serves every collection', async () => {
    const mounts = await rockset.virtualInstances.listCollectionMounts(vi.id);
    assert.ok(mounts.data.some((m) => m.collection_path === `${WS}.orders` && m.state === 'ACTIVE'));
    const one = await rockset.virtualInstances.getCollectionMount(vi.id, `${WS}.orders`);
    assert.equal(one.data.virtual_instance_id, vi.id);
    const mounted = await rockset.virtualInstances.mountCollection(vi.id, { collection_paths: [`${WS}.orders`] });
    assert.equal(mounted.data[0].collection_path, `${WS}.orders`);
    await assert.rejects(rockset.virtualInstances.getCollectionMount(vi.id, `${WS}.nothing`), (err) => {
      assert.equal(err.type, 'NOTFOUND');
      assert.match(err.message, /Collection .* is not mounted on virtual instance .*/);
      return true;
    });
    await expectError(rockset.virtualInstances.unmountCollection(vi.id, `${WS}.orders`), 'INVALIDINPUT');
    const write = await rockset.documents.addDocuments(WS, 'orders', { data: [{ _id: 'fence' }] });
    const fenced = await rockset.virtualInstances.getMountOffsets(vi.id, `${WS}.orders`, { name: [write.last_offset] });
    assert.equal(fenced.data.passed, true);
    assert.equal(fenced.data.fence, write.last_offset);
    await rockset.documents.deleteDocuments(WS, 'orders', { data: [{ _id: 'fence' }] });
  });

  test('deployment settings name the default VI', async () => {
    const got = await deploymentSettings.getDeploymentSettings();
    assert.equal(got.data.default_query_vi, vi.rrn);
    const put = await deploymentSettings.updateDeploymentSettings({ default_query_vi: vi.rrn });
    assert.equal(put.data.default_query_vi, vi.rrn);
    await expectError(deploymentSettings.updateDeploymentSettings({ default_query_vi: 'rrn:vi:use1a1:nope' }), 'NOTFOUND');
  });
});
