import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { openDb } from '@/db/client';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import { tickSchedules, nextFires } from './scheduler';

let t: TestDb;
let a: WorkerRuntime;
let b: WorkerRuntime;
let second: ReturnType<typeof openDb>;
beforeAll(async () => {
  process.env.BATON_SCHEDULER = 'off'; // the test drives ticks with a fake clock
  t = await createTestDatabase();
  second = openDb(t.url, 3);
  a = await startWorkerRuntime({ url: t.url, sql: t.sql });
  b = await startWorkerRuntime({ url: t.url, sql: second.sql });
});
afterAll(async () => {
  await a.stop();
  await b.stop();
  await second.sql.end();
  await t.drop();
});

const scheduled = (cron: string, missed: 'once' | 'skip' = 'once') =>
  flow().step('sched', 'schedule-trigger', { cron, timezone: 'UTC', missed }).step('out', 'output', { value: '{{ trigger.body }}' }).chain('sched', 'out').build();
const at = (iso: string) => new Date(iso);
const fires = (flowId: string) => t.sql<{ fire_at: Date | string; run_id: string | null; skipped: boolean }[]>`select fire_at, run_id, skipped from schedule_fires where flow_id = ${flowId} order by fire_at`;

describe('schedule trigger', () => {
  it('fires exactly once when two workers tick the same fire time', async () => {
    const { flowId } = await insertPublishedFlow(t.db, scheduled('*/5 * * * *'));
    const now = at('2026-01-01T10:05:01Z');
    const [x, y] = await Promise.all([tickSchedules(a.engine, now), tickSchedules(b.engine, now)]);
    expect(x.length + y.length).toBe(1);
    expect(await tickSchedules(a.engine, now)).toEqual([]);
    expect(await tickSchedules(b.engine, at('2026-01-01T10:07:00Z'))).toEqual([]);
    const rows = await fires(flowId);
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0]!.fire_at).toISOString()).toBe('2026-01-01T10:05:00.000Z');
    const runId = rows[0]!.run_id!;
    const run = await eventually(async () => (await t.sql<{ status: string; output: { scheduledAt: string } }[]>`select status, output from runs where id = ${runId}`)[0], (r) => r?.status === 'succeeded');
    expect(run?.output.scheduledAt).toBe('2026-01-01T10:05:00.000Z');
  });

  it('after downtime runs one catch-up ("once") or records the miss ("skip")', async () => {
    const once = await insertPublishedFlow(t.db, scheduled('0 * * * *', 'once'));
    const skip = await insertPublishedFlow(t.db, scheduled('0 * * * *', 'skip'));
    await tickSchedules(a.engine, at('2026-01-02T08:00:02Z'));
    await tickSchedules(a.engine, at('2026-01-02T11:20:00Z'));
    expect((await fires(once.flowId)).map((r) => [new Date(r.fire_at).toISOString(), r.skipped])).toEqual([['2026-01-02T08:00:00.000Z', false], ['2026-01-02T11:00:00.000Z', false]]);
    expect((await fires(skip.flowId)).map((r) => [new Date(r.fire_at).toISOString(), r.skipped, r.run_id === null])).toEqual([['2026-01-02T08:00:00.000Z', false, false], ['2026-01-02T11:00:00.000Z', true, true]]);
    const runsOf = async (flowId: string) => (await t.sql<{ n: number }[]>`select count(*)::int as n from runs where flow_id = ${flowId}`)[0]?.n;
    expect(await runsOf(once.flowId)).toBe(2);
    expect(await runsOf(skip.flowId)).toBe(1);
  });

  it('a new schedule does not back-fill, and an inactive flow never fires', async () => {
    const fresh = await insertPublishedFlow(t.db, scheduled('0 0 * * *'));
    const off = await insertPublishedFlow(t.db, scheduled('* * * * *'), { active: false });
    await tickSchedules(a.engine, at('2026-01-03T12:00:00Z'));
    expect(await fires(fresh.flowId)).toEqual([]);
    await tickSchedules(a.engine, at('2026-01-03T12:01:00Z'));
    expect(await fires(off.flowId)).toEqual([]);
  });

  it('a flow with a concurrency limit gets its scheduled run admitted under the limit, from the trigger that fired', async () => {
    // Started from the webhook instead, "mark" would be skipped and "via" missing.
    const def = { ...flow().webhook('hook').step('sched', 'schedule-trigger', { cron: '*/10 * * * *', timezone: 'UTC' }).set('mark', { via: 'sched' }).step('out', 'output', { value: '{{ input.via + " " + trigger.body.scheduledAt }}' }).chain('sched', 'mark', 'out').edge('hook', 'out').build(), settings: { concurrency: 1 } };
    const { flowId } = await insertPublishedFlow(t.db, def);
    const started = await tickSchedules(a.engine, at('2026-01-04T10:10:02Z'));
    const runId = (await fires(flowId))[0]!.run_id;
    expect(started).toContain(runId);
    const run = await eventually(async () => (await t.sql<{ status: string; output: unknown }[]>`select status, output from runs where id = ${runId!}`)[0], (r) => r?.status === 'succeeded');
    expect(run).toEqual({ status: 'succeeded', output: 'sched 2026-01-04T10:10:00.000Z' });
    const [admitted] = await t.sql<{ n: number }[]>`select count(*)::int as n from run_events where run_id = ${runId!} and type = 'RunStarted'`;
    expect(admitted!.n).toBe(1);
  });

  it('shows the next fire times in the schedule time zone', () => {
    expect(nextFires('0 9 * * *', 'Europe/Berlin', 2, at('2026-01-05T00:00:00Z'))).toEqual(['2026-01-05T08:00:00.000Z', '2026-01-06T08:00:00.000Z']);
  });
});
