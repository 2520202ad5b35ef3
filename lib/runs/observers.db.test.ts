import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flowDailyStats } from '@/db/queries/flow-daily-stats';
import { readCursors } from '@/db/queries/observer-log';
import { SPEED_WORKLOADS } from '@/lib/workflow/speed-workloads';
import { eventually, freePort, spawnWorker } from '@/lib/testing/processes';
import { getPreparedVersion } from './flow-cache';
import { startRun } from './start-run';
import { createEngineRuntime } from './engine-runtime';
import { createObserverHub, type Observer, type ObservedEvent } from './observers';
import { OBSERVERS } from './observer-registry';

const W1 = SPEED_WORKLOADS.W1.definition;
let t: TestDb;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await t.drop();
});

const maxEventId = async () => Number((await t.sql<{ m: string }[]>`select coalesce(max(id), 0)::text as m from run_events`)[0]!.m);
const totals = async (flowId: string) => {
  const rows = await flowDailyStats(t.sql, flowId);
  return rows.reduce((a, r) => ({ started: a.started + r.runsStarted, succeeded: a.succeeded + r.runsSucceeded, attempts: a.attempts + r.stepAttempts }), {
    started: 0,
    succeeded: 0,
    attempts: 0,
  });
};

describe('commit observers', () => {
  it('after a commit, the registered observers receive the batch without the run waiting for them', async () => {
    const rt = createEngineRuntime({ workerId: 'observer-test', sql: t.sql });
    const { flowId, versionId } = await insertPublishedFlow(t.db, W1);
    const prepared = await getPreparedVersion(t.sql, versionId);
    for (let i = 0; i < 3; i++) {
      const r = await startRun(rt, {
        prepared,
        flowId,
        versionId,
        isTest: false,
        triggerStepId: prepared.graph.triggers[0]!,
        payload: { kind: 'webhook', body: { id: 1, count: 0, text: 'hi' } },
      });
      expect((await r.settled).status).toBe('succeeded');
    }
    // Nobody calls catchUp: the store's hook alone brings the rollup up to date.
    const got = await eventually(
      () => totals(flowId),
      (x) => x.succeeded === 3,
      10_000,
    );
    expect(got).toEqual({ started: 3, succeeded: 3, attempts: 3 * 12 });
    expect((await readCursors(t.sql))['flow-daily-stats']).toBe(await maxEventId());
    await rt.observers.stop();
  });

  it('a process killed between a commit and its observer loses nothing: a new process catches up from the cursor', async () => {
    const { flowId, webhookKey } = await insertPublishedFlow(t.db, W1);
    const port = await freePort();
    // Observers of the first process would only run 10 minutes after a commit: it dies long before.
    const doomed = await spawnWorker(
      { DATABASE_URL: t.url, BATON_OBSERVER_DELAY_MS: '600000', BATON_HEARTBEAT_MS: '600000', BATON_DATA_DIR: '.data/test-workers' },
      ['--listen', String(port)],
    );
    children.push(doomed);
    const before = (await readCursors(t.sql))['flow-daily-stats'] ?? 0;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/hooks/${webhookKey}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: i, count: 0, text: 'x' }),
      });
      expect(res.status).toBe(200);
    }
    doomed.kill('SIGKILL');
    await new Promise((r) => doomed.once('exit', r));
    // Committed (the webhooks answered after their commits), never observed.
    expect(await t.sql`select status from runs where flow_id = ${flowId}`).toEqual([{ status: 'succeeded' }, { status: 'succeeded' }]);
    expect((await readCursors(t.sql))['flow-daily-stats'] ?? 0).toBe(before);
    expect(await totals(flowId)).toEqual({ started: 0, succeeded: 0, attempts: 0 });

    // A new worker process starts and catches up without any new commit.
    children.push(await spawnWorker({ DATABASE_URL: t.url, BATON_DATA_DIR: '.data/test-workers' }));
    expect(
      await eventually(
        () => totals(flowId),
        (x) => x.succeeded === 2,
        20_000,
      ),
    ).toEqual({ started: 2, succeeded: 2, attempts: 2 * 12 });
    const end = await maxEventId();
    expect(
      await eventually(
        async () => (await readCursors(t.sql))['flow-daily-stats'],
        (c) => c === end,
        5_000,
      ),
    ).toBe(end);

    // Catching up again (here, a third party) counts nothing twice.
    await createObserverHub(t.sql, OBSERVERS).catchUp();
    expect(await totals(flowId)).toEqual({ started: 2, succeeded: 2, attempts: 2 * 12 });
  }, 90_000);

  it('never moves a cursor past an event whose commit is still in flight with a lower id', async () => {
    const seen: number[] = [];
    const probe: Observer = { types: ['RunStarted', 'RunCompleted'], apply: async (_tx, evs: ObservedEvent[]) => void seen.push(...evs.map((e) => e.id)) };
    const hub = createObserverHub(t.sql, { probe }, { settleMs: 100 });
    await hub.catchUp();
    seen.length = 0;
    const { flowId, versionId } = await insertPublishedFlow(t.db, W1);
    const [run] = await t.sql<{ id: string }[]>`
      insert into runs (id, flow_id, version_id, status, trigger_kind, trigger, started_at) values (gen_random_uuid(), ${flowId}, ${versionId}, 'running', 'manual', '{}', now()) returning id`;

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let lowId = 0;
    const slow = t.sql.begin(async (tx) => {
      lowId = Number(
        (await tx<{ id: string }[]>`insert into run_events (run_id, type, data) values (${run!.id}, 'RunStarted', '{"trigger":"manual"}') returning id`)[0]!.id,
      );
      await held;
    });
    await eventually(
      async () => lowId,
      (v) => v > 0,
      5_000,
    );
    const [fast] = await t.sql<{ id: string }[]>`insert into run_events (run_id, type) values (${run!.id}, 'RunCompleted') returning id`;
    expect(Number(fast!.id)).toBeGreaterThan(lowId);

    await hub.catchUp();
    expect(seen).toEqual([]);
    expect((await readCursors(t.sql)).probe).toBeLessThan(lowId);

    release();
    await slow;
    await hub.catchUp();
    expect(seen).toEqual([lowId, Number(fast!.id)]);
    await hub.stop();
  });

  it('an observer that fails keeps its cursor and gets the same events again on the next round; the others go on', async () => {
    let fail = true;
    const got: number[] = [];
    const flaky: Observer = {
      types: ['RunCompleted'],
      apply: async (_tx, evs) => {
        if (fail) throw new Error('rollup store unavailable');
        got.push(...evs.map((e) => e.id));
      },
    };
    const steady: Observer = { types: ['RunCompleted'], apply: async () => {} };
    const hub = createObserverHub(t.sql, { flaky, steady });
    await hub.catchUp();
    expect((await readCursors(t.sql)).flaky ?? 0).toBe(0);
    expect((await readCursors(t.sql)).steady).toBe(await maxEventId());
    fail = false;
    await hub.catchUp();
    const completed = await t.sql<{ id: string }[]>`select id from run_events where type = 'RunCompleted' order by id`;
    expect(got).toEqual(completed.map((r) => Number(r.id)));
    expect((await readCursors(t.sql)).flaky).toBe(await maxEventId());
    await hub.stop();
  });
});
