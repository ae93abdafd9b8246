// The official TypeScript SDK client against ConvoNet, over Streamable HTTP and over stdio:
// connect, list tools, create a todo, list it back, complete it, a tool error for bad input,
// 401 without a token, and the session gone after DELETE.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { binary, startConvonet } from './harness.mjs';

let server;
before(async () => {
  server = await startConvonet();
});
after(async () => {
  await server?.stop();
});

function httpTransport(token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  return new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), {
    requestInit: { headers },
  });
}

// The scenario every transport must pass.
async function todoRoundTrip(client, title) {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const name of ['create_todo', 'list_todos', 'complete_todo']) assert.ok(names.includes(name), name);
  const create = tools.find((t) => t.name === 'create_todo');
  assert.equal(create.inputSchema.type, 'object');
  assert.ok(create.outputSchema, 'create_todo declares an outputSchema');
  assert.equal(tools.find((t) => t.name === 'list_todos').annotations.readOnlyHint, true);

  const created = await client.callTool({ name: 'create_todo', arguments: { title, priority: 'high' } });
  assert.ok(!created.isError, JSON.stringify(created));
  const todo = created.structuredContent.todo;
  assert.equal(todo.title, title);

  const listed = await client.callTool({ name: 'list_todos', arguments: { status: 'open' } });
  assert.ok(listed.structuredContent.items.some((t) => t.id === todo.id), 'the new todo is listed');

  const completed = await client.callTool({ name: 'complete_todo', arguments: { id: todo.id } });
  assert.ok(!completed.isError, JSON.stringify(completed));
  assert.ok(completed.structuredContent.todo.completed_at, 'completed_at is set');

  const open = await client.callTool({ name: 'list_todos', arguments: { status: 'open' } });
  assert.ok(!open.structuredContent.items.some((t) => t.id === todo.id), 'no longer open');

  const bad = await client.callTool({ name: 'create_todo', arguments: { title: 42 } });
  assert.equal(bad.isError, true);
  assert.match(bad.content[0].text, /title/);

  const missing = await client.callTool({ name: 'complete_todo', arguments: { id: 999999 } });
  assert.equal(missing.isError, true);
}

describe('Streamable HTTP', () => {
  test('connect, todo round trip, tool errors', async () => {
    const client = new Client({ name: 'convonet-e2e', version: '1.0.0' });
    const transport = httpTransport(server.pat);
    await client.connect(transport);
    assert.equal(client.getServerVersion().name, 'convonet');
    assert.ok(transport.sessionId, 'a session id was issued');
    await client.ping();
    await todoRoundTrip(client, 'Buy milk over HTTP');
    await client.close();
  });

  test('an access token from login works too', async () => {
    const client = new Client({ name: 'convonet-e2e', version: '1.0.0' });
    await client.connect(httpTransport(server.accessToken));
    const { tools } = await client.listTools();
    assert.ok(tools.length > 0);
    await client.close();
  });

  test('401 without a token, with the protected-resource metadata challenge', async () => {
    const client = new Client({ name: 'convonet-e2e', version: '1.0.0' });
    await assert.rejects(client.connect(httpTransport(undefined)), /401|nauthorized/);
    const res = await fetch(`${server.base}/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate'), /resource_metadata=".*\/\.well-known\/oauth-protected-resource"/);
    const metadata = await (await fetch(`${server.base}/.well-known/oauth-protected-resource`)).json();
    assert.equal(metadata.resource, `${server.base}/mcp`);
  });

  test('the session ends after DELETE', async () => {
    const client = new Client({ name: 'convonet-e2e', version: '1.0.0' });
    const transport = httpTransport(server.pat);
    await client.connect(transport);
    const sessionId = transport.sessionId;
    await client.listTools();
    await transport.terminateSession();
    assert.equal(transport.sessionId, undefined);
    const res = await fetch(`${server.base}/mcp`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        Authorization: `Bearer ${server.pat}`,
        'Mcp-Session-Id': sessionId,
        'MCP-Protocol-Version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    assert.equal(res.status, 404);
    await client.close();
  });
});

describe('stdio', () => {
  test('convonet mcp --token-file: connect, todo round trip, tool errors', async () => {
    const transport = new StdioClientTransport({
      command: binary,
      args: ['mcp', '--token-file', server.tokenFile],
      env: server.env,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'convonet-e2e-stdio', version: '1.0.0' });
    await client.connect(transport);
    assert.equal(client.getServerVersion().name, 'convonet');
    await todoRoundTrip(client, 'Buy milk over stdio');
    const resources = await client.listResources();
    assert.ok(resources.resources.some((r) => r.uri === 'convonet://agenda/today'));
    const agenda = await client.readResource({ uri: 'convonet://agenda/today' });
    assert.ok(Array.isArray(JSON.parse(agenda.contents[0].text).items));
    await client.close();
  });

  test('a bad token is refused at start', async () => {
    const transport = new StdioClientTransport({
      command: binary,
      args: ['mcp', '--token-file', '/dev/null'],
      env: server.env,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'convonet-e2e-stdio', version: '1.0.0' });
    await assert.rejects(client.connect(transport));
  });
});
