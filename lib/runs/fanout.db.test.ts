import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type http from 'node:http';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { eventually, spawnWorker } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';

const ITEMS = 4;
let t: TestDb;
let here: WorkerRuntime;
let other: ChildProcess | undefined;
let srv: Awaited<ReturnType<typeof loopbackServer>>;
const held: { res: http.ServerResponse; body: string }[] = [];

beforeAll(async () => {
  process.env.BATON_ALLOWED_HOSTS = '127.0.0.1';
  t = await createTestDatabase();
  // Calls are held until the test releases them: with every item's call arrived, all children
  // are running at once and each shows which worker holds it.
  srv = await loopbackServer((call, res) => held.push({ res, body: call.body }));
  // This process runs one queued job at a time, so a fan-out of four must spill to the other.
  here = await startWorkerRuntime({ url: t.url, sql: t.sql, concurrency: 1 });
  other = await spawnWorker({ DATABASE_URL: t.url, BATON_ALLOWED_HOSTS: '127.0.0.1', BATON_DATA_DIR: '.data/test-workers' });
}, 60_000);

afterAll(async () => {
  other?.kill('SIGTERM');
  await here?.stop();
  await srv.close();
  await t.drop();
});

describe('fan-out shared across worker processes', () => {
  it('a map starts its items through the queue; two processes run them at once; the parent resumes when the last finishes', async () => {
    const child = await insertPublishedFlow(t.db, flow().webhook('t').step('call', 'http-request', { method: 'POST', url: `${srv.url}/item`, body: '{{ input }}' }).step('o', 'output', { value: '{{ input.body.seen.n }}' }).chain('t', 'call', 'o').build());
    const parent = await insertPublishedFlow(t.db, flow().webhook('t').step('map', 'call-flow', { flowId: child.flowId, mode: 'each', items: '{{ input.list }}', concurrency: ITEMS }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'map', 'o').build());
    const run = await here.engine.startVersion({ flowId: parent.flowId, versionId: parent.versionId, isTest: false, payload: { kind: 'api', body: { list: [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }] } } });

    await srv.waitForCalls(ITEMS);
    const owners = await t.sql<{ lease_owner: string | null }[]>`select lease_owner from runs where parent_run_id = ${run.runId}`;
    const [otherId] = await t.sql<{ id: string }[]>`select id from workers where pid = ${other!.pid!}`;
    expect(owners).toHaveLength(ITEMS);
    expect(new Set(owners.map((o) => o.lease_owner))).toEqual(new Set([here.id, otherId!.id]));
    for (const h of held) json(h.res, 200, { seen: JSON.parse(h.body || '{}') });

    const done = await eventually(async () => (await t.sql<{ status: string; output: unknown }[]>`select status, output from runs where id = ${run.runId}`)[0]!, (r) => r.status !== 'running' && r.status !== 'waiting');
    expect(done).toEqual({ status: 'succeeded', output: [1, 2, 3, 4] });
  });
});
