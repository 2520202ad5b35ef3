import 'server-only';
import { getSql } from '@/db/client';
import { RUN_EVENTS_CHANNEL } from '@/db/channels';

type Hub = { subs: Map<string, Set<() => void>>; ready: Promise<void> };
const KEY = Symbol.for('baton.run-events-hub');

/**
 * One LISTEN connection per process fans run-event notifications out to the SSE streams
 * watching each run, so live status never polls and works whichever worker ran the step.
 * postgres.js listens again by itself after its connection drops (the database restarted);
 * notifications sent meanwhile are lost, so each (re)listen makes every watcher read again
 * from its last event id.
 */
function hub(): Hub {
  const g = globalThis as { [KEY]?: Hub };
  if (!g[KEY]) {
    const subs = new Map<string, Set<() => void>>();
    const pokeAll = () => subs.forEach((set) => set.forEach((fn) => fn()));
    const ready = getSql()
      .listen(
        RUN_EVENTS_CHANNEL,
        (payload) => {
          const runId = payload.slice(0, payload.indexOf(':'));
          subs.get(runId)?.forEach((fn) => fn());
        },
        pokeAll,
      )
      .then(() => undefined);
    // A first attempt that fails (database down) is retried by postgres.js itself.
    ready.catch(() => {});
    g[KEY] = { subs, ready };
  }
  return g[KEY];
}

/** Calls `onChange` whenever new events of the run are committed; returns the unsubscribe. */
export async function watchRun(runId: string, onChange: () => void): Promise<() => void> {
  const h = hub();
  // Listening before the caller's first read means nothing committed in between is missed;
  // if the database is away, the listen that succeeds later pokes every watcher instead.
  await h.ready.catch(() => {});
  const set = h.subs.get(runId) ?? new Set();
  set.add(onChange);
  h.subs.set(runId, set);
  return () => {
    set.delete(onChange);
    if (!set.size) h.subs.delete(runId);
  };
}
