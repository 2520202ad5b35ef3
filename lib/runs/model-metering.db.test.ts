import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { insertModelProvider, replaceModelPrices } from '@/db/queries/models';
import { runUsedUsd } from '@/db/queries/budgets';
import { flow } from '@/lib/engine/testing/flow-builder';
import { reply, scriptedOpenAI, type RecordedRequest, type ScriptedServer } from '@/lib/testing/scripted-openai';
import type { FlowInput } from '@/lib/workflow/types';
import { createEngineRuntime, type EngineRuntime } from './engine-runtime';
import { getPreparedVersion } from './flow-cache';
import { startRun } from './start-run';

/**
 * Model calls of real runs, through the engine a worker runs, the installation's model port
 * (providers and prices from Postgres) and a scripted OpenAI-compatible server on 127.0.0.1:
 * each attempt's calls are metered against the run's cap, their usage lands on the attempt and
 * the run, and a temperature-0 step with a cache TTL is answered once.
 */
let t: TestDb;
let server: ScriptedServer;
let rt: EngineRuntime;
const prompt = (r: RecordedRequest) => JSON.stringify((r.body as { messages?: unknown }).messages);
const modelOf = (r: RecordedRequest) => (r.body as { model?: string }).model;

beforeAll(async () => {
  t = await createTestDatabase();
  // The scripted server answers by model name: `broken` fails with a 500, every other model answers.
  server = await scriptedOpenAI((r) =>
    modelOf(r) === 'broken' ? reply.error(500, 'model overloaded') : { ...reply.text('Hello ', 'there'), usage: { input: 1_000, output: 500 } },
  );
  process.env.BATON_ALLOWED_HOSTS = `127.0.0.1:${server.port}`;
  const p = (await insertModelProvider(t.db, {
    name: 'scripted',
    kind: 'openai_compatible',
    baseUrl: `${server.url}/v1`,
    credentialId: null,
    models: ['m1', 'broken', 'backup'],
    defaultModel: 'm1',
    enabled: true,
  }))!;
  // $2 per million input tokens, $4 per million output tokens.
  await replaceModelPrices(t.db, p.id, [
    { model: 'm1', inputPerMillion: 2, outputPerMillion: 4, cachedInputPerMillion: null },
    { model: 'backup', inputPerMillion: 2, outputPerMillion: 4, cachedInputPerMillion: null },
  ]);
  rt = createEngineRuntime({ workerId: 'model-metering-test', sql: t.sql });
});
afterAll(async () => {
  await server.close();
  await t.drop();
  delete process.env.BATON_ALLOWED_HOSTS;
});

async function run(def: FlowInput, body: unknown = {}) {
  const { flowId, versionId } = await insertPublishedFlow(t.db, def);
  const prepared = await getPreparedVersion(t.sql, versionId);
  const r = startRun(rt, { prepared, flowId, versionId, isTest: false, triggerStepId: 't', payload: { kind: 'webhook', body } });
  const settled = await r.settled;
  const steps = await t.sql<
    {
      step_id: string;
      attempt: number;
      status: string;
      output: unknown;
      error: { kind: string; message: string } | null;
      tokens: number | null;
      cost_usd: number | null;
    }[]
  >`select step_id, attempt, status, output, error, tokens, cost_usd from step_runs where run_id = ${r.runId} order by id`;
  const [done] = await t.sql<{ data: { usage?: Record<string, unknown> } }[]>`
    select data from run_events where run_id = ${r.runId} and type = 'StepSucceeded' and step_id = 'llm' order by id desc limit 1`;
  return { runId: r.runId, status: settled.status, steps, llm: steps.filter((s) => s.step_id === 'llm'), usage: done?.data.usage };
}

const llmFlow = (config: Record<string, unknown>, settings: FlowInput['settings'] = {}, policy?: object): FlowInput => ({
  ...flow()
    .webhook('t')
    .step('llm', 'llm-prompt', { prompt: 'Greet {{ input.name }}', maxTokens: 1_000, ...config }, policy ? { policy } : {})
    .edge('t', 'llm')
    .build(),
  settings,
});

describe('metered model calls in runs', () => {
  it("an LLM prompt step's tokens and cost land on its attempt and on the run's budget", async () => {
    const before = server.requests.length;
    const r = await run(llmFlow({ prompt: 'Greet {{ input.name }} (usage)' }, { maxCostPerRunUsd: 1 }), { name: 'Ada' });
    expect(r.status).toBe('succeeded');
    expect(server.requests.length - before).toBe(1);
    const cost = (1_000 * 2 + 500 * 4) / 1e6;
    expect(r.llm).toEqual([expect.objectContaining({ status: 'succeeded', output: { text: 'Hello there' }, tokens: 1_500 })]);
    expect(r.llm[0]!.cost_usd).toBeCloseTo(cost, 8);
    expect(r.usage).toMatchObject({ provider: 'scripted', model: 'm1', inputTokens: 1_000, outputTokens: 500 });
    // The run's budget settled to what the call cost, not to the worst case it held.
    expect(await runUsedUsd(t.sql, r.runId)).toBeCloseTo(cost, 8);
  });

  it('refuses a call that does not fit the run cap with BudgetExceeded, before any request is sent', async () => {
    const before = server.requests.length;
    // Worst case: 1,000 output tokens at $4/M = $0.004 alone, above a $0.001 cap.
    const r = await run(llmFlow({ prompt: 'Greet {{ input.name }} (capped)' }, { maxCostPerRunUsd: 0.001 }), { name: 'Ada' });
    expect(r.status).toBe('failed');
    expect(r.llm.at(-1)).toMatchObject({
      status: 'failed',
      error: { kind: 'BudgetExceeded', message: expect.stringContaining("This run's cost cap of $0.0010") },
    });
    expect(server.requests.length).toBe(before);
    expect(server.connections).toBeGreaterThan(0); // the server is reachable: the cap, not the network, stopped the call
    expect(await runUsedUsd(t.sql, r.runId)).toBe(0);
  });

  it('a second identical temperature-0 run with a cache TTL is answered from the cache: one request, a cache hit that cost 0', async () => {
    const def = llmFlow({ prompt: 'Greet {{ input.name }} (cached)', temperature: 0, cacheTtlSeconds: 600 });
    const first = await run(def, { name: 'Grace' });
    const second = await run(def, { name: 'Grace' });
    expect([first.status, second.status]).toEqual(['succeeded', 'succeeded']);
    expect(server.requests.filter((q) => prompt(q).includes('Grace (cached)'))).toHaveLength(1);
    expect(first.usage?.cacheHit).toBeUndefined();
    expect(second.usage).toMatchObject({ cacheHit: true, costUsd: 0, inputTokens: 0, outputTokens: 0 });
    expect(second.llm).toEqual([expect.objectContaining({ output: { text: 'Hello there' }, cost_usd: 0 })]);
  });

  it('a policy alternative naming another model takes over when the first model answers 500', async () => {
    const before = server.requests.length;
    const r = await run(
      llmFlow({ prompt: 'Greet {{ input.name }} (fallback)', model: 'broken' }, {}, { alternatives: [{ label: 'backup model', config: { model: 'backup' } }] }),
      {
        name: 'Lin',
      },
    );
    expect(r.status).toBe('succeeded');
    expect(server.requests.slice(before).map(modelOf)).toEqual(['broken', 'backup']);
    expect(r.llm.map((s) => s.status)).toEqual(['failed', 'succeeded']);
    expect(r.llm[0]!.error?.message).toContain('model overloaded');
    expect(r.usage).toMatchObject({ model: 'backup' });
  });
});
