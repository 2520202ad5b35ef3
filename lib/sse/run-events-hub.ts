import 'server-only';
import { getSql } from '@/db/client';
import { PROGRESS_CHANNEL, RUN_EVENTS_CHANNEL } from '@/db/channels';
import { decodeProgress, type ProgressMessage } from './progress-wire';

type Watcher = { onChange: () => void; onProgress?: (m: ProgressMessage) => void };
type Hub = { subs: Map<string, Set<Watcher>>; ready: Promise<void> };
const KEY = Symbol.for('baton.run-events-hub');

/**
 * One LISTEN connection per process fans run-event notifications out to the SSE streams
 * watching each run, so live status never polls and works whichever worker ran the step.
 * postgres.js listens again by itself after its connection drops (the database restarted);
 * notifications sent meanwhile are lost, so each (re)listen makes every watcher read again
 * from its last event id. Live step output (PROGRESS_CHANNEL) rides the same connection; what
 * is lost of it stays lost (the committed output follows).
 */
function hub(): Hub {
  const g = globalThis as { [KEY]?: Hub };
  if (!g[KEY]) {
    const subs = new Map<string, Set<Watcher>>();
    const pokeAll = () => subs.forEach((set) => set.forEach((w) => w.onChange()));
    const sql = getSql();
    const events = sql.listen(
      RUN_EVENTS_CHANNEL,
      (payload) => {
        const runId = payload.slice(0, payload.indexOf(':'));
        subs.get(runId)?.forEach((w) => w.onChange());
      },
      pokeAll,
    );
    const progress = sql.listen(PROGRESS_CHANNEL, (payload) => {
      const m = decodeProgress(payload);
      if (m) subs.get(m.runId)?.forEach((w) => w.onProgress?.(m));
    });
    const ready = Promise.all([events, progress]).then(() => undefined);
    // A first attempt that fails (database down) is retried by postgres.js itself.
    ready.catch(() => {});
    g[KEY] = { subs, ready };
  }
  return g[KEY];
}

/**
 * Calls `onChange` whenever new events of the run are committed, and `onProgress` with each
 * batch of a running step's live output; returns the unsubscribe.
 */
export async function watchRun(runId: string, onChange: () => void, onProgress?: (m: ProgressMessage) => void): Promise<() => void> {
  const h = hub();
  // Listening before the caller's first read means nothing committed in between is missed;
  // if the database is away, the listen that succeeds later pokes every watcher instead.
  await h.ready.catch(() => {});
  const set = h.subs.get(runId) ?? new Set();
  const watcher: Watcher = { onChange, onProgress };
  set.add(watcher);
  h.subs.set(runId, set);
  return () => {
    set.delete(watcher);
    if (!set.size) h.subs.delete(runId);
  };
}
