'use strict';
// Integrations (api.md §13) and collection sources (§14) through Rockset's official JS
// client, @rockset/client 0.9.2, against a real `basalt serve`: secrets are never shown
// and never stored in plain text in the data directory.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
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

function filesContaining(dir, needle) {
  const hits = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) hits.push(...filesContaining(file, needle));
    else if (fs.readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}

const SECRET = 'CLIENT-TEST-SECRET-5a7f1e';

describe('integrations', () => {
  test('create, get, list, update, delete with the secret masked', async () => {
    const { data: made } = await rockset.integrations.createIntegration({
      name: 'client_s3',
      description: 'bucket access',
      s3: { aws_access_key: { aws_access_key_id: 'AKIACLIENT', aws_secret_access_key: SECRET } },
    });
    assert.equal(made.name, 'client_s3');
    assert.equal(made.description, 'bucket access');
    assert.equal(made.created_by, 'admin@basalt.local');
    assert.deepEqual(made.collections, []);
    assert.equal(made.s3.aws_access_key.aws_access_key_id, 'AKIACLIENT');
    assert.notEqual(made.s3.aws_access_key.aws_secret_access_key, SECRET);
    assert.ok(!JSON.stringify(made).includes(SECRET));

    const { data: got } = await rockset.integrations.getIntegration('client_s3');
    assert.deepEqual(got, made);
    const { data: all } = await rockset.integrations.listIntegrations();
    assert.deepEqual(all.map((i) => i.name), ['client_s3']);
    assert.ok(!JSON.stringify(all).includes(SECRET));

    const { data: updated } = await rockset.integrations.updateIntegration('client_s3', {
      description: 'changed', is_write_enabled: true });
    assert.equal(updated.description, 'changed');
    assert.equal(updated.is_write_enabled, true);
    assert.equal(updated.s3.aws_access_key.aws_access_key_id, 'AKIACLIENT');

    // The secret is in no file of the data directory in plain text.
    assert.deepEqual(filesContaining(server.dataDir, SECRET), []);

    await expectError(rockset.integrations.createIntegration({ name: 'client_s3', s3: {
      aws_role: { aws_role_arn: 'arn:aws:iam::1:role/x' } } }), 'ALREADYEXISTS');
    await expectError(rockset.integrations.createIntegration({ name: 'nokind' }), 'INVALIDINPUT');
    const { data: deleted } = await rockset.integrations.deleteIntegration('client_s3');
    assert.equal(deleted.name, 'client_s3');
    await expectError(rockset.integrations.getIntegration('client_s3'), 'NOTFOUND');
  });

  test('other kinds', async () => {
    const kinds = {
      gcs: { gcp_service_account: { service_account_key_file_json: '{"private_key": "k"}' } },
      kafka: { kafka_data_format: 'AVRO', kafka_topic_names: ['orders'],
               security_config: { api_key: 'a', secret: 'b' } },
      mongodb: { connection_uri: 'mongodb://u:p@h/db' },
      azure_blob_storage: { connection_string: 'AccountKey=z' },
      snowflake: { snowflake_url: 'https://a', username: 'u', password: 'p',
                   default_warehouse: 'w', s3_export_path: 's3://b' },
    };
    for (const [kind, config] of Object.entries(kinds)) {
      const { data } = await rockset.integrations.createIntegration({ name: `k_${kind}`, [kind]: config });
      assert.ok(data[kind], kind);
    }
    const { data: all } = await rockset.integrations.listIntegrations();
    assert.equal(all.length, Object.keys(kinds).length);
    assert.equal(all.find((i) => i.name === 'k_kafka').kafka.kafka_topic_names[0], 'orders');
  });
});

describe('sources', () => {
  test('a Write API collection lists no source; creating one is not built yet', async () => {
    await rockset.collections.createCollection('commons', { name: 'with_sources' });
    const { data } = await rockset.sources.listCollectionSources('commons', 'with_sources');
    assert.deepEqual(data, []);
    await expectError(rockset.sources.getSource('commons', 'with_sources', 'nope'), 'NOTFOUND');
    await expectError(rockset.sources.createSource('commons', 'with_sources', {
      integration_name: 'x', s3: { bucket: 'b' } }), 'NOTIMPLEMENTEDYET');
    await expectError(rockset.sources.listCollectionSources('commons', 'missing'), 'NOTFOUND');
  });
});
