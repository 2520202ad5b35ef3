import { describe, expect, it } from 'vitest';
import { findAllowedEntry, parseStdioAllowList, rootRefusal, stdioRefusal } from './stdio-allow';

describe('BATON_MCP_STDIO_ALLOW', () => {
  it('parses ;-separated commands with their argument prefixes', () => {
    const list = parseStdioAllowList(' npx -y @modelcontextprotocol/server-everything@2026.8.31 stdio ;uvx mcp-server-time==0.6.2; /opt/mcp/server --flag ');
    expect(list.map((e) => [e.command, e.args])).toEqual([
      ['npx', ['-y', '@modelcontextprotocol/server-everything@2026.8.31', 'stdio']],
      ['uvx', ['mcp-server-time==0.6.2']],
      ['/opt/mcp/server', ['--flag']],
    ]);
    expect(parseStdioAllowList(undefined)).toEqual([]);
    expect(parseStdioAllowList(' ; ')).toEqual([]);
  });

  it.each([
    ['npx -y @modelcontextprotocol/server-everything', /without an exact version/],
    ['npx -y @modelcontextprotocol/server-everything@latest', /without an exact version/],
    ['npx -y @modelcontextprotocol/server-everything@^2026.8.31', /quotes or shell characters|without an exact version/],
    ['npx -y', /must name its package/],
    ['npx -p foo@1.0.0 foo', /must name its package/],
    ['uvx mcp-server-time', /without an exact version/],
    ['node "/opt/my server.js"', /quotes or shell characters/],
    ['node /opt/a.js && rm -rf /', /quotes or shell characters/],
  ])('refuses %s with a message saying what to write', (raw, message) => {
    expect(() => parseStdioAllowList(raw)).toThrow(message);
  });

  it('allows a command line that begins with an entry, and nothing else', () => {
    const list = parseStdioAllowList('npx -y @scope/server@1.2.3; node /opt/s.js');
    expect(findAllowedEntry(list, 'npx', ['-y', '@scope/server@1.2.3', '/srv/root'])?.text).toBe('npx -y @scope/server@1.2.3');
    expect(stdioRefusal(list, 'npx', ['-y', '@scope/server@1.2.4'])).toMatch(/^command not on BATON_MCP_STDIO_ALLOW/);
    expect(stdioRefusal(list, 'npx', ['@scope/server@1.2.3'])).toMatch(/^command not on BATON_MCP_STDIO_ALLOW/);
    expect(stdioRefusal(list, '/usr/bin/node', ['/opt/s.js'])).toMatch(/^command not on BATON_MCP_STDIO_ALLOW/);
    expect(stdioRefusal(list, 'node', ['/opt/s.js'])).toBeNull();
    expect(stdioRefusal([], 'node', ['/opt/s.js'])).toMatch(/not set/);
  });
});

describe('roots and the data directory', () => {
  const dirs = { dataDir: '/srv/baton/.data', workDir: '/srv/baton/.data/mcp/abc' };
  it.each([['/'], ['/srv'], ['/srv/baton'], ['/srv/baton/.data'], ['/srv/baton/.data/pg'], ['../..'], ['--root=/srv/baton'], ['../other']])('refuses %s', (arg) => {
    expect(rootRefusal(['/opt/server.js', arg], dirs)).toMatch(/includes Baton's data directory/);
  });
  it.each([['/home/me/docs'], ['.'], ['./files'], ['~/x'], ['--port=8080'], ['@scope/pkg@1.0.0'], ['https://example.com/a/b']])('allows %s', (arg) => {
    expect(rootRefusal([arg], dirs)).toBeNull();
  });
});
