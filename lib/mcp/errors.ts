import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { OutboundError } from '@/lib/net/errors';
import { NonRetriableError, SsrfBlockedError, StepFailure, StepTimeoutError } from '@/lib/steps/errors';

/**
 * A connection that cannot be made as configured (command not allowed, root in .data, missing
 * credential, disabled server): trying again will not help until an admin changes something.
 */
export class McpConfigError extends Error {}

/** The server answered a tool call with `isError`: the tool ran and reported a failure. */
export class McpToolError extends Error {
  constructor(message: string, readonly content: unknown) {
    super(message);
  }
}

/** The time-out Baton put on a call or a connection. */
export class McpTimeoutError extends Error {}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** An HTTP status with the start of the body the server sent, e.g. "HTTP 401 Unauthorized: missing token". */
function httpWords(err: StreamableHTTPError): string {
  const text = err.message.replace(/^Streamable HTTP error: /, '').replace(/^Error POSTing to endpoint: /, '').trim();
  return clip(`HTTP ${err.code ?? '?'}${text ? `: ${text}` : ''}`);
}

/**
 * Why a connection or a call failed, in words an admin can act on ("command not on
 * BATON_MCP_STDIO_ALLOW …", "connection refused by 127.0.0.1", "HTTP 401: …"). For a stdio child
 * that died, the tail of its stderr says why.
 */
export function describeMcpError(err: unknown, stderrTail = ''): string {
  const tail = stderrTail.trim() ? ` — server said: ${clip(stderrTail.trim().split('\n').slice(-3).join(' | '), 400)}` : '';
  if (err instanceof McpConfigError || err instanceof McpTimeoutError || err instanceof McpToolError) return err.message;
  if (err instanceof OutboundError) return err.message;
  if (err instanceof UnauthorizedError) return 'HTTP 401: the server wants authorization (OAuth sign-in is not supported yet; give it a credential)';
  if (err instanceof StreamableHTTPError) return httpWords(err);
  if (err instanceof McpError) {
    if (err.code === ErrorCode.ConnectionClosed) return `the server closed the connection${tail}`;
    if (err.code === ErrorCode.RequestTimeout) return 'the server did not answer in time';
    return clip(err.message.replace(/^MCP error -?\d+: /, ''));
  }
  const cause = (err as { cause?: unknown })?.cause;
  if (cause instanceof OutboundError) return cause.message;
  const message = err instanceof Error ? err.message : String(err);
  return clip(`${message}${tail}`);
}

/**
 * The engine's failure kind for an MCP failure: a refused address is SsrfBlocked, a time-out
 * StepTimeoutError, configuration problems, a tool's own error (isError), bad arguments and
 * HTTP 4xx (but 408 and 429) are not retried; a dropped connection, a dead child or HTTP 5xx are
 * (StepFailure with kind 'Error', retried under the step's policy).
 */
export function toStepFailure(err: unknown, stderrTail = ''): StepFailure {
  const message = describeMcpError(err, stderrTail);
  const outbound = err instanceof OutboundError ? err : (err as { cause?: unknown })?.cause instanceof OutboundError ? ((err as { cause: OutboundError }).cause) : null;
  if (outbound?.code === 'blocked') return new SsrfBlockedError(message);
  if (outbound?.code === 'timeout' || err instanceof McpTimeoutError) return new StepTimeoutError(message);
  if (outbound && outbound.code !== 'network') return new NonRetriableError(message);
  if (err instanceof McpConfigError || err instanceof McpToolError || err instanceof UnauthorizedError) return new NonRetriableError(message);
  if (err instanceof StreamableHTTPError && err.code !== undefined && err.code >= 400 && err.code < 500 && err.code !== 408 && err.code !== 429) return new NonRetriableError(message);
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout) return new StepTimeoutError(message);
    if (err.code === ErrorCode.InvalidParams || err.code === ErrorCode.MethodNotFound || err.code === ErrorCode.InvalidRequest) return new NonRetriableError(message);
  }
  return new StepFailure(message);
}
