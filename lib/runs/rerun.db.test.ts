import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { eventually } from '@/lib/testing/processes';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { startWorkerRuntime, type WorkerRuntime } from './worker-runtime';
import { rerunPayload, RerunError } from './rerun';

let t: TestDb;
let worker: WorkerRuntime;
let srv: Awaited<ReturnType<typeof loopbackServer>>;
beforeAll(async () => {
  process.env.BATON_ALLOWED_HOSTS = '127.0.0.1';
  t = await createTestDatabase();
  worker = await startWorkerRuntime({ url: t.url, sql: t.sql });
  srv = await loopbackServer((_c, res) => json(res, 200, { ok: false }));
});
afterAll(async () => {
  await srv.close();
  await worker.stop();
  await t.drop();
});

const finished = (id: string) => eventually(async () => (await t.sql<{ status: string; error: { message: string } | null }[]>`select status, error from runs where id = ${id}`)[0]!, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
const rows = (id: string) => t.sql<{ step_id: string; status: string; input: unknown }[]>`select step_id, status, input from step_runs where run_id = ${id} order by id`;

describe('re-run from a failed step', () => {
  it('reuses earlier outputs (no second call), runs the step with the edited input, on the same version', async () => {
    const def = flow().webhook('t').step('fetch', 'http-request', { url: `${srv.url}/a` }).step('check', 'code', { code: 'if (!input.body.ok) throw new Error("not ok"); return input.body;' }).step('o', 'output', { value: '{{ input }}' }).chain('t', 'fetch', 'check', 'o').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const first = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
    await first.firstCommit;
    expect((await finished(first.runId)).status).toBe('failed');
    expect(srv.calls).toHaveLength(1);

    const args = await rerunPayload(t.sql, first.runId, 'check', { status: 200, body: { ok: true, fixed: 'by hand' } });
    expect(args.versionId).toBe(versionId);
    const again = await worker.engine.startVersion(args);
    await again.firstCommit;
    expect(await finished(again.runId)).toMatchObject({ status: 'succeeded' });
    const r = await rows(again.runId);
    expect(r.find((x) => x.step_id === 'fetch')?.status).toBe('reused');
    expect(r.find((x) => x.step_id === 'check')).toMatchObject({ status: 'succeeded', input: { status: 200, body: { ok: true, fixed: 'by hand' } } });
    expect(srv.calls).toHaveLength(1);

    const fromStart = await worker.engine.startVersion(await rerunPayload(t.sql, first.runId, 'fetch'));
    await fromStart.firstCommit;
    await finished(fromStart.runId);
    expect(srv.calls).toHaveLength(2);
  });

  it('on the current draft: the fixed step runs as a test run, the pinned choice still calls the old URL', async () => {
    const def = (path: string) => flow().webhook('t').step('fetch', 'http-request', { url: `${srv.url}${path}` }).step('check', 'code', { code: 'if (!input.body.ok) throw new Error("not ok"); return input.body;' }).chain('t', 'fetch', 'check').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def('/old'));
    const first = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
    await first.firstCommit;
    await finished(first.runId);
    // The analyst fixes the URL in the editor (the draft); the run pinned version 1.
    await t.sql`update flows set draft = ${JSON.stringify(def('/fixed'))}::jsonb where id = ${flowId}`;
    const calls = () => srv.calls.map((c) => c.url).slice(-1)[0];

    const onDraft = await rerunPayload(t.sql, first.runId, 'fetch', undefined, 'draft');
    expect(onDraft.versionId).not.toBe(versionId);
    expect(onDraft.isTest).toBe(true);
    const a = await worker.engine.startVersion(onDraft);
    await a.firstCommit;
    await finished(a.runId);
    expect(calls()).toBe('/fixed');
    expect((await t.sql<{ is_test: boolean }[]>`select is_test from runs where id = ${a.runId}`)[0]!.is_test).toBe(true);

    const onPinned = await rerunPayload(t.sql, first.runId, 'fetch', undefined, 'pinned');
    expect(onPinned).toMatchObject({ versionId, isTest: false });
    const b = await worker.engine.startVersion(onPinned);
    await b.firstCommit;
    await finished(b.runId);
    expect(calls()).toBe('/old');
  });

  it('refuses to re-run on a draft that does not validate, saying why', async () => {
    const def = flow().webhook('t').step('fetch', 'http-request', { url: `${srv.url}/a` }).chain('t', 'fetch').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
    await run.firstCommit;
    await finished(run.runId);
    await t.sql`update flows set draft = ${JSON.stringify({ ...def, steps: def.steps.map((s) => (s.id === 'fetch' ? { ...s, config: {} } : s)) })}::jsonb where id = ${flowId}`;
    await expect(rerunPayload(t.sql, run.runId, 'fetch', undefined, 'draft')).rejects.toThrow(/URL: Enter the URL to call/);
  });

  it('refuses an edited input for a step with several incoming connections', async () => {
    const def = flow().webhook('t').set('a', {}).set('b', {}).step('m', 'merge', { mode: 'all' }).edge('t', 'a').edge('t', 'b').edge('a', 'm').edge('b', 'm').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
    await run.firstCommit;
    await finished(run.runId);
    await expect(rerunPayload(t.sql, run.runId, 'm', { a: 1 })).rejects.toBeInstanceOf(RerunError);
  });
});

describe('re-run from the trigger', () => {
  it('uses the edited input as the new trigger body', async () => {
    const def = flow().webhook('t').step('o', 'output', { value: '{{ input.x }}' }).chain('t', 'o').build();
    const { flowId, versionId } = await insertPublishedFlow(t.db, def);
    const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: { x: 1 } } });
    await run.firstCommit;
    await finished(run.runId);
    const again = await worker.engine.startVersion(await rerunPayload(t.sql, run.runId, 't', { x: 2 }));
    await again.firstCommit;
    await finished(again.runId);
    const [row] = await t.sql<{ output: unknown }[]>`select output from runs where id = ${again.runId}`;
    expect(row?.output).toBe(2);
  });
});
