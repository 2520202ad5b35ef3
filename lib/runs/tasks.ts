import 'server-only';
import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import type { EngineRuntime } from './engine-runtime';
import { resumeRun } from './resume';
import type { WakeSignal } from './types';

const resumePayload = z.object({
  runId: z.string().uuid(),
  wake: z.object({ type: z.enum(['retryDue', 'timerDue', 'reviewDeadline']), stepId: z.string() }).optional(),
});

/** graphile-worker tasks: the queued half of run execution (wake-ups, recovery, resumes). */
export function buildTaskList(rt: EngineRuntime): TaskList {
  return {
    resume_run: async (payload) => {
      const p = resumePayload.parse(payload);
      await resumeRun(rt, p.runId, p.wake as WakeSignal | undefined);
    },
  };
}
