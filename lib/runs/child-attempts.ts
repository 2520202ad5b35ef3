import 'server-only';
import type { Sql } from '@/db/client';
import { claimChild, finishChild } from '@/db/queries/step-children';
import type { ChildAttemptsPort } from '@/lib/steps/runtime';

/**
 * The `children` port of one step attempt, on Postgres: each child is committed as started before
 * its effect and with its result after; a finished key returns what it recorded (never repeated);
 * one cut short by a crash runs again. Results must be JSON (they are stored).
 */
export function childAttempts(sql: Sql, at: { runId: string; stepId: string; iterationPath?: string }): ChildAttemptsPort {
  return {
    run: async <T>(key: string, effect: () => Promise<T>): Promise<T> => {
      const ref = { runId: at.runId, stepId: at.stepId, iterationPath: at.iterationPath ?? '', key };
      const claim = await claimChild(sql, ref);
      if (claim.done) return claim.result as T;
      try {
        const result = await effect();
        await finishChild(sql, ref, { ok: true, result });
        return result;
      } catch (err) {
        await finishChild(sql, ref, { ok: false }).catch(() => {});
        throw err;
      }
    },
  };
}
