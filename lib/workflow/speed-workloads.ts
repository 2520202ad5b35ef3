import type { FlowInput } from './types';

/**
 * The speed issue's benchmark workloads (webhook → transforms → respond). Not seeded: a new
 * installation's demo shows examples, and the benchmarks (bench:speed, bench:engine, the
 * profile) insert these flows into their own databases.
 */
const at = (i: number, row = 0) => ({ x: 80 + i * 240, y: 120 + row * 160 });
const set = (id: string, assignments: Record<string, unknown>, i: number, row = 0) => ({
  id,
  type: 'transform',
  config: { assignments: Object.entries(assignments).map(([name, value]) => ({ name, value })), keepInput: true },
  position: at(i, row),
});
const webhook = { id: 'trigger', type: 'webhook-trigger', name: 'Webhook', config: { mode: 'sync' }, position: at(0, 1) };
const respond = (i: number, row = 1) => ({ id: 'respond', type: 'respond', name: 'Respond', config: { status: 200, body: '{{ input }}' }, position: at(i, row) });
const chain = (ids: string[]) => ids.slice(1).map((to, i) => ({ from: ids[i]!, to, port: 'out' }));

function speedW1(n: number): FlowInput {
  const ids = Array.from({ length: n }, (_, i) => `s${i + 1}`);
  return {
    version: 1,
    steps: [webhook, ...ids.map((id, i) => set(id, { count: '{{ input.count + 1 }}', [`s${i + 1}`]: i + 1 }, i + 1, 1)), respond(n + 1)],
    edges: chain(['trigger', ...ids, 'respond']),
  };
}

function speedW2(): FlowInput {
  const steps: FlowInput['steps'] = [webhook];
  const edges: FlowInput['edges'] = [];
  for (const b of [1, 2, 3]) {
    const ids = [1, 2, 3].map((j) => `b${b}s${j}`);
    ids.forEach((id, j) => steps.push(set(id, { count: '{{ input.count + 1 }}', [id]: j + 1 }, j + 1, b - 1)));
    edges.push(...chain(['trigger', ...ids]), { from: ids[2]!, to: 'merge', port: 'out', label: `b${b}` });
  }
  steps.push({ id: 'merge', type: 'merge', name: 'Merge', config: { mode: 'all' }, position: at(4, 1) }, respond(5));
  edges.push({ from: 'merge', to: 'respond', port: 'out' });
  return { version: 1, steps, edges };
}

export type SpeedWorkload = 'W0' | 'W1' | 'W2';

/** Each workload's flow name (the benchmarks' reconciliation finds W1's runs by it) and document. */
export const SPEED_WORKLOADS: Record<SpeedWorkload, { name: string; definition: FlowInput }> = {
  W0: { name: 'Speed W0: one transform', definition: speedW1(1) },
  W1: { name: 'Speed W1: ten transforms', definition: speedW1(10) },
  W2: { name: 'Speed W2: parallel branches', definition: speedW2() },
};
