import 'server-only';
import type { EngineRuntime } from './engine-runtime';

const KEY = Symbol.for('baton.engine');

/**
 * The engine of this process, if it hosts a worker. Safe to import from Next's bundle: it pulls
 * in no runner code, only reads the handle the launcher registered.
 */
export const engineHandle = (): EngineRuntime | undefined => (globalThis as { [KEY]?: EngineRuntime })[KEY];
