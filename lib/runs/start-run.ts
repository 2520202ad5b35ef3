import 'server-only';
import { randomUUID } from 'node:crypto';
import type { PreparedFlow } from '@/lib/workflow/prepare';
import type { ResponseSpec, TriggerPayload } from '@/lib/engine/types';
import { RunExecutor } from './executor';
import { executorPorts, type EngineRuntime, type StartedRun } from './engine-types';
import type { ParentLink } from './types';

export type { StartedRun };

/**
 * Starts a run in this process at once (no queue hop). Its first commit writes the run row
 * leased to this worker; `onRespond` fires after the commit that made a Respond step durable.
 */
export function startRun(
  rt: EngineRuntime,
  args: { prepared: PreparedFlow; flowId: string; versionId: string; isTest: boolean; triggerStepId: string; payload: TriggerPayload; onRespond?: (r: ResponseSpec) => void; parent?: ParentLink; depth?: number; runId?: string; startedBy?: string | null },
): StartedRun {
  const runId = args.runId ?? randomUUID();
  let committed!: () => void;
  let neverCommitted!: (err: unknown) => void;
  const firstCommit = new Promise<void>((res, rej) => ((committed = res), (neverCommitted = rej)));
  firstCommit.catch(() => {}); // awaited by some callers only
  const exec = new RunExecutor({
    ...executorPorts(rt),
    prepared: args.prepared,
    meta: { runId, flowId: args.flowId, versionId: args.versionId, isTest: args.isTest, triggerKind: args.payload.kind, trigger: args.payload, startedAt: rt.clock.now().toISOString(), parent: args.parent, depth: args.depth ?? 0, startedBy: args.startedBy ?? null },
    store: {
      commit: async (b) => {
        await rt.store.commit(b);
        if (b.first) committed();
      },
    },
    onRespond: args.onRespond,
  });
  rt.live.set(runId, exec);
  const settled = exec.start(args.triggerStepId, args.payload);
  // An executor that fails before its first commit (the connection cut under it) must fail its
  // awaiters too: a call step waiting on its child's start would otherwise wait for ever, holding
  // its run on a live worker that no sweep frees (chaos matrix, pg_terminate_backend, cell g).
  settled.catch(neverCommitted);
  // Only our own entry: once this run parked, a resume may have put a newer executor there.
  settled.finally(() => rt.live.get(runId) === exec && rt.live.delete(runId)).catch(() => {});
  return { runId, settled, firstCommit };
}
