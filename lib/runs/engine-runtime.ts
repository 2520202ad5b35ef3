import 'server-only';
import type { Sql } from '@/db/client';
import { WAKE_CHANNEL } from '@/db/channels';
import { listChildRuns, publishedVersionId } from '@/db/queries/child-runs';
import { STEP_RUNNERS } from '@/lib/steps/runners';
import { pgRunStore } from './pg-store';
import { createObserverHub, observedStore, type Observer } from './observers';
import { OBSERVERS } from './observer-registry';
import { systemClock, type Clock } from './types';
import { getPreparedVersion } from './flow-cache';
import { launchRun } from './admission';
import { triggerStepOf } from './trigger-step';
import type { EngineRuntime } from './engine-types';
import { cancelRun } from './control';
import { registerEngine } from './runtime-handle';
import { enqueueRun } from './enqueue-run';
import { allowListFromEnv } from '@/lib/net/allow-list';
import { dropProgress, NO_QUOTE, type ProgressSink, type StepPortDeps } from './step-context';
import { createToolRegistry } from '@/lib/tools/registry';
import { defaultToolDeps } from '@/lib/tools/defaults';
import { defaultModelPort, defaultModelQuote } from '@/lib/models/server';
import type { ModelPort, ToolsPort } from '@/lib/steps/runtime';

export type { EngineRuntime };

export const DEFAULT_MAX_OUTPUT_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SLICE_MS = 30_000;

export function createEngineRuntime(opts: {
  workerId: string;
  sql: Sql;
  clock?: Clock;
  observers?: Record<string, Observer>;
  tools?: ToolsPort;
  model?: ModelPort;
  quote?: StepPortDeps['quote'];
  progress?: ProgressSink;
}): EngineRuntime {
  const observers = createObserverHub(opts.sql, opts.observers ?? OBSERVERS);
  const allowList = allowListFromEnv();
  const rt: EngineRuntime = {
    workerId: opts.workerId,
    sql: opts.sql,
    store: observedStore(pgRunStore(opts.sql), observers),
    observers,
    clock: opts.clock ?? systemClock,
    runners: STEP_RUNNERS,
    allowList,
    stepPorts: {
      sql: opts.sql,
      allowList,
      tools: opts.tools ?? createToolRegistry({ sql: opts.sql, deps: defaultToolDeps(opts.sql), allowList }),
      model: opts.model ?? defaultModelPort(opts.sql, allowList),
      // A caller's own model port (a test's) has no price rows: its calls are quoted as unknown.
      quote: opts.quote ?? (opts.model ? NO_QUOTE : defaultModelQuote(opts.sql)),
      progress: opts.progress ?? dropProgress,
    },
    maxOutputBytes: Number(process.env.BATON_MAX_OUTPUT_BYTES ?? DEFAULT_MAX_OUTPUT_BYTES),
    sliceMs: Number(process.env.BATON_SLICE_MS ?? DEFAULT_SLICE_MS),
    live: new Map(),
    claiming: new Set(),
    holdChildWake: () => () => {},
    startVersion: async (args) => {
      const prepared = await getPreparedVersion(rt.sql, args.versionId);
      return launchRun(rt, { prepared, ...args, triggerStepId: args.triggerStepId ?? triggerStepOf(prepared, args.payload) });
    },
    children: {
      list: (p) => listChildRuns(rt.sql, p),
      resolveVersion: (flowId, number) => publishedVersionId(rt.sql, flowId, number),
      start: async (a) => {
        if (a.share) {
          await enqueueRun(rt.sql, {
            flowId: a.flowId,
            versionId: a.versionId,
            isTest: a.isTest,
            payload: { kind: 'flow', body: a.input },
            parent: a.parent,
            depth: a.depth,
          });
          return;
        }
        const run = await rt.startVersion({
          flowId: a.flowId,
          versionId: a.versionId,
          isTest: a.isTest,
          payload: { kind: 'flow', body: a.input },
          parent: a.parent,
          depth: a.depth,
        });
        await run.firstCommit;
      },
      cancel: async (ids) => {
        if (!ids.length) return;
        await Promise.all(ids.map((id) => cancelRun(rt.sql, id, 'The parent step failed').catch(() => undefined)));
      },
    },
  };
  rt.holdChildWake = childWakeListener(rt);
  registerEngine(rt);
  return rt;
}

function childWakeListener(rt: Pick<EngineRuntime, 'sql' | 'live'>): EngineRuntime['holdChildWake'] {
  let holders = 0;
  let listening: Promise<{ unlisten: () => Promise<void> } | null> | null = null;
  return () => {
    if (holders++ === 0) {
      listening = rt.sql
        .listen(WAKE_CHANNEL, (payload) => {
          const [runId, stepId] = payload.split(':');
          const exec = runId ? rt.live.get(runId) : undefined;
          if (exec && !exec.finished && stepId) exec.childDone(stepId);
        })
        .catch(() => null); // the queued wake-up job still delivers
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--holders === 0) {
        const l = listening;
        listening = null;
        void l?.then((x) => x?.unlisten()).catch(() => {});
      }
    };
  };
}
