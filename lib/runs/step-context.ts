import 'server-only';
import { createHash } from 'node:crypto';
import type { Sql } from '@/db/client';
import { guardedFetch } from '@/lib/net/guarded-fetch';
import type { AllowList } from '@/lib/net/allow-list';
import { NonRetriableError } from '@/lib/steps/errors';
import type { HttpPort, ModelPort, RunContext, StepProgress, ToolsPort } from '@/lib/steps/runtime';
import { meteredModel, type ModelQuote } from '@/lib/budgets/metered-model';
import type { ModelRequest } from '@/lib/steps/runtime';
import { childAttempts } from './child-attempts';

/** Which attempt live output belongs to (a retry's text replaces the failed attempt's). */
export type ProgressSource = { runId: string; stepId: string; attempt: number };
/** Where live partial output goes: lib/runs/progress-stream sends it over PROGRESS_CHANNEL. */
export type ProgressSink = (at: ProgressSource, progress: StepProgress) => void;

/** The process-wide parts of every step's ports, built once with the engine runtime. */
export type StepPortDeps = {
  sql: Sql;
  allowList: AllowList;
  tools: ToolsPort;
  model: ModelPort;
  /** Where a request will go and what it may cost, before it is sent (the budget's hold); null price = unknown. */
  quote: (req: ModelRequest) => Promise<ModelQuote>;
  progress: ProgressSink;
};

/** Without providers there is nothing to quote: the model port itself says what to configure. */
export const NO_QUOTE: StepPortDeps['quote'] = async (req) => ({
  provider: 'none',
  model: req.model ?? 'none',
  price: null,
  maxOutputTokens: req.maxTokens ?? 0,
});

/** Until the tool registry lands, a step that needs a tool fails clearly instead of guessing. */
export const NO_TOOLS: ToolsPort = {
  call: async () => {
    throw new NonRetriableError('This installation has no tool registry yet');
  },
};

/** Until model providers are configured, an AI step fails clearly. */
export const NO_MODELS: ModelPort = {
  generate: async () => {
    throw new NonRetriableError('No model provider is configured');
  },
};

export const dropProgress: ProgressSink = () => {};

/**
 * The context of one effectful attempt: every effect goes through a port (outbound HTTP through
 * the guard with this run's allow-list and cancellation; tools; models; child attempts on
 * Postgres; live progress), so a test or a simulated run swaps ports, never the runner.
 */
export function stepContext(
  d: StepPortDeps,
  a: { runId: string; stepId: string; attempt: number; signal: AbortSignal; runCapUsd: number | null; now: () => Date; approved?: { input: unknown } },
): RunContext {
  const http: HttpPort = (url, init, opts) => guardedFetch(url, init, { ...opts, allow: d.allowList, signal: a.signal });
  const caller = { runId: a.runId, stepId: a.stepId, attempt: a.attempt };
  const idempotencyKey = `${a.runId}:${a.stepId}`;
  return {
    runId: a.runId,
    stepId: a.stepId,
    attempt: a.attempt,
    idempotencyKey,
    signal: a.signal,
    http,
    // A tool's calls go out through this attempt's guard, and the registry records on its row what it called.
    tools: { call: (ref, input, o) => d.tools.call(ref, input, { http, caller, ...o }) },
    // Every model call of this attempt holds its worst case against the run's and the day's caps first.
    model: meteredModel(d.model, { sql: d.sql, quote: d.quote, runId: a.runId, key: `${idempotencyKey}#${a.attempt}`, runCapUsd: a.runCapUsd, now: a.now }),
    emit: (p) => d.progress({ runId: a.runId, stepId: a.stepId, attempt: a.attempt }, p),
    trace: traceOf(a.runId, a.stepId, a.attempt),
    children: childAttempts(d.sql, { runId: a.runId, stepId: a.stepId }),
    ...(a.approved ? { approved: a.approved } : {}),
  };
}

/** W3C trace ids: the run is the trace (its uuid's 32 hex digits), each attempt a span. */
export function traceOf(runId: string, stepId: string, attempt: number) {
  return { traceId: runId.replaceAll('-', ''), spanId: createHash('sha256').update(`${stepId}#${attempt}`).digest('hex').slice(0, 16) };
}
