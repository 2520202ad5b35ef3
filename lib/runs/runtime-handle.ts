import 'server-only';
import type { EngineRuntime } from './engine-types';

const KEY = Symbol.for('baton.engine');
type G = typeof globalThis & { [KEY]?: EngineRuntime };

/**
 * The engine of this process, if it hosts a worker. Safe to import from Next's bundle: it pulls
 * in no runner code, only reads the handle the launcher registered (one process, two module
 * graphs, one globalThis).
 */
export const engineHandle = (): EngineRuntime | undefined => (globalThis as G)[KEY];

export function registerEngine(rt: EngineRuntime): void {
  (globalThis as G)[KEY] = rt;
}
