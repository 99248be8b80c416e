'use strict';
// Starts a real `basalt serve` for a test: free loopback port, fresh temporary data
// directory, a root API key in BASALT_ROOT_API_KEY. Stopped (and the directory removed) by
// stop().

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

// BASALT_BIN if set, else the newest of the build directories' binaries.
function findBinary() {
  if (process.env.BASALT_BIN) return process.env.BASALT_BIN;
  const candidates = ['build/basalt', 'build-server/basalt', 'build-release/basalt']
    .map((rel) => path.join(REPO_ROOT, rel))
    .filter((file) => fs.existsSync(file))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (candidates.length === 0) {
    throw new Error('no basalt binary: build it or set BASALT_BIN');
  }
  return candidates[0];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// GET `path` with the key; resolves to the HTTP status, or 0 when nothing answers.
function probe(port, apiKey) {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/v1/orgs/self', headers: { Authorization: `ApiKey ${apiKey}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function startServer({ startTimeoutMs = 30000 } = {}) {
  const binary = findBinary();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basalt-client-test-'));
  const port = await freePort();
  const apiKey = 'test-root-' + crypto.randomBytes(12).toString('hex');
  const logPath = path.join(dataDir, 'server.log');
  const log = fs.openSync(logPath, 'a');
  const child = spawn(
    binary,
    ['serve', '--data-dir', path.join(dataDir, 'data'), '--listen', `127.0.0.1:${port}`],
    { env: { ...process.env, BASALT_ROOT_API_KEY: apiKey }, stdio: ['ignore', log, log] },
  );
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`basalt serve exited early (${JSON.stringify(exited)}):\n` +
                      fs.readFileSync(logPath, 'utf8'));
    }
    if ((await probe(port, apiKey)) === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('basalt serve did not answer in time:\n' + fs.readFileSync(logPath, 'utf8'));
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    host: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    dataDir,
    logPath,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await done;
        clearTimeout(timer);
      }
      fs.closeSync(log);
      if (!process.env.BASALT_KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Asserts that `promise` rejects with a Rockset error body of the given type (the client
// throws the server's error body on any non-2xx answer).
async function expectError(promise, type) {
  const assert = require('node:assert/strict');
  await assert.rejects(promise, (err) => {
    assert.equal(typeof err, 'object', `expected an error body, got ${err}`);
    assert.equal(err.type, type, `error body: ${JSON.stringify(err)}`);
    assert.equal(typeof err.message, 'string');
    assert.ok(err.message.length > 0);
    assert.ok(err.trace_id, 'trace_id must be set');
    return true;
  });
}

module.exports = { startServer, findBinary, expectError };
