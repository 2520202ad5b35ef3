import 'server-only';
import { notifyChildDone } from '@/db/queries/child-runs';
import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import { reviewDecisionSchema } from '@/lib/engine/review-decision';
import type { EngineRuntime } from './engine-types';
import { resumeRun } from './resume';
import { startQueued } from './admission';
import { launch } from './launch';
import { callErrorWebhook } from './error-webhook';
import { deliverReviewWebhook } from '@/lib/inbox/review-webhook';
import type { Signal, WakeSignal } from './types';
import { requeueChildWake } from '@/db/queries/wake-jobs';

const resumePayload = z.object({
  runId: z.string().uuid(),
  wake: z.object({ type: z.enum(['retryDue', 'timerDue', 'reviewDeadline', 'childDone', 'runTimeout', 'slice']), stepId: z.string() }).optional(),
  signal: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('reviewResolved'), stepId: z.string(), decision: reviewDecisionSchema, by: z.object({ actor: z.string().nullable(), kind: z.string() }).optional() }),
      z.object({ type: z.literal('cancel'), reason: z.string().optional() }),
    ])
    .optional(),
  /** How many times this child-completion wake-up found its run held (it is queued again, not failed). */
  held: z.number().int().min(0).optional(),
});

/** A held child-completion wake-up is queued again after this (doubling from 500 ms). */
export const childWakeDelayMs = (held: number) => Math.min(500 * 2 ** held, 5_000);

/** The error a wake-up throws to be retried by the queue; logged at debug, not as a failure. */
export const HELD_RUN_RETRY = 'is held by a worker right now; will retry';

/** graphile-worker tasks: the queued half of run execution (wake-ups, recovery, resumes). */
export function buildTaskList(rt: EngineRuntime): TaskList {
  return {
    start_queued: async (payload) => {
      await startQueued(rt, z.object({ flowId: z.string().uuid() }).parse(payload).flowId);
    },
    start_error_flow: async (payload) => {
      const p = z.object({ flowId: z.string().uuid(), body: z.unknown() }).parse(payload);
      const versionId = await rt.children.resolveVersion(p.flowId);
      if (!versionId) return; // the error flow was deleted or never published: nothing to start
      // The published version, active or not: an error flow runs when a run fails, like a sub-flow.
      await launch(rt, { flowId: p.flowId, version: { kind: 'version', versionId, isTest: false }, payload: { kind: 'error', body: p.body } });
    },
    call_error_webhook: async (payload) => {
      await callErrorWebhook(rt, z.object({ url: z.string().url(), body: z.object({ runId: z.string() }).passthrough() }).parse(payload));
    },
    notify_review_webhook: async (payload) => {
      await deliverReviewWebhook(rt, z.object({ taskId: z.string().uuid() }).parse(payload).taskId);
    },
    resume_run: async (payload) => {
      const p = resumePayload.parse(payload);
      const at = rt.clock.now().toISOString();
      const signal = p.signal ? ({ ...p.signal, at } as Signal) : undefined;
      const outcome = await resumeRun(rt, p.runId, signal ?? (p.wake as WakeSignal | undefined));
      // Held right now (here, handing the lease back, or by another worker, alive or dead but not
      // yet seen as stale): a child's completion is also announced by NOTIFY (the holder listens
      // while it waits on children). Every wake-up is retried by the queue, timed ones included:
      // a live holder has a timer of its own (a late copy finds the step already moved on and
      // changes nothing), but a holder that died took its timers with it. A time slice's hand-back
      // is the exception: whoever holds the run is already executing it.
      if (outcome === 'held-elsewhere' && p.wake?.type === 'childDone') await notifyChildDone(rt.sql, p.runId, p.wake.stepId);
      // A child-completion wake-up is queued again rather than failed: a parent held for long (a
      // fan-out's executor looking at its children) would otherwise burn the job's attempts, and
      // graphile-worker marks a running job as spent when a child's commit re-adds its key, so
      // each completion during the hold left a failed job behind.
      if ((outcome === 'held-elsewhere' || outcome === 'held-here') && p.wake?.type === 'childDone') {
        const held = (p.held ?? 0) + 1;
        return requeueChildWake(rt.sql, { runId: p.runId, stepId: p.wake.stepId, held, afterMs: childWakeDelayMs(held - 1) });
      }
      if ((outcome === 'held-elsewhere' || outcome === 'held-here') && (signal || (p.wake && p.wake.type !== 'slice'))) throw new Error(`run ${p.runId} ${HELD_RUN_RETRY}`);
    },
  };
}
