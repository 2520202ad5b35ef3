import 'server-only';
import type { TaskList } from 'graphile-worker';

/** graphile-worker tasks: the queued half of run execution (resumes, timers, recovery). */
export function buildTaskList(): TaskList {
  return {};
}
