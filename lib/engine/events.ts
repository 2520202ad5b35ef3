import { z } from 'zod';

/**
 * The run event contract: one zod schema of everything that goes into run_events, with the one
 * encoder (event → stored row) and decoder (stored or streamed row → typed event) that the run
 * log, the SSE route and the canvas share. Isomorphic (the browser decodes with it) and pure.
 */

const stepError = z.object({ kind: z.string(), message: z.string(), retryAfterMs: z.number().optional(), details: z.unknown().optional() });
const runError = stepError.extend({ stepId: z.string().optional() });
/** Tokens and cost of an attempt (model calls); cost null when the price is unknown. */
export const stepUsageSchema = z.object({
  provider: z.string().optional(),
  model: z.string().optional(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedInputTokens: z.number().optional(),
  costUsd: z.number().nullable(),
  /** Answered from the step's response cache: nothing was sent or spent. */
  cacheHit: z.boolean().optional(),
});

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('RunStarted'), trigger: z.string() }),
  z.object({ type: z.literal('StepStarted'), stepId: z.string(), attempt: z.number(), alt: z.number() }),
  z.object({
    type: z.literal('StepSucceeded'),
    stepId: z.string(),
    attempt: z.number(),
    port: z.string().optional(),
    pinned: z.boolean().optional(),
    reused: z.boolean().optional(),
    usage: stepUsageSchema.optional(),
    confidence: z.number().optional(),
  }),
  z.object({ type: z.literal('StepFailed'), stepId: z.string(), attempt: z.number(), error: stepError, final: z.boolean() }),
  z.object({ type: z.literal('StepRetrying'), stepId: z.string(), attempt: z.number(), at: z.string(), error: stepError }),
  z.object({ type: z.literal('FallbackTaken'), stepId: z.string(), alt: z.number(), label: z.string().optional(), reason: z.enum(['error', 'ambiguous']) }),
  z.object({ type: z.literal('StepAmbiguous'), stepId: z.string(), confidence: z.unknown(), threshold: z.number() }),
  z.object({ type: z.literal('ReviewRequested'), stepId: z.string(), reason: z.string(), deadline: z.string() }),
  z.object({
    type: z.literal('ReviewResolved'),
    stepId: z.string(),
    action: z.string(),
    // Who decided (null: the deadline's timeout action), on which kind of task, and whether a person changed the data.
    actor: z.string().nullable().optional(),
    kind: z.string().optional(),
    edited: z.boolean().optional(),
  }),
  z.object({ type: z.literal('ReviewEscalated'), stepId: z.string(), tier: z.number(), deadline: z.string() }),
  z.object({ type: z.literal('StepSkipped'), stepId: z.string(), reason: z.string() }),
  z.object({ type: z.literal('StepCancelled'), stepId: z.string() }),
  z.object({ type: z.literal('ErrorEdgeTaken'), stepId: z.string() }),
  z.object({ type: z.literal('RunCompleted') }),
  z.object({ type: z.literal('RunFailed'), error: runError }),
  z.object({ type: z.literal('RunCancelled'), reason: z.string().optional() }),
  // The driver's own event (not the kernel's): the run handed itself back to the queue after its time slice.
  z.object({ type: z.literal('RunYielded'), afterMs: z.number() }),
]);

export type StepUsage = z.infer<typeof stepUsageSchema>;

/** The one persisted run log (run_events), also what the live view streams. */
export type RunEvent = z.infer<typeof runEventSchema>;
export type RunEventType = RunEvent['type'];
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

/** Events after which a run emits nothing more: the stream closes, observers count a finished run. */
export const TERMINAL_EVENTS: ReadonlySet<RunEventType> = new Set<RunEventType>(['RunCompleted', 'RunFailed', 'RunCancelled']);

/** A run_events row as stored: the event's fields other than `type` and `stepId` go in `data`. */
export type EncodedRunEvent = { type: RunEventType; stepId: string | null; data: Record<string, unknown> | null };

/** A committed event: its run_events id (also the SSE event id) and time, with the typed event. */
export type LoggedRunEvent = { id: number; at: string | null; event: RunEvent };

/** Event → row. No validation: the type system already vouches for what the driver emits (hot path). */
export function encodeRunEvent(ev: RunEvent): EncodedRunEvent {
  const { type, ...rest } = ev as RunEvent & { stepId?: string };
  const stepId = rest.stepId ?? null;
  delete rest.stepId;
  return { type, stepId, data: Object.keys(rest).length ? rest : null };
}

/** A stored row (snake_case from SQL or camelCase from drizzle) in the shape the SSE route sends. */
export function toWire(row: {
  id: number | string;
  type: string;
  step_id?: string | null;
  stepId?: string | null;
  data: unknown;
  at?: Date | string | null;
}): string {
  const at = row.at ? new Date(row.at).toISOString() : null;
  return JSON.stringify({ id: Number(row.id), type: row.type, stepId: row.step_id ?? row.stepId ?? null, data: row.data ?? null, at });
}

const wireSchema = z.object({
  id: z.union([z.number(), z.string()]).transform(Number),
  type: z.string(),
  stepId: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
  at: z.union([z.string(), z.date()]).nullish(),
});

/**
 * Row or wire message (parsed JSON) → typed event, validated against the schema. Returns null for
 * what this build does not know (an event type added by a newer server), so a reader skips it
 * instead of failing; data shortened by the log's preview still decodes (free-form fields are `unknown`).
 */
export function decodeRunEvent(raw: unknown): LoggedRunEvent | null {
  const wire = wireSchema.safeParse(raw);
  if (!wire.success) return null;
  const { id, type, stepId, data, at } = wire.data;
  const ev = runEventSchema.safeParse({ ...(data ?? {}), type, ...(stepId ? { stepId } : {}) });
  if (!ev.success) return null;
  return { id, at: at ? new Date(at).toISOString() : null, event: ev.data };
}
