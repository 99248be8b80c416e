'use strict';
// Users, API keys and roles through Rockset's official JS client, @rockset/client 0.9.2
// (api.md §15), against a real `basalt serve`: the accessors `users`, `apikeys` and
// `customRolesBeta`, and privileges enforced on what a key may do. The client throws the
// server's error body on any non-2xx answer, so errors are checked by `type`.

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

// A user with `roles` and a client acting with a key of role `keyRole` (default: its first).
async function userClient(email, roles, keyRole) {
  await rockset.users.createUser({ email, roles });
  const body = { name: 'k', created_by: email };
  if (keyRole !== null) body.role = keyRole || roles[0];
  const { data } = await rockset.apikeys.createApiKey(body);
  return rocksetConfigure(data.key, server.host);
}

describe('users', () => {
  test('current user, create, get, update, list, delete', async () => {
    const me = await rockset.users.getCurrentUser();
    assert.equal(me.email, 'admin@basalt.local');
    assert.deepEqual(me.roles, ['admin']);

    const { data: made } = await rockset.users.createUser({
      email: 'ann@example.com', roles: ['member'], first_name: 'Ann' });
    assert.equal(made.email, 'ann@example.com');
    assert.equal(made.state, 'ACTIVE');
    assert.equal(typeof made.created_at, 'string');

    const got = await rockset.users.getUser('ann@example.com');
    assert.equal(got.first_name, 'Ann');
    const updated = await rockset.users.updateUser('ann@example.com', { last_name: 'Lee' });
    assert.equal(updated.last_name, 'Lee');
    const { data: users } = await rockset.users.listUsers();
    assert.ok(users.some((u) => u.email === 'ann@example.com'));

    await expectError(rockset.users.createUser({ email: 'ann@example.com', roles: [] }),
                      'ALREADYEXISTS');
    await expectError(rockset.users.createUser({ email: 'x@example.com', roles: ['ghost'] }),
                      'INVALIDINPUT');
    const { data: gone } = await rockset.users.deleteUser('ann@example.com');
    assert.equal(gone.email, 'ann@example.com');
    await expectError(rockset.users.getUser('ann@example.com'), 'NOTFOUND');
  });

  test('notification preferences', async () => {
    const body = { data: [{ notificationType: 'create_apikey' }] };
    const updated = await rockset.users.updateUnsubscribePreferences(body);
    assert.deepEqual(updated.data, body.data);
    const listed = await rockset.users.listUnsubscribePreferences();
    assert.deepEqual(listed.data, body.data);
  });
});

describe('api keys', () => {
  test('create shows the secret once; list, get, update, delete', async () => {
    const { data: made } = await rockset.apikeys.createApiKey({ name: 'client-key', role: 'member' });
    assert.equal(made.key.length, 64);
    assert.equal(made.role, 'member');
    assert.equal(made.state, 'ACTIVE');

    const { data: keys } = await rockset.apikeys.listApiKeys('self');
    const listed = keys.find((k) => k.name === 'client-key');
    assert.equal(listed.key, made.key.slice(-6));
    const { data: got } = await rockset.apikeys.getApiKey('self', 'client-key', true);
    assert.equal(got.key, made.key.slice(-6));

    const keyed = rocksetConfigure(made.key, server.host);
    await keyed.workspaces.listWorkspaces();
    const { data: suspended } = await rockset.apikeys.updateApiKey('client-key', 'self',
                                                                  { state: 'SUSPENDED' });
    assert.equal(suspended.state, 'SUSPENDED');
    await expectError(keyed.workspaces.listWorkspaces(), 'AUTHEXCEPTION');
    await rockset.apikeys.updateApiKey('client-key', 'admin@basalt.local', { state: 'ACTIVE' });
    await keyed.workspaces.listWorkspaces();

    await expectError(rockset.apikeys.createApiKey({ name: 'client-key' }), 'ALREADYEXISTS');
    const { data: deleted } = await rockset.apikeys.deleteApiKey('client-key', 'self');
    assert.equal(deleted.name, 'client-key');
    await expectError(keyed.workspaces.listWorkspaces(), 'AUTHEXCEPTION');
    await expectError(rockset.apikeys.getApiKey('self', 'client-key'), 'NOTFOUND');
  });

  test('an expired key is refused', async () => {
    const expiry = new Date(Date.now() + 1500).toISOString();
    const { data } = await rockset.apikeys.createApiKey({ name: 'short', expiry_time: expiry });
    assert.equal(typeof data.expiry_time, 'string');
    const keyed = rocksetConfigure(data.key, server.host);
    await keyed.orgs.getOrganization();
    await new Promise((r) => setTimeout(r, 2000));
    await expectError(keyed.orgs.getOrganization(), 'AUTHEXCEPTION');
  });
});

describe('roles and privileges', () => {
  test('built-in roles exist and are immutable', async () => {
    const { data: roles } = await rockset.customRolesBeta.listRoles();
    const names = roles.map((r) => r.role_name);
    for (const builtin of ['admin', 'member', 'read-only']) assert.ok(names.includes(builtin));
    const { data: admin } = await rockset.customRolesBeta.getRole('admin');
    assert.ok(admin.privileges.some((p) => p.action === 'ALL_GLOBAL_ACTIONS'));
    await expectError(rockset.customRolesBeta.deleteRole('admin'), 'INVALIDINPUT');
    await expectError(rockset.customRolesBeta.updateRole('member', { description: 'x' }),
                      'INVALIDINPUT');
  });

  test('a custom role scoped to one workspace', async () => {
    await rockset.workspaces.createWorkspace({ name: 'rbac_a' });
    await rockset.workspaces.createWorkspace({ name: 'rbac_b' });
    for (const ws of ['rbac_a', 'rbac_b']) {
      await rockset.collections.createCollection(ws, { name: 'c' });
      await rockset.documents.addDocuments(ws, 'c', { data: [{ _id: '1', ws }] });
    }
    const { data: role } = await rockset.customRolesBeta.createRole({
      role_name: 'a_reader',
      description: 'reads rbac_a',
      privileges: [
        { action: 'QUERY_DATA_WS', resource_name: 'rbac_a' },
        { action: 'LIST_RESOURCES_WS', resource_name: 'rbac_a' },
      ],
    });
    assert.equal(role.role_name, 'a_reader');
    assert.equal(role.privileges.length, 2);

    const reader = await userClient('reader@example.com', ['a_reader']);
    const answer = await reader.queries.query({ sql: { query: 'SELECT ws FROM rbac_a.c' } });
    assert.deepEqual(answer.results, [{ ws: 'rbac_a' }]);
    await expectError(reader.queries.query({ sql: { query: 'SELECT ws FROM rbac_b.c' } }),
                      'FORBIDDEN');
    await reader.collections.getCollection('rbac_a', 'c');
    await expectError(reader.collections.getCollection('rbac_b', 'c'), 'FORBIDDEN');
    const { data: all } = await reader.collections.listCollections();
    assert.deepEqual([...new Set(all.map((c) => c.workspace))], ['rbac_a']);
    await expectError(reader.documents.addDocuments('rbac_a', 'c', { data: [{ _id: '2' }] }),
                      'FORBIDDEN');
    await expectError(reader.workspaces.createWorkspace({ name: 'rbac_x' }), 'FORBIDDEN');

    // In use: cannot be deleted. Widening the role widens the key at once.
    await expectError(rockset.customRolesBeta.deleteRole('a_reader'), 'DEPENDENTRESOURCES');
    await rockset.customRolesBeta.updateRole('a_reader', {
      privileges: [{ action: 'QUERY_DATA_WS' }] });
    const wide = await reader.queries.query({ sql: { query: 'SELECT ws FROM rbac_b.c' } });
    assert.deepEqual(wide.results, [{ ws: 'rbac_b' }]);
  });

  test('built-in roles: read-only and member', async () => {
    const ro = await userClient('ro@example.com', ['read-only']);
    await ro.workspaces.listWorkspaces();
    await ro.integrations.listIntegrations();
    await expectError(ro.workspaces.createWorkspace({ name: 'ro_ws' }), 'FORBIDDEN');
    await expectError(ro.collections.createCollection('commons', { name: 'ro_c' }), 'FORBIDDEN');
    await expectError(ro.users.listUsers(), 'FORBIDDEN');
    const who = await ro.queries.query({
      sql: { query: 'SELECT CURRENT_USER() AS u, CURRENT_ROLE() AS r' } });
    assert.deepEqual(who.results, [{ u: 'ro@example.com', r: 'read-only' }]);

    const member = await userClient('member@example.com', ['member']);
    await member.workspaces.createWorkspace({ name: 'member_ws' });
    await member.users.listUsers();
    await expectError(member.users.createUser({ email: 'n@example.com', roles: [] }), 'FORBIDDEN');
    await expectError(member.customRolesBeta.createRole({ role_name: 'nope' }), 'FORBIDDEN');
    await expectError(member.apikeys.listApiKeys('admin@basalt.local'), 'FORBIDDEN');
    const { data: own } = await member.apikeys.listApiKeys('self');
    assert.equal(own.length, 1);
  });
});
