import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import type { CommitBatch } from './types';

/**
 * A call step's run must stay leased until its child run exists: the commit that makes the step
 * wait comes before the child's first commit, and a worker dying between the two left a waiting
 * run with no lease, no child and no job, which nobody ever looked at again (chaos matrix, cell g).
 */
let t: TestDb;
let worker: WorkerRuntime;
const batches: Pick<CommitBatch, 'status' | 'leaseOwner' | 'meta'>[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  const real = worker.engine.store;
  // Observe what each commit writes (the real store still writes it).
  worker.engine.store = { commit: async (b) => (batches.push({ status: b.status, leaseOwner: b.leaseOwner, meta: b.meta }), real.commit(b)) };
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

describe('a call step', () => {
  it('keeps its run leased until the child run exists, then hands the lease back when it waits', async () => {
    const child = await insertPublishedFlow(t.db, flow().webhook('t').step('pause', 'delay', { ms: 3_000 }).chain('t', 'pause').build());
    const parent = await insertPublishedFlow(t.db, flow().webhook('t').step('sub', 'call-flow', { flowId: child.flowId }).chain('t', 'sub').build());
    const run = await worker.engine.startVersion({ flowId: parent.flowId, versionId: parent.versionId, isTest: false, payload: { kind: 'api', body: {} } });
    const parked = await eventually(async () => (await t.sql<{ status: string; lease_owner: string | null }[]>`select status, lease_owner from runs where id = ${run.runId}`)[0], (r) => r?.status === 'waiting' && r.lease_owner === null, 10_000);
    expect(parked).toEqual({ status: 'waiting', lease_owner: null });
    const own = batches.filter((b) => b.meta.runId === run.runId);
    const firstWaiting = own.findIndex((b) => b.status === 'waiting');
    expect(own[firstWaiting]?.leaseOwner).toBe(worker.id);
    const childFirst = batches.findIndex((b) => b.meta.parent?.runId === run.runId);
    const release = batches.findIndex((b) => b.meta.runId === run.runId && b.status === 'waiting' && b.leaseOwner === null);
    expect(childFirst).toBeGreaterThan(-1);
    expect(release).toBeGreaterThan(childFirst);
    const done = await eventually(async () => (await t.sql<{ status: string }[]>`select status from runs where id = ${run.runId}`)[0], (r) => r?.status === 'succeeded', 20_000);
    expect(done?.status).toBe('succeeded');
  }, 40_000);
});
