import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually, spawnWorker } from '@/lib/testing/processes';

const PINNED = '2026-01-01T10:05:01.000Z';
let t: TestDb;
let flowId: string;
const workers: { proc: ChildProcess; ticks: number }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  const def = flow().step('sched', 'schedule-trigger', { cron: '*/5 * * * *', timezone: 'UTC' }).step('out', 'output', { value: '{{ trigger.body }}' }).chain('sched', 'out').build();
  ({ flowId } = await insertPublishedFlow(t.db, def));
  // Two OS processes whose schedulers both see the same "now", just after a fire time.
  const env = { DATABASE_URL: t.url, BATON_SCHEDULER_CLOCK: PINNED, LOG_LEVEL: 'debug', BATON_DATA_DIR: '.data/test-workers' };
  for (const proc of await Promise.all([spawnWorker(env), spawnWorker(env)])) {
    const w = { proc, ticks: 0 };
    proc.stdout!.on('data', (c: Buffer) => (w.ticks += c.toString().split('"msg":"schedule tick"').length - 1));
    workers.push(w);
  }
}, 60_000);

afterAll(async () => {
  for (const w of workers) w.proc.kill('SIGTERM');
  await t.drop();
});

describe('schedules across worker processes', () => {
  it('two processes ticking the same fire time again and again start exactly one run', async () => {
    const ticked = await eventually(async () => workers.map((w) => w.ticks), (n) => n.every((x) => x >= 4));
    expect(ticked.every((x) => x >= 4)).toBe(true);
    const fires = await t.sql<{ fire_at: Date | string; run_id: string | null }[]>`select fire_at, run_id from schedule_fires where flow_id = ${flowId}`;
    expect(fires).toHaveLength(1);
    expect(new Date(fires[0]!.fire_at).toISOString()).toBe('2026-01-01T10:05:00.000Z');
    const runs = await eventually(async () => t.sql<{ id: string; status: string; output: { scheduledAt: string } }[]>`select id, status, output from runs where flow_id = ${flowId}`, (r) => r.every((x) => x.status === 'succeeded'));
    expect(runs.map((r) => [r.id, r.status, r.output.scheduledAt])).toEqual([[fires[0]!.run_id, 'succeeded', '2026-01-01T10:05:00.000Z']]);
  });
});
