import type { ResponseSpec } from '@/lib/engine/types';
import type { GuardedInit, GuardedResponse, GuardOptions } from '@/lib/net/guarded-fetch';
import type { StepUsage } from './usage';

export type { StepUsage } from './usage';

/**
 * What a runner returns. `usage` (tokens, cost) and `confidence` (0..1, read by the step's
 * confidence policy when it names no output path) are written with the attempt's commit.
 */
export type StepOutcome = { output: unknown; port?: string; response?: ResponseSpec; usage?: StepUsage; confidence?: number };

/**
 * Outbound HTTP through lib/net's guard, with the run's allow-list and cancellation already
 * applied: the only way a step calls out. Tests and (later) evaluations swap it for recorded answers.
 */
export type HttpPort = (url: string | URL, init: GuardedInit, opts: Omit<GuardOptions, 'allow' | 'signal' | 'resolve'>) => Promise<GuardedResponse>;

/** A registry tool, by id and (unless "always latest") the version the step was built with. */
export type ToolRef = { toolId: string; version?: number };
export type ToolCallResult = { output: unknown; toolVersion: number; usage?: StepUsage };
/** Which attempt calls a tool: the registry records the tool id and version on its step_runs row. */
export type ToolCaller = { runId: string; stepId: string; attempt: number };
export type ToolCallOptions = {
  signal: AbortSignal;
  idempotencyKey: string;
  /** The attempt's guarded outbound port (its allow-list and cancellation); the step context fills it. */
  http?: HttpPort;
  caller?: ToolCaller;
  /** A person approved this exact input (the `needs approval` rule); without it such a tool asks first. */
  approved?: boolean;
};
/** The tool registry as steps see it (lib/tools/registry.ts). */
export type ToolsPort = { call: (ref: ToolRef, input: unknown, opts: ToolCallOptions) => Promise<ToolCallResult> };

export type ModelMessage = { role: 'system' | 'user' | 'assistant'; content: string };
/**
 * `provider` (a provider's id or name) and `model` pick who answers (lib/models pickTarget);
 * neither: the first provider's default model. `schema`: structured output, returned as `object`.
 * `cache`: the step's response cache (temperature 0 only), applied by the attempt's metered model port.
 */
export type ModelRequest = {
  provider?: string;
  model?: string;
  messages: ModelMessage[];
  temperature?: number;
  maxTokens?: number;
  schema?: Record<string, unknown>;
  cache?: { ttlSeconds: number };
};
export type ModelResult = { text: string; object?: unknown; usage: StepUsage; confidence?: number };
/** The configured model providers as steps see them (filled by the models issue). */
export type ModelPort = { generate: (req: ModelRequest, opts: { signal: AbortSignal; onDelta?: (text: string) => void }) => Promise<ModelResult> };

/** Live partial output of a running step (streamed text, an agent's turn): shown, never committed. */
export type StepProgress = { type: 'text'; delta: string } | { type: 'note'; message: string };

/** Which span of which trace this attempt is, so its calls out can carry the context (W3C traceparent). */
export type TraceContext = { traceId: string; spanId: string };

/**
 * Child attempts of a step (an agent's model turns and tool calls): `run(key, effect)` commits a
 * "started" record before the effect and its result after; a key already committed as done
 * returns its recorded result, so a resume never repeats it. A key cut short by a crash runs
 * again (at least once, like any effectful attempt).
 */
export type ChildAttemptsPort = { run: <T>(key: string, effect: () => Promise<T>) => Promise<T> };

/** What an effectful step gets besides its resolved config (secret fields already revealed) and input. */
export type RunContext = {
  runId: string;
  stepId: string;
  attempt: number;
  /** `runId:stepId[:iterationPath]`: the same for every attempt, so a service can drop repeats. */
  idempotencyKey: string;
  signal: AbortSignal;
  http: HttpPort;
  tools: ToolsPort;
  model: ModelPort;
  emit: (progress: StepProgress) => void;
  trace: TraceContext;
  children: ChildAttemptsPort;
  /** The input a reviewer approved (or edited) for this step's gated call; the call runs with exactly it. */
  approved?: { input: unknown };
};

/** Pure steps compute in memory, synchronously, from config and input alone. */
export type PureRunner = { kind: 'pure'; run: (config: never, input: unknown) => StepOutcome };
export type AsyncRunner = { kind: 'async'; run: (config: never, input: unknown, ctx: RunContext) => Promise<StepOutcome> };
export type StepRunner = PureRunner | AsyncRunner;

export const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
