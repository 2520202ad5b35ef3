import 'server-only';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerRow } from '@/db/schema';
import type { AllowList } from '@/lib/net/allow-list';
import type { Resolver } from '@/lib/net/resolve';
import { guardedStreamFetch, type FetchLike } from '@/lib/net/stream-fetch';
import { BATON_VERSION } from '@/lib/version';
import type { McpCredential } from './credentials';
import { McpConfigError, McpTimeoutError, McpToolError } from './errors';
import { rootRefusal, stdioRefusal, type StdioAllowEntry } from './stdio-allow';
import { BatonStdioTransport } from './stdio-transport';
import { normaliseTool, type McpToolInfo } from './tool-schema';

/** The parts of a server row a connection needs. */
export type McpServerConfig = Pick<McpServerRow, 'id' | 'name' | 'transport' | 'url' | 'command' | 'args'>;

export type ConnectOptions = {
  /** BATON_ALLOWED_HOSTS: the private and loopback destinations HTTP servers may be at. */
  allow: AllowList;
  /** BATON_MCP_STDIO_ALLOW, parsed. */
  stdioAllow: readonly StdioAllowEntry[];
  /** Baton's data directory; stdio children work in `<dataDir>/mcp/<server id>`. */
  dataDir: string;
  /** The server's credential, already revealed and mapped (headers or environment). */
  credential: McpCredential;
  connectTimeoutMs: number;
  /** PATH given to stdio children (Baton's own by default). */
  path?: string;
  resolve?: Resolver;
  maxMessageBytes?: number;
  stderrTailBytes?: number;
  /** The server announced a new tool list (notifications/tools/list_changed), already fetched. */
  onToolsChanged?: (tools: McpToolInfo[]) => void;
  /** The connection ended without `close()` being called (child exited, stream dropped). */
  onClosed?: () => void;
};

/** A tool call's result as Baton reads it: the text parts joined, the structured content if any. */
export type McpCallResult = { text: string; content: CallToolResult['content']; structuredContent?: Record<string, unknown> };

export type McpConnection = {
  serverId: string;
  listTools: (opts?: { signal?: AbortSignal; timeoutMs?: number }) => Promise<McpToolInfo[]>;
  callTool: (name: string, args: Record<string, unknown>, opts: { signal?: AbortSignal; timeoutMs: number }) => Promise<McpCallResult>;
  close: () => Promise<void>;
  /** The tail of a stdio child's stderr ('' over HTTP), to explain a failure. */
  stderrTail: () => string;
  /** A stdio child's process id (tests prove it stops). */
  pid?: number;
};

export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_STDERR_TAIL_BYTES = 4096;
const HTTP_HEADERS_BACKSTOP_MS = 15 * 60_000;

/** Where a stdio server runs: its own directory under Baton's data directory. */
export const mcpWorkDir = (dataDir: string, serverId: string) => join(resolve(dataDir), 'mcp', serverId);

/** Checks the rules and builds the transport; throws McpConfigError when a rule refuses. */
async function transportFor(server: McpServerConfig, opts: ConnectOptions): Promise<Transport & { stderrTail?: () => string; pid?: number }> {
  if (server.transport === 'http') {
    if (!server.url) throw new McpConfigError('This HTTP server has no URL');
    const url = new URL(server.url);
    // The MCP requests carry their own time-outs (handshake, call); this one only frees a socket
    // whose server never answers at all, so it must outlast the longest tool call.
    const guarded = guardedStreamFetch({ allow: opts.allow, headersTimeoutMs: HTTP_HEADERS_BACKSTOP_MS, maxBytes: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, resolve: opts.resolve });
    const headers = opts.credential.headers ?? {};
    // The credential goes to the server's own origin only (the SDK may follow a same-origin redirect).
    const withCredential: FetchLike = (input, init = {}) => {
      const target = new URL(input instanceof URL ? input : String(input));
      if (target.origin !== url.origin || !Object.keys(headers).length) return guarded(input, init);
      const h = new Headers(init.headers);
      for (const [k, v] of Object.entries(headers)) h.set(k, v);
      return guarded(input, { ...init, headers: h });
    };
    return new StreamableHTTPClientTransport(url, { fetch: withCredential, reconnectionOptions: { maxRetries: 2, initialReconnectionDelay: 1000, maxReconnectionDelay: 10_000, reconnectionDelayGrowFactor: 2 } });
  }
  if (!server.command) throw new McpConfigError('This stdio server has no command');
  const refusal = stdioRefusal(opts.stdioAllow, server.command, server.args);
  if (refusal) throw new McpConfigError(refusal);
  const cwd = mcpWorkDir(opts.dataDir, server.id);
  const rootProblem = rootRefusal(server.args, { dataDir: opts.dataDir, workDir: cwd });
  if (rootProblem) throw new McpConfigError(rootProblem);
  await mkdir(cwd, { recursive: true, mode: 0o700 });
  // The whole environment, written out: PATH, a HOME of its own (so ~/.npmrc and the like of
  // Baton's user are not read) and the server's credential. Nothing else of process.env.
  const env = { PATH: opts.path ?? process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: cwd, ...(opts.credential.env ?? {}) };
  return new BatonStdioTransport({
    command: server.command,
    args: server.args,
    env,
    cwd,
    maxMessageBytes: opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    stderrTailBytes: opts.stderrTailBytes ?? DEFAULT_STDERR_TAIL_BYTES,
  });
}

/** MCP's request time-out, reported in Baton's words. */
function timeoutWords(err: unknown, what: string, ms: number): unknown {
  return err instanceof McpError && err.code === ErrorCode.RequestTimeout ? new McpTimeoutError(`${what} did not answer within ${ms} ms`) : err;
}

/**
 * Connects to one MCP server (starting a stdio child, or opening a streamable HTTP session through
 * the outbound guard) and completes the MCP handshake. Throws McpConfigError when Baton's rules
 * refuse the server, else what the transport or the handshake threw (see describeMcpError).
 */
export async function openMcpConnection(server: McpServerConfig, opts: ConnectOptions): Promise<McpConnection> {
  const transport = await transportFor(server, opts);
  const stderrTail = () => transport.stderrTail?.() ?? '';
  let closing = false;
  const client = new Client(
    { name: 'baton', version: BATON_VERSION },
    {
      capabilities: {},
      listChanged: {
        tools: {
          autoRefresh: true,
          debounceMs: 50,
          onChanged: (error, tools) => {
            if (!error && tools) opts.onToolsChanged?.(tools.map(normaliseTool));
          },
        },
      },
    },
  );
  client.onclose = () => {
    if (!closing) opts.onClosed?.();
  };
  try {
    await client.connect(transport, { timeout: opts.connectTimeoutMs });
  } catch (err) {
    closing = true;
    await client.close().catch(() => undefined);
    throw timeoutWords(err, `${server.name} (the MCP handshake)`, opts.connectTimeoutMs);
  }
  return {
    serverId: server.id,
    pid: transport.pid,
    stderrTail,
    listTools: async ({ signal, timeoutMs = opts.connectTimeoutMs } = {}) => {
      const tools: McpToolInfo[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { signal, timeout: timeoutMs }).catch((err) => {
          throw timeoutWords(err, `${server.name} (listing tools)`, timeoutMs);
        });
        tools.push(...page.tools.map(normaliseTool));
        cursor = page.nextCursor;
      } while (cursor && tools.length < 10_000);
      return tools;
    },
    callTool: async (name, args, { signal, timeoutMs }) => {
      const result = (await client.callTool({ name, arguments: args }, undefined, { signal, timeout: timeoutMs }).catch((err) => {
        throw timeoutWords(err, `Tool ${name} on ${server.name}`, timeoutMs);
      })) as CallToolResult;
      const text = (result.content ?? []).flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n');
      if (result.isError) throw new McpToolError(`Tool ${name} on ${server.name} reported an error: ${text.slice(0, 500) || '(no message)'}`, result.content);
      return { text, content: result.content ?? [], ...(result.structuredContent ? { structuredContent: result.structuredContent } : {}) };
    },
    close: async () => {
      closing = true;
      await client.close().catch(() => undefined);
    },
  };
}
