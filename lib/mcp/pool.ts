import 'server-only';
import type { Db } from '@/db/client';
import type { McpServerRow } from '@/db/schema';
import { findMcpServer, findMcpServerTool, setMcpServerHealth, syncMcpServerTools } from '@/db/queries/mcp';
import type { StepFailure } from '@/lib/steps/errors';
import { log } from '@/lib/log/logger';
import type { McpCredential } from './credentials';
import { openMcpConnection, type ConnectOptions, type McpCallResult, type McpConnection } from './connect';
import { describeMcpError, McpConfigError, McpToolError, McpTimeoutError, toStepFailure } from './errors';
import { syncMcpRegistry } from './registry-tools';
import type { McpToolInfo } from './tool-schema';

export type McpPoolOptions = {
  db: Db;
  /** The rules and limits of each new connection (read per connection, so a changed environment applies at the next start). */
  connectOptions: () => Omit<ConnectOptions, 'credential' | 'onToolsChanged' | 'onClosed'>;
  /** Reveals and maps the server's credential (none: `{}`). */
  credential: (server: McpServerRow) => Promise<McpCredential>;
  /** A connection unused this long is closed (a stdio child stopped). */
  idleMs: number;
  /** Default time-out of a tool call. */
  callTimeoutMs: number;
};

export type RefreshResult = { ok: true; tools: McpToolInfo[] } | { ok: false; error: string };

/** The values to mask: each header and variable value, and the token part of `Bearer <token>`-like values. */
function secretValues(c: McpCredential): string[] {
  const values = [...Object.values(c.headers ?? {}), ...Object.values(c.env ?? {})].filter((v) => v.length >= 4);
  return [...new Set([...values, ...values.map((v) => v.split(' ').pop()!).filter((v) => v.length >= 4)])].sort((a, b) => b.length - a.length);
}

type Entry = { conn: McpConnection; fingerprint: string; inflight: number; idle?: NodeJS.Timeout };

/** What makes a connection stale: any change to how the server is reached. */
const fingerprint = (s: McpServerRow) => JSON.stringify([s.transport, s.url, s.command, s.args, s.credentialId, s.credentialEnv, s.updatedAt.getTime()]);

/**
 * One process's connections to MCP servers, keyed by server id. Each worker process keeps its own
 * (stdio children are never shared across processes); a connection opens on first use, is reused
 * while the server's row is unchanged, closes after `idleMs` without use, and is dropped after a
 * transport failure so the next call starts afresh. Health and the last error go to the server's
 * row; tool lists (on refresh and on notifications/tools/list_changed) to mcp_server_tools.
 */
export function createMcpPool(opts: McpPoolOptions) {
  const entries = new Map<string, Entry>();
  const opening = new Map<string, Promise<Entry>>();
  // Each server's credential values: a server may echo a header, or a child print its environment,
  // into the words that become last_error or a step's error.
  const secrets = new Map<string, string[]>();
  const mask = (id: string, text: string) => (secrets.get(id) ?? []).reduce((t, v) => t.split(v).join('***'), text);

  const health = (id: string, error: string | null) =>
    setMcpServerHealth(opts.db, id, error ? 'error' : 'ok', error && mask(id, error)).catch((err) => log.warn('mcp: could not record health', { serverId: id, message: (err as Error).message }));

  function drop(id: string, entry: Entry) {
    if (entries.get(id) !== entry) return;
    entries.delete(id);
    clearTimeout(entry.idle);
    void entry.conn.close();
  }

  function armIdle(id: string, entry: Entry) {
    clearTimeout(entry.idle);
    if (entry.inflight > 0) return;
    entry.idle = setTimeout(() => drop(id, entry), opts.idleMs);
    entry.idle.unref();
  }

  /** A call or refresh holds the connection: the idle timer armed when it opened must not close it mid-call. */
  function busy(entry: Entry) {
    entry.inflight++;
    clearTimeout(entry.idle);
  }

  async function open(server: McpServerRow): Promise<Entry> {
    const credential = await opts.credential(server);
    secrets.set(server.id, secretValues(credential));
    // Filled once connected; the close handler needs it to tell its own entry from a newer one.
    const self: { entry?: Entry } = {};
    const conn = await openMcpConnection(server, {
      ...opts.connectOptions(),
      credential,
      onToolsChanged: (tools) => {
        syncMcpServerTools(opts.db, server.id, tools)
          .then(() => syncMcpRegistry(opts.db, server.id))
          .then(() => health(server.id, null))
          .catch((err) => log.warn('mcp: tool list sync failed', { serverId: server.id, message: (err as Error).message }));
      },
      onClosed: () => {
        const entry = self.entry;
        if (!entry || entries.get(server.id) !== entry) return;
        void health(server.id, describeMcpError(new Error('the server closed the connection'), entry.conn.stderrTail()));
        drop(server.id, entry);
      },
    });
    self.entry = { conn, fingerprint: fingerprint(server), inflight: 0 };
    return self.entry;
  }

  /** The live connection for a server, opened (once, however many callers wait) if needed. */
  async function connection(server: McpServerRow): Promise<Entry> {
    const current = entries.get(server.id);
    if (current && current.fingerprint === fingerprint(server)) return current;
    if (current) drop(server.id, current);
    const pending = opening.get(server.id);
    if (pending) return pending;
    const p = open(server)
      .then((entry) => {
        entries.set(server.id, entry);
        armIdle(server.id, entry);
        return entry;
      })
      .finally(() => opening.delete(server.id));
    opening.set(server.id, p);
    return p;
  }

  async function loadServer(id: string): Promise<McpServerRow> {
    const server = await findMcpServer(opts.db, id);
    if (!server) throw new McpConfigError('This MCP server no longer exists');
    if (!server.enabled) throw new McpConfigError(`MCP server ${server.name} is disabled`);
    return server;
  }

  return {
    /**
     * Connects afresh (closing this process's connection first, so a changed command, URL or
     * environment applies), lists the tools, syncs them and records health. Never throws.
     */
    async refresh(serverId: string, signal?: AbortSignal): Promise<RefreshResult> {
      let entry: Entry | undefined;
      try {
        const server = await loadServer(serverId);
        const current = entries.get(serverId);
        if (current) drop(serverId, current);
        entry = await connection(server);
        busy(entry);
        const tools = await entry.conn.listTools({ signal });
        await syncMcpServerTools(opts.db, serverId, tools);
        await syncMcpRegistry(opts.db, serverId);
        await health(serverId, null);
        return { ok: true, tools };
      } catch (err) {
        const error = mask(serverId, describeMcpError(err, entry?.conn.stderrTail()));
        if (entry) drop(serverId, entry);
        if (!(err instanceof McpConfigError && error.includes('no longer exists'))) await health(serverId, error);
        return { ok: false, error };
      } finally {
        if (entry) {
          entry.inflight--;
          if (entries.get(serverId) === entry) armIdle(serverId, entry);
        }
      }
    },

    /**
     * Calls an exposed tool. Failures come back as the engine's kinds (see toStepFailure): a tool's
     * own error (isError) is not retried, a dropped connection is (and reconnects on the retry).
     */
    async callTool(serverId: string, name: string, args: Record<string, unknown>, callOpts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<McpCallResult> {
      let entry: Entry | undefined;
      try {
        const server = await loadServer(serverId);
        const tool = await findMcpServerTool(opts.db, serverId, name);
        if (!tool) throw new McpConfigError(`MCP server ${server.name} has no tool named ${name} (refresh its tool list)`);
        if (!tool.exposed) throw new McpConfigError(`Tool ${name} of MCP server ${server.name} is not exposed: an admin must expose it first`);
        entry = await connection(server);
        busy(entry);
        return await entry.conn.callTool(name, args, { signal: callOpts.signal, timeoutMs: callOpts.timeoutMs ?? opts.callTimeoutMs });
      } catch (err) {
        const tail = entry?.conn.stderrTail() ?? '';
        const failure: StepFailure = toStepFailure(err, tail);
        failure.message = mask(serverId, failure.message);
        // The tool answered (with an error, or late): the connection is sound. Anything else may not be.
        const connectionSound = err instanceof McpToolError || err instanceof McpTimeoutError || err instanceof McpConfigError;
        if (!connectionSound) {
          if (entry) drop(serverId, entry);
          await health(serverId, describeMcpError(err, tail));
        }
        throw failure;
      } finally {
        if (entry) {
          entry.inflight--;
          if (entries.get(serverId) === entry) armIdle(serverId, entry);
        }
      }
    },

    /** Closes this process's connection to a server (its stdio child stops), e.g. after an edit or delete. */
    async stop(serverId: string): Promise<void> {
      const entry = entries.get(serverId);
      if (entry) {
        entries.delete(serverId);
        clearTimeout(entry.idle);
        await entry.conn.close();
      }
    },

    /** Closes every connection (shutdown, tests). */
    async closeAll(): Promise<void> {
      await Promise.all([...entries.keys()].map((id) => this.stop(id)));
    },

    /** Servers this process holds a connection to, with the stdio child's pid (for health pages and tests). */
    connected(): { serverId: string; pid?: number }[] {
      return [...entries.values()].map((e) => ({ serverId: e.conn.serverId, pid: e.conn.pid }));
    },
  };
}

export type McpPool = ReturnType<typeof createMcpPool>;
