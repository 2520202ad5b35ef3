import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually } from '@/lib/testing/processes';
import { parseAllowList } from '@/lib/net/allow-list';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { registerTool } from './admin';
import { toolFormSchema } from './form';
import { createToolRegistry } from './registry';
import type { ToolDeps } from './kind';

// `order: auto` end to end: two loopback tools, one that fails. After its failures are on record,
// a step listing the failing tool first tries the healthy one first; with `listed` it does not.
type Server = Awaited<ReturnType<typeof loopbackServer>>;
let t: TestDb;
let worker: WorkerRuntime;
let failing: Server, healthy: Server;
let failingId: string, healthyId: string;

const OUTPUT = { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] };
const deps: ToolDeps = { builtins: [], codeRunner: async () => ({}), vault: { vault: { reveal: async () => ({ kind: 'bearer', token: 'x' }) }, applyCredential: async () => ({ secrets: [], secretHeaders: [] }) } };

async function register(name: string, origin: string) {
  const form = toolFormSchema.parse({ name, kind: 'http', category: 'Test', inputSchema: { type: 'object' }, outputSchema: OUTPUT, config: { method: 'GET', origin, path: '/total' } });
  const r = await registerTool(t.sql, form, null);
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

type RunRow = { status: string };
async function run(toolId: string, policy: object) {
  const def = flow().webhook('t').step('call', 'tool-call', { toolId, version: 'latest', input: {}, outputSchema: OUTPUT }, { policy: { retry: { maxAttempts: 1 }, ...policy } as never }).chain('t', 'call').build();
  const { flowId, versionId } = await insertPublishedFlow(t.db, def);
  const started = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
  await started.firstCommit;
  const end = await eventually(async () => (await t.sql<RunRow[]>`select status from runs where id = ${started.runId}`)[0]!, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
  const attempts = await t.sql<{ tool_id: string; status: string }[]>`select tool_id, status from step_runs where run_id = ${started.runId} and step_id = 'call' order by attempt`;
  return { status: end.status, attempts: attempts.map((a) => [a.tool_id, a.status]) };
}

beforeAll(async () => {
  failing = await loopbackServer((_c, res) => json(res, 503, { error: 'down' }));
  healthy = await loopbackServer((_c, res) => json(res, 200, { total: 1 }));
  process.env.BATON_ALLOWED_HOSTS = `127.0.0.1:${failing.port},127.0.0.1:${healthy.port}`;
  t = await createTestDatabase();
  const registry = createToolRegistry({ sql: t.sql, deps, allowList: parseAllowList(process.env.BATON_ALLOWED_HOSTS) });
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql, tools: registry });
  failingId = await register('failing', failing.url);
  healthyId = await register('healthy', healthy.url);
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
  await Promise.all([failing, healthy].map((s) => s?.close()));
});

describe('order: auto on a Tool call step', () => {
  it('tries the healthier tool first once failures of the listed-first tool are on record', async () => {
    // Induced failures and a success recorded first: these are the live figures auto reads.
    for (let i = 0; i < 3; i++) expect((await run(failingId, {})).status).toBe('failed');
    expect((await run(healthyId, {})).status).toBe('succeeded');

    const alternatives = [{ label: 'healthy', config: { toolId: healthyId } }];
    const failingCalls = failing.calls.length;
    const auto = await run(failingId, { order: 'auto', alternatives });
    expect(auto).toEqual({ status: 'succeeded', attempts: [[healthyId, 'succeeded']] });
    expect(failing.calls.length).toBe(failingCalls);

    // The same step in listed order calls the failing tool first, then falls back.
    const listed = await run(failingId, { order: 'listed', alternatives });
    expect(listed).toEqual({ status: 'succeeded', attempts: [[failingId, 'failed'], [healthyId, 'succeeded']] });
    expect(failing.calls.length).toBe(failingCalls + 1);
  });
});
