import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { STEP_RUNNERS } from '@/lib/steps/runners';
import type { AsyncRunner } from '@/lib/steps/runtime';
import { createEngineRuntime, type EngineRuntime } from './engine-runtime';
import { getPreparedVersion } from './flow-cache';
import { startRun } from './start-run';

/**
 * The step contract through the real driver and Postgres: a runner's usage is written on its
 * attempt (tokens, cost) and event, its own confidence feeds the confidence policy, and child
 * attempts are committed so that a later attempt reuses a finished one instead of repeating it.
 */
let t: TestDb;
let rt: EngineRuntime;
const effects: string[] = [];

/** Stands in for an AI step: two model "turns" as child attempts, then an answer with usage and a confidence. */
const modelLike: AsyncRunner = {
  kind: 'async',
  run: async (config: { code: string }, _input, ctx) => {
    const plan = await ctx.children.run('turn-1', async () => (effects.push(`turn-1#${ctx.attempt}`), { plan: 'look it up' }));
    const answer = await ctx.children.run(`turn-2#${ctx.attempt}`, async () => (effects.push(`turn-2#${ctx.attempt}`), { text: `answer ${ctx.attempt}` }));
    return { output: { plan, answer }, usage: { model: 'm', inputTokens: 100, outputTokens: 20, costUsd: 0.0012 }, confidence: config.code === 'unsure' ? 0.3 : 0.9 };
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  rt = createEngineRuntime({ workerId: 'contract-test:1', sql: t.sql });
  rt.runners = { ...STEP_RUNNERS, code: modelLike };
});
afterAll(async () => {
  await t.drop();
});

describe('the step contract on Postgres', () => {
  it('records usage, routes on the step’s own confidence and reuses finished child attempts', async () => {
    const def = flow().webhook('t').step('ask', 'code', { code: 'unsure' }, { policy: { confidence: { threshold: 0.5 }, alternatives: [{ config: { code: 'sure' } }] } }).chain('t', 'ask').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const prepared = await getPreparedVersion(t.sql, versionId);
    const r = startRun(rt, { prepared, flowId, versionId, isTest: false, triggerStepId: 't', payload: { kind: 'webhook', body: {} } });
    expect((await r.settled).status).toBe('succeeded');

    // Attempt 1 (confidence 0.3 < 0.5) was ambiguous; the alternative (0.9) succeeded.
    const events = await t.sql<{ type: string; data: Record<string, unknown> | null }[]>`select type, data from run_events where run_id = ${r.runId} and step_id = 'ask' order by id`;
    expect(events.map((e) => e.type)).toContain('StepAmbiguous');
    const ok = events.find((e) => e.type === 'StepSucceeded');
    expect(ok?.data).toMatchObject({ attempt: 2, confidence: 0.9, usage: { inputTokens: 100, outputTokens: 20, costUsd: 0.0012 } });
    const [row] = await t.sql<{ tokens: number; cost_usd: number }[]>`select tokens, cost_usd from step_runs where run_id = ${r.runId} and step_id = 'ask' and status = 'succeeded'`;
    expect(row?.tokens).toBe(120);
    expect(row?.cost_usd).toBeCloseTo(0.0012, 6);

    // turn-1 ran once (attempt 2 reused its committed result); each attempt's own turn-2 ran.
    expect(effects).toEqual(['turn-1#1', 'turn-2#1', 'turn-2#2']);
    const children = await t.sql<{ key: string; status: string; result: unknown }[]>`select key, status, result from step_children where run_id = ${r.runId} order by started_at, key`;
    expect(children).toEqual([
      { key: 'turn-1', status: 'succeeded', result: { plan: 'look it up' } },
      { key: 'turn-2#1', status: 'succeeded', result: { text: 'answer 1' } },
      { key: 'turn-2#2', status: 'succeeded', result: { text: 'answer 2' } },
    ]);
  });
});
