// Starts a real ConvoNet server (fresh SQLite database in a temporary data dir) and creates a
// user with a personal access token, for the SDK and conformance tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const binary = process.env.CONVONET_BIN;
if (!binary) throw new Error('CONVONET_BIN must name the convonet binary');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, child, deadlineMs = 30000) {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (child.exitCode !== null) throw new Error(`convonet exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('convonet did not become healthy');
}

export async function startConvonet() {
  const dataDir = mkdtempSync(join(tmpdir(), 'convonet-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    CONVONET_LISTEN: `127.0.0.1:${port}`,
    CONVONET_DATA_DIR: dataDir,
    CONVONET_DATABASE_URL: `sqlite://${join(dataDir, 'convonet.db')}`,
    CONVONET_CACHE_URL: 'memory://',
  };
  const child = spawn(binary, ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log += chunk;
    if (log.length > 100000) log = log.slice(-50000);
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child);

  const api = async (method, path, body, token) => {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  const registered = await api('POST', '/api/v1/auth/register', {
    email: 'e2e@example.com',
    password: 'correct horse battery staple',
    name: 'E2E User',
    timezone: 'Europe/London',
  });
  if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered)}`);
  const created = await api(
    'POST',
    '/api/v1/tokens',
    { name: 'e2e', scopes: ['read', 'write'] },
    registered.body.access_token,
  );
  if (created.status !== 201) throw new Error(`token: ${JSON.stringify(created)}`);
  const tokenFile = join(dataDir, 'token');
  writeFileSync(tokenFile, `${created.body.token}\n`, { mode: 0o600 });

  return {
    base,
    port,
    env,
    dataDir,
    pat: created.body.token,
    accessToken: registered.body.access_token,
    tokenFile,
    log: () => log,
    // A clean stop exits 0; under AddressSanitizer a leak found at exit makes it fail.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      if (child.exitCode !== 0) {
        throw new Error(`convonet serve exited with ${child.exitCode ?? child.signalCode}:\n${log.slice(-4000)}`);
      }
    },
  };
}
