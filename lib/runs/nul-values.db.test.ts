import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import { getPreparedVersion } from './flow-cache';
import { startRun } from './start-run';

/** PostgreSQL's jsonb refuses U+0000: a NUL from outside must not make a run's commits fail. */
let t: TestDb;
let worker: WorkerRuntime;
let srv: Awaited<ReturnType<typeof loopbackServer>>;
beforeAll(async () => {
  process.env.BATON_ALLOWED_HOSTS = '127.0.0.1';
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  srv = await loopbackServer((_c, res) => json(res, 200, { name: 'nul\0here', 'k\0': 1 }));
});
afterAll(async () => {
  await worker.stop();
  await srv.close();
  await t.drop();
});

describe('NUL characters in run data', () => {
  it('in the trigger body and in an API answer are stored as U+FFFD and the run completes', async () => {
    const def = flow().webhook('t').step('call', 'http-request', { method: 'GET', url: `${srv.url}/x` }).set('after', { seen: '{{ input.body.name }}' }).chain('t', 'call', 'after').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const prepared = await getPreparedVersion(t.sql, versionId);
    const r = startRun(worker.engine, { prepared, flowId, versionId, isTest: false, triggerStepId: 't', payload: { kind: 'webhook', body: { text: 'a\0b' } } });
    expect((await r.settled).status).toBe('succeeded');
    const [run] = await t.sql<{ status: string; trigger: { body: { text: string } } }[]>`select status, trigger from runs where id = ${r.runId}`;
    expect(run).toEqual({ status: 'succeeded', trigger: expect.objectContaining({ body: { text: 'a\uFFFDb' } }) });
    const [after] = await t.sql<{ output: { seen: string } }[]>`select output from step_runs where run_id = ${r.runId} and step_id = 'after'`;
    expect(after?.output.seen).toBe('nul\uFFFDhere');
  });
});
