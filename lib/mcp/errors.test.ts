import { describe, expect, it } from 'vitest';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { OutboundError } from '@/lib/net/errors';
import { describeMcpError, McpConfigError, McpToolError, toStepFailure } from './errors';
import { credentialEnv, credentialHeaders } from './credentials';

describe('MCP failures as the engine sees them', () => {
  it.each([
    [new OutboundError('blocked', 'Blocked: 127.0.0.1 …'), 'SsrfBlocked'],
    [new OutboundError('timeout', 'No response'), 'StepTimeoutError'],
    [new OutboundError('network', 'connection refused by 127.0.0.1'), 'Error'],
    [new StreamableHTTPError(401, 'Error POSTing to endpoint: token expired'), 'NonRetriableError'],
    [new StreamableHTTPError(429, 'Error POSTing to endpoint: slow down'), 'Error'],
    [new StreamableHTTPError(503, 'Error POSTing to endpoint: busy'), 'Error'],
    [new McpError(ErrorCode.InvalidParams, 'bad arguments'), 'NonRetriableError'],
    [new McpError(ErrorCode.RequestTimeout, 'timed out'), 'StepTimeoutError'],
    [new McpError(ErrorCode.ConnectionClosed, 'closed'), 'Error'],
    [new McpToolError('Tool x reported an error: no', []), 'NonRetriableError'],
    [new McpConfigError('command not on BATON_MCP_STDIO_ALLOW'), 'NonRetriableError'],
  ])('%s → %s', (err, kind) => {
    expect(toStepFailure(err).kind).toBe(kind);
  });

  it('words an HTTP error with its status and what the server said', () => {
    expect(describeMcpError(new StreamableHTTPError(401, 'Error POSTing to endpoint: token expired'))).toBe('HTTP 401: token expired');
    expect(describeMcpError(new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), 'line 1\nboom: missing API_KEY\n')).toBe('the server closed the connection — server said: line 1 | boom: missing API_KEY');
  });
});

describe('credentials on an MCP connection', () => {
  it('puts a bearer token or a header key on HTTP requests and refuses a query key', () => {
    expect(credentialHeaders({ kind: 'bearer', token: 't' })).toEqual({ authorization: 'Bearer t' });
    expect(credentialHeaders({ kind: 'api_key', key: 'k', placement: 'header', name: 'X-Api-Key' })).toEqual({ 'x-api-key': 'k' });
    expect(() => credentialHeaders({ kind: 'api_key', key: 'k', placement: 'query', name: 'key' })).toThrow(/header/);
  });
  it('hands a stdio child its key in the variable named, never in one that changes how it runs', () => {
    expect(credentialEnv({ kind: 'api_key', key: 'k', placement: 'header', name: 'x' }, 'GITHUB_TOKEN')).toEqual({ GITHUB_TOKEN: 'k' });
    expect(() => credentialEnv({ kind: 'bearer', token: 't' }, 'NODE_OPTIONS')).toThrow(/reserved/);
    expect(() => credentialEnv({ kind: 'bearer', token: 't' }, 'lower')).toThrow(/capital/);
  });
});
