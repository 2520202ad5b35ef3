import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { readToolStats } from './tool-stats';

// Each figure of the live tool stats against seeded step_runs rows on real Postgres.
let t: TestDb;
let runId: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  const { flowId, versionId } = await insertPublishedFlow(t.db, flow().webhook('t').build());
  runId = randomUUID();
  await t.sql`insert into runs (id, flow_id, version_id, status, trigger_kind, trigger, started_at) values (${runId}, ${flowId}, ${versionId}, 'succeeded', 'api', '{}'::jsonb, now())`;
});
afterAll(async () => t?.drop());

type Seed = { tool: string; version: number; status: string; ms: number | null; cost?: number; error?: string; agoMin?: number };
async function seed(rows: Seed[]) {
  for (const r of rows) {
    const started = new Date(Date.now() - (r.agoMin ?? 1) * 60_000);
    const finished = r.ms === null ? null : new Date(started.getTime() + r.ms);
    await t.sql`insert into step_runs (run_id, step_id, attempt, status, error, started_at, finished_at, cost_usd, tool_id, tool_version)
      values (${runId}, ${`s${++seq}`}, 1, ${r.status}, ${r.error ? JSON.stringify({ kind: 'HttpError', message: r.error }) : null}::jsonb,
        ${started.toISOString()}, ${finished?.toISOString() ?? null}, ${r.cost ?? null}, ${r.tool}, ${r.version})`;
  }
}

describe('readToolStats', () => {
  it('counts calls, success rate, p50/p95 latency, cost and the last error per tool and per version, within the window', async () => {
    const a = randomUUID();
    const other = randomUUID();
    await seed([
      { tool: a, version: 1, status: 'succeeded', ms: 10, cost: 0.01, agoMin: 50 },
      { tool: a, version: 1, status: 'succeeded', ms: 20, cost: 0.01, agoMin: 40 },
      { tool: a, version: 1, status: 'failed', ms: 100, cost: 0.02, error: 'older failure', agoMin: 30 },
      { tool: a, version: 2, status: 'succeeded', ms: 30, agoMin: 20 },
      { tool: a, version: 2, status: 'failed', ms: 40, error: 'upstream said 503', agoMin: 10 },
      // Outside the figures: still running, older than the window, another tool.
      { tool: a, version: 2, status: 'running', ms: null, agoMin: 5 },
      { tool: a, version: 2, status: 'failed', ms: 5000, error: 'last week', agoMin: 8 * 24 * 60 },
      { tool: other, version: 1, status: 'failed', ms: 1, error: 'not mine' },
    ]);
    const stats = await readToolStats(t.sql, { toolIds: [a] });
    expect(stats.map((s) => s.version)).toEqual([null, 2, 1]);
    const [all, v2, v1] = stats;
    // Latencies 10, 20, 30, 40, 100: p50 = 30; p95 interpolates 40 + 0.8 × (100 − 40) = 88.
    expect(all).toMatchObject({ toolId: a, calls: 5, succeeded: 3, successRate: 0.6, p50Ms: 30, lastError: 'upstream said 503' });
    expect(all!.p95Ms).toBeCloseTo(88, 6);
    expect(all!.costUsd).toBeCloseTo(0.04, 6);
    expect(v1).toMatchObject({ calls: 3, succeeded: 2, p50Ms: 20, lastError: 'older failure' });
    expect(v1!.successRate).toBeCloseTo(2 / 3, 6);
    expect(v1!.costUsd).toBeCloseTo(0.04, 6);
    expect(v2).toMatchObject({ calls: 2, succeeded: 1, successRate: 0.5, p50Ms: 35, costUsd: 0, lastError: 'upstream said 503' });
  });

  it('keeps only the latest maxCalls attempts of a tool, and a tool without failures has no last error', async () => {
    const b = randomUUID();
    await seed([
      { tool: b, version: 1, status: 'failed', ms: 500, error: 'long ago', agoMin: 30 },
      { tool: b, version: 1, status: 'succeeded', ms: 10, agoMin: 20 },
      { tool: b, version: 1, status: 'succeeded', ms: 20, agoMin: 10 },
    ]);
    const [all] = await readToolStats(t.sql, { toolIds: [b], window: { days: 7, maxCalls: 2 } });
    expect(all).toMatchObject({ calls: 2, succeeded: 2, successRate: 1, p50Ms: 15, lastError: null, lastErrorAt: null });
    const [wide] = await readToolStats(t.sql, { toolIds: [b], window: { days: 7, maxCalls: 1000 } });
    expect(wide).toMatchObject({ calls: 3, lastError: 'long ago' });
  });

  it('without ids lists every tool called in the window; an empty id list reads nothing', async () => {
    const stats = await readToolStats(t.sql);
    expect(new Set(stats.filter((s) => s.version === null).map((s) => s.toolId)).size).toBeGreaterThanOrEqual(3);
    expect(await readToolStats(t.sql, { toolIds: [] })).toEqual([]);
  });
});
