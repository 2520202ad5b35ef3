import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { createEngineRuntime, type EngineRuntime } from './engine-runtime';
import { launch, LaunchError } from './launch';

/** The one run launcher: every version choice, and each refusal with its code and words. */
let t: TestDb;
let rt: EngineRuntime;
beforeAll(async () => {
  t = await createTestDatabase();
  rt = createEngineRuntime({ workerId: 'launch-test:1', sql: t.sql });
});
afterAll(async () => {
  await t.drop();
});

const published = () => flow().webhook('t', { bodySchema: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } } }).set('a', { x: 1 }).set('b', { y: 2 }).chain('t', 'a', 'b').build();
const runRow = async (id: string) => (await t.sql<{ is_test: boolean; version_id: string; status: string }[]>`select is_test, version_id, status from runs where id = ${id}`)[0];
const stepIds = async (id: string) => (await t.sql<{ step_id: string }[]>`select step_id from step_runs where run_id = ${id} order by id`).map((r) => r.step_id);
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof LaunchError ? { code: e.code, message: e.message, fields: e.fieldErrors } : e));

describe('launch', () => {
  it('starts the active version as production, the draft as a test run, a fixed version as asked', async () => {
    const f = await insertPublishedFlow(t.db, published());
    const prod = await launch(rt, { flowId: f.flowId, version: { kind: 'active' }, payload: { kind: 'api', body: { n: 1 } } });
    expect(await runRow(prod.runId)).toMatchObject({ is_test: false, version_id: f.versionId });
    const test = await launch(rt, { flowId: f.flowId, version: { kind: 'draft' }, payload: { kind: 'manual', body: { n: 1 } } });
    const testRow = await runRow(test.runId);
    expect(testRow?.is_test).toBe(true);
    expect(testRow?.version_id).not.toBe(f.versionId);
    const fixed = await launch(rt, { flowId: f.flowId, version: { kind: 'version', versionId: f.versionId, isTest: true }, payload: { kind: 'manual', body: {} } });
    expect(await runRow(fixed.runId)).toMatchObject({ is_test: true, version_id: f.versionId });
  });

  it('runs the draft up to a step, and one step alone on an earlier test run’s input', async () => {
    const f = await insertPublishedFlow(t.db, published());
    const part = await launch(rt, { flowId: f.flowId, version: { kind: 'upTo', stepId: 'a' }, payload: { kind: 'manual', body: { n: 1 } } });
    await part.settled;
    expect(await stepIds(part.runId)).toEqual(['t', 'a']);
    const alone = await launch(rt, { flowId: f.flowId, version: { kind: 'stepAlone', stepId: 'b', fromRunId: part.runId }, payload: { kind: 'manual', body: {} } });
    await alone.settled;
    expect((await t.sql<{ step_id: string; status: string }[]>`select step_id, status from step_runs where run_id = ${alone.runId} and step_id = 'a'`)[0]?.status).toBe('reused');
  });

  it('refuses with a code and words: no worker, no flow, inactive, invalid draft, input off the contract', async () => {
    const f = await insertPublishedFlow(t.db, published(), { active: false });
    const input = { flowId: f.flowId, payload: { kind: 'api', body: { n: 1 } } };
    expect(await refusal(launch(undefined, { ...input, version: { kind: 'active' } }))).toMatchObject({ code: 'no-worker' });
    expect(await refusal(launch(rt, { ...input, flowId: '00000000-0000-0000-0000-000000000000', version: { kind: 'active' } }))).toMatchObject({ code: 'not-found' });
    expect(await refusal(launch(rt, { ...input, version: { kind: 'active' } }))).toMatchObject({ code: 'inactive', message: expect.stringContaining('not active') });
    expect(await refusal(launch(rt, { ...input, version: { kind: 'draft' }, payload: { kind: 'api', body: { n: 'one' } } }))).toMatchObject({ code: 'input', fields: { n: [expect.any(String)] } });
    const broken = { version: 1, steps: [{ id: 't', type: 'webhook-trigger', config: {} }], edges: [{ from: 't', to: 'ghost', port: 'out' }] };
    await t.sql`update flows set draft = ${JSON.stringify(broken)}::jsonb where id = ${f.flowId}`;
    expect(await refusal(launch(rt, { ...input, version: { kind: 'draft' } }))).toMatchObject({ code: 'invalid', message: expect.stringContaining('problem') });
    expect((await t.sql`select 1 from runs where flow_id = ${f.flowId}`).length).toBe(0);
  });
});
