// A small MCP stdio server for the MCP client's tests, built with the SDK's own McpServer:
// it reports its environment and working directory, adds a tool on demand (the SDK then sends
// notifications/tools/list_changed), fails on demand, and writes to stderr before dying.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

const server = new McpServer({ name: 'baton-fixture', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });

server.registerTool('env', { description: 'The names of the environment variables and the working directory' }, async () => ({
  content: [{ type: 'text', text: JSON.stringify({ keys: Object.keys(process.env).sort(), cwd: process.cwd(), secret: process.env.FIXTURE_TOKEN ?? null }) }],
}));

let added = 0;
server.registerTool('add-tool', { description: 'Registers one more tool, which makes the server announce a changed tool list', inputSchema: { name: z.string() } }, async ({ name }) => {
  added++;
  server.registerTool(name, { description: `added #${added}` }, async () => ({ content: [{ type: 'text', text: `I am ${name}` }] }));
  return { content: [{ type: 'text', text: 'added' }] };
});

server.registerTool('fail', { description: 'Answers with isError', inputSchema: { why: z.string() } }, async ({ why }) => ({ isError: true, content: [{ type: 'text', text: `failed because ${why}` }] }));

server.registerTool('die', { description: 'Writes to stderr and exits mid-call' }, async () => {
  process.stderr.write('fixture: out of cheese\n');
  process.exit(3);
});

server.registerTool('slow', { description: 'Answers after a delay', inputSchema: { ms: z.number() } }, async ({ ms }) => {
  await sleep(ms);
  return { content: [{ type: 'text', text: 'late' }] };
});

await server.connect(new StdioServerTransport());
