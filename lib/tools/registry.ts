import 'server-only';
import type { Sql } from '@/db/client';
import { getToolCallHead, getToolVersion, recordToolOnAttempt, type ToolCallHead } from '@/db/queries/tools';
import { guardedFetch } from '@/lib/net/guarded-fetch';
import type { AllowList } from '@/lib/net/allow-list';
import { ApprovalRequiredError, NonRetriableError } from '@/lib/steps/errors';
import type { HttpPort, ToolCallOptions, ToolRef, ToolsPort } from '@/lib/steps/runtime';
import { invokeTool, type InvokeContext, type LoadedTool } from './invoke';
import type { ToolDeps } from './kind';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Versions are immutable, so a loaded one is kept; the bound only limits memory. */
const VERSION_CACHE_SIZE = 500;

export type ToolRegistry = ToolsPort & {
  /** The tool and version a call of `ref` would run, after the governance checks (throws NonRetriableError). */
  resolve: (ref: ToolRef) => Promise<LoadedTool>;
  /** Calls a resolved version outside a run (the admin test console), with the same checks and masking. */
  invoke: (tool: LoadedTool, input: unknown, ctx: InvokeContext) => Promise<unknown>;
};

/**
 * The ToolsPort of runs: resolves a step's tool reference (its pinned version, or the latest),
 * refuses a disabled, denied or missing tool with a NonRetriableError that says why, records the
 * tool id and version on the calling attempt's row, and invokes the version with its contracts
 * checked both ways. Governance is read on every call (one indexed row), so disabling or denying
 * a tool takes effect at the next call; versions are cached by id and number.
 */
export function createToolRegistry(o: { sql: Sql; deps: ToolDeps; allowList: AllowList }): ToolRegistry {
  const versions = new Map<string, LoadedTool['version']>();
  const ownHttp = (signal: AbortSignal): HttpPort => (url, init, opts) => guardedFetch(url, init, { ...opts, allow: o.allowList, signal });

  async function loadVersion(head: ToolCallHead, version: number): Promise<LoadedTool> {
    const key = `${head.id}:${version}`;
    let v = versions.get(key);
    if (!v) {
      v = await getToolVersion(o.sql, head.id, version);
      if (!v) throw new NonRetriableError(`Tool "${head.name}" has no version ${version}`);
      if (versions.size >= VERSION_CACHE_SIZE) versions.delete(versions.keys().next().value!);
      versions.set(key, v);
    }
    return { id: head.id, name: head.name, kind: head.kind, version: v };
  }

  async function head(ref: ToolRef): Promise<ToolCallHead> {
    if (!UUID.test(ref.toolId)) throw new NonRetriableError(`"${ref.toolId}" is not a tool id`);
    const h = await getToolCallHead(o.sql, ref.toolId);
    if (!h) throw new NonRetriableError('The tool this step calls no longer exists in the registry');
    return h;
  }

  function govern(h: ToolCallHead) {
    if (!h.enabled) throw new NonRetriableError(`Tool "${h.name}" is disabled by an admin`);
    if (h.approval === 'deny') throw new NonRetriableError(`Tool "${h.name}" is denied by its approval rule: no flow may call it`);
  }

  const resolve = async (ref: ToolRef) => {
    const h = await head(ref);
    govern(h);
    return loadVersion(h, ref.version ?? h.latestVersion);
  };

  return {
    resolve,
    invoke: (tool, input, ctx) => invokeTool(tool, input, ctx, o.deps),
    call: async (ref: ToolRef, input: unknown, opts: ToolCallOptions) => {
      const h = await head(ref);
      const version = ref.version ?? h.latestVersion;
      // Written beside the call (the attempt's row was committed before the step started), so a refused call is on record too.
      const recorded = opts.caller ? recordToolOnAttempt(o.sql, opts.caller, h.id, version) : Promise.resolve();
      try {
        govern(h);
        // Asked before anything runs: the run waits on a reviewer, who sees exactly this input.
        if (h.approval === 'needs_approval' && !opts.approved) throw new ApprovalRequiredError(`Tool "${h.name}" needs approval before each call`, input);
        const tool = await loadVersion(h, version);
        const output = await invokeTool(tool, input, { signal: opts.signal, http: opts.http ?? ownHttp(opts.signal), idempotencyKey: opts.idempotencyKey }, o.deps);
        return { output, toolVersion: version };
      } finally {
        await recorded;
      }
    },
  };
}
