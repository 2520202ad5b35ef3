import 'server-only';
import type { Task, TaskList } from 'graphile-worker';
import type { Sql } from '@/db/client';
import { checkDatabase, databaseDown, isDatabaseUnavailable } from '@/lib/server/db-availability';

/**
 * graphile-worker 0.18 records a job's end (complete or fail) without awaiting it: with the
 * database away, that rejection goes unhandled and ends the whole process (the Next server
 * too, where the worker runs in-process). So a task whose database went away returns only once
 * the database answers again (or the worker stops): the job's end is then written as usual, and
 * a failed run is retried by the queue like any other failure.
 */
export function endWhenDatabaseAnswers(tasks: TaskList, sql: Sql, stopping: () => boolean): TaskList {
  const guarded: TaskList = {};
  for (const [name, task] of Object.entries(tasks)) {
    if (!task) continue;
    guarded[name] = (async (payload, helpers) => {
      let failure: { error: unknown } | undefined;
      try {
        await task(payload, helpers);
      } catch (error) {
        failure = { error };
      }
      if (databaseDown() || (failure && isDatabaseUnavailable(failure.error))) await waitForDatabase(sql, stopping);
      if (failure) throw failure.error;
    }) satisfies Task;
  }
  return guarded;
}

async function waitForDatabase(sql: Sql, stopping: () => boolean): Promise<void> {
  for (let pause = 250; !stopping(); pause = Math.min(pause * 2, 5_000)) {
    if (await checkDatabase(sql)) return;
    await new Promise((r) => setTimeout(r, pause));
  }
}
