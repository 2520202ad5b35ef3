import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import type { RunStore } from './types';

/**
 * A call step starting its child run while the worker's connections are cut (chaos matrix,
 * pg_terminate_backend fault, cells f and g): the parent was left `waiting`, leased to the live
 * worker, with no child and no job, for ever. The child's first commit failed, and the parent's
 * look at its children awaited that commit, which never settled. A cut connection is no failure
 * of the call step either: the run must carry on once the database answers, not fail.
 */
let t: TestDb;
let worker: WorkerRuntime;
let realStore: RunStore;
beforeAll(async () => {
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  realStore = worker.engine.store;
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

/**
 * The error a query gets when pg_terminate_backend cuts its connection: a connection of its own
 * to this test's database (so no other query of the test shares the cut), terminated mid-query.
 */
async function cutConnectionError(): Promise<unknown> {
  const own = postgres(t.url, { max: 1, onnotice: () => {} });
  try {
    const pid = (await own<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
    const victim = own`select pg_sleep(30)`.then(() => new Error('the query was not cut'), (e: unknown) => e);
    await eventually(async () => (await t.sql`select 1 from pg_stat_activity where pid = ${pid} and datname = current_database() and state = 'active'`).length, (n) => n === 1, 5_000);
    await t.sql`select pg_terminate_backend(${pid}) from pg_stat_activity where pid = ${pid} and datname = current_database()`;
    return await victim;
  } finally {
    await own.end({ timeout: 1 });
  }
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'still pending'>((r) => setTimeout(() => r('still pending'), ms).unref())]);
const settledAs = (p: Promise<unknown>) => p.then((v) => ({ resolved: v }), (e: unknown) => ({ rejected: e instanceof Error ? e.message : String(e) }));
const runRow = async (id: string) => (await t.sql<{ status: string; error: { message?: string } | null }[]>`select status, error from runs where id = ${id}`)[0];
const children = async (id: string) => (await t.sql<{ status: string }[]>`select status from runs where parent_run_id = ${id} order by item_index`).map((r) => r.status);

describe('a call step whose child start meets a cut connection', () => {
  it('(once) stops its executor instead of waiting for ever, and the run resumes and succeeds', async () => {
    const child = await insertPublishedFlow(t.db, flow().webhook('t').step('o', 'output', { value: '{{ input.n }}' }).chain('t', 'o').build());
    const parent = await insertPublishedFlow(t.db, flow().webhook('t').step('sub', 'call-flow', { flowId: child.flowId, input: '{{ input }}' }).chain('t', 'sub').build());
    let cut = false;
    worker.engine.store = {
      commit: async (b) => {
        if (!cut && b.first && b.meta.parent) {
          cut = true;
          throw await cutConnectionError();
        }
        return realStore.commit(b);
      },
    };
    try {
      const run = await worker.engine.startVersion({ flowId: parent.flowId, versionId: parent.versionId, isTest: false, payload: { kind: 'api', body: { n: 7 } } });
      // Before the fix this stayed pending: the look awaited a first commit that never came.
      const first = await within(settledAs(run.settled), 10_000);
      expect(first).toHaveProperty('rejected');
      expect(cut).toBe(true);
      // The orphan check hands the run back; a fresh executor starts the child and ends the run.
      const end = await eventually(() => runRow(run.runId), (r) => r?.status === 'succeeded' || r?.status === 'failed', 30_000);
      expect(end).toEqual({ status: 'succeeded', error: null });
      expect(await children(run.runId)).toEqual(['succeeded']);
    } finally {
      worker.engine.store = realStore;
    }
  }, 60_000);

  it('(each) a fan-out whose queued child cannot be written carries on instead of failing', async () => {
    const child = await insertPublishedFlow(t.db, flow().webhook('t').step('o', 'output', { value: '{{ input.n }}' }).chain('t', 'o').build());
    const parent = await insertPublishedFlow(t.db, flow().webhook('t').step('map', 'call-flow', { flowId: child.flowId, mode: 'each', items: '{{ input.list }}', concurrency: 3 }).chain('t', 'map').build());
    const realStart = worker.engine.children.start;
    let cut = false;
    worker.engine.children.start = async (a) => {
      if (!cut && a.share) {
        cut = true;
        throw await cutConnectionError();
      }
      return realStart(a);
    };
    try {
      const run = await worker.engine.startVersion({ flowId: parent.flowId, versionId: parent.versionId, isTest: false, payload: { kind: 'api', body: { list: [{ n: 1 }, { n: 2 }, { n: 3 }] } } });
      const end = await eventually(() => runRow(run.runId), (r) => r?.status === 'succeeded' || r?.status === 'failed', 30_000);
      expect(cut).toBe(true);
      // Before the fix: failed, "terminating connection due to administrator command".
      expect(end).toEqual({ status: 'succeeded', error: null });
      expect(await children(run.runId)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    } finally {
      worker.engine.children.start = realStart;
    }
  }, 60_000);
});
