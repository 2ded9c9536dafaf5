#!/usr/bin/env node
// The benchmark's default backend: a minimal MCP server over stdio with one tool, `echo`, written against Node's
// standard library only. It is what issue 2 measures against ("a stdio echo backend", about 30 µs of CPU per call),
// so that the backend does not dominate a 2-core machine and the servers in front of it are what the run compares.
// `BENCH_BACKEND=everything` runs @modelcontextprotocol/server-everything (the seed's server) instead.
//
// It speaks newline-delimited JSON-RPC 2.0 (the MCP stdio transport): initialize (with version negotiation), ping,
// tools/list, tools/call; notifications are accepted silently; any other request gets -32601.
import { createInterface } from 'node:readline';

const SUPPORTED = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
const TOOLS = [{
  name: 'echo',
  description: 'Echoes back the input',
  inputSchema: {
    type: 'object',
    properties: { message: { type: 'string', description: 'Message to echo' } },
    required: ['message'],
  },
}];

const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const answer = (id, result) => send({ jsonrpc: '2.0', id, result });
const fail = (id, code, message) => send({ jsonrpc: '2.0', id, error: { code, message } });

function handle(request) {
  const { id, method, params } = request;
  switch (method) {
    case 'initialize': {
      const asked = params?.protocolVersion;
      answer(id, {
        protocolVersion: SUPPORTED.includes(asked) ? asked : SUPPORTED[0],
        capabilities: { tools: {} },
        serverInfo: { name: 'bench-echo', version: '1.0.0' },
      });
      return;
    }
    case 'ping':
      answer(id, {});
      return;
    case 'tools/list':
      answer(id, { tools: TOOLS });
      return;
    case 'tools/call': {
      if (params?.name !== 'echo') {
        fail(id, -32602, `Unknown tool: ${params?.name}`);
        return;
      }
      const message = params.arguments?.message;
      if (typeof message !== 'string') {
        answer(id, { content: [{ type: 'text', text: 'message must be a string' }], isError: true });
        return;
      }
      answer(id, { content: [{ type: 'text', text: `Echo: ${message}` }] });
      return;
    }
    default:
      fail(id, -32601, `Method not found: ${method}`);
  }
}

createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
  if (line.trim() === '') return;
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    fail(null, -32700, 'Parse error');
    return;
  }
  // Notifications (no id) and answers to requests this server never sends need no reply.
  if (message === null || typeof message !== 'object' || message.id === undefined || message.method === undefined) return;
  handle(message);
});
