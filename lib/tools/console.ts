import 'server-only';
import type { Sql } from '@/db/client';
import { getTool, getToolVersion } from '@/db/queries/tools';
import { allowListFromEnv, type AllowList } from '@/lib/net/allow-list';
import { guardedFetch } from '@/lib/net/guarded-fetch';
import { toStepError } from '@/lib/steps/errors';
import type { StepError } from '@/lib/engine/types';
import { contractProblems, invokeTool, type ContractProblem, type LoadedTool } from './invoke';
import type { SentRequest, ToolDeps } from './kind';
import { defaultToolDeps } from './defaults';

/** What the admin's test console shows of one call. Secrets are masked in every part. */
export type ToolTestResult = {
  toolVersion: number;
  ok: boolean;
  output?: unknown;
  error?: StepError;
  durationMs: number;
  /** The contract check of each side ([] = fits; null = not reached). */
  inputProblems: ContractProblem[];
  outputProblems: ContractProblem[] | null;
  /** The request put on the wire (HTTP tools), secrets masked. */
  request: SentRequest | null;
};

/**
 * Calls one version of a tool as a run would (same contracts, guard, credential and masking),
 * but outside any run and whatever its enabled or approval state, so an admin can try a tool
 * before letting flows use it. Returns null for an unknown tool or version.
 */
export async function testToolVersion(
  sql: Sql,
  args: { toolId: string; version?: number; input: unknown },
  o: { deps?: ToolDeps; allowList?: AllowList; timeoutMs?: number } = {},
): Promise<ToolTestResult | null> {
  const tool = await getTool(sql, args.toolId);
  if (!tool) return null;
  const version = await getToolVersion(sql, tool.id, args.version ?? tool.latestVersion);
  if (!version) return null;
  const loaded: LoadedTool = { id: tool.id, name: tool.name, kind: tool.kind, version };
  const allow = o.allowList ?? allowListFromEnv();
  const signal = AbortSignal.timeout(o.timeoutMs ?? version.timeoutMs + 1000);
  let request: SentRequest | null = null;
  const inputProblems = contractProblems(loaded, 'input', args.input);
  const started = performance.now();
  try {
    const output = await invokeTool(loaded, args.input, { signal, idempotencyKey: `test:${tool.id}`, http: (u, i, opts) => guardedFetch(u, i, { ...opts, allow, signal }), onRequest: (r) => (request = r) }, o.deps ?? defaultToolDeps(sql));
    return { toolVersion: version.version, ok: true, output, durationMs: ms(started), inputProblems, outputProblems: [], request };
  } catch (err) {
    const error = toStepError(err);
    const side = (error.details as { side?: string } | undefined)?.side;
    const outputProblems = side === 'output' ? ((error.details as { problems: ContractProblem[] }).problems ?? []) : null;
    return { toolVersion: version.version, ok: false, error, durationMs: ms(started), inputProblems, outputProblems, request };
  }
}

const ms = (from: number) => Math.round((performance.now() - from) * 10) / 10;
