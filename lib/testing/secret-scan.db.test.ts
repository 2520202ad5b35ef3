import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flow } from '@/lib/engine/testing/flow-builder';
import { withAudit } from '@/lib/audit/with-audit';
import { parseAllowList } from '@/lib/net/allow-list';
import { startWorkerRuntime, type WorkerRuntime } from '@/lib/runs/worker-runtime';
import { registerTool } from '@/lib/tools/admin';
import { defaultToolDeps } from '@/lib/tools/defaults';
import { toolFormSchema } from '@/lib/tools/form';
import { createToolRegistry } from '@/lib/tools/registry';
import { createCredential } from '@/lib/vault/vault';
import type { CredentialSecret } from '@/lib/vault/types';
import { json, loopbackServer } from './loopback';
import { eventually } from './processes';
import { scanDatabase, scanText } from './secret-scan';

let t: TestDb;
let worker: WorkerRuntime | undefined;
let echo: Awaited<ReturnType<typeof loopbackServer>> | undefined;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await worker?.stop();
  await echo?.close();
  await t.drop();
});

const SECRET = 'planted-secret-5150';

describe('the secret scan', () => {
  it('reads every text, varchar and jsonb column from the schema, a table made after it was written included', async () => {
    await t.sql`create table later_added (id int primary key, note varchar(200), doc jsonb, tags text[])`;
    const { columns, hits } = await scanDatabase(t.sql, [SECRET]);
    const names = columns.map((c) => `${c.schema}.${c.table}.${c.column}`);
    expect(names).toEqual(expect.arrayContaining([
      'public.later_added.note', 'public.later_added.doc', 'public.later_added.tags',
      'public.runs.trigger', 'public.step_runs.output', 'public.run_events.data', 'public.flows.draft', 'graphile_worker._private_jobs.payload',
    ]));
    expect(names).not.toContain('public.later_added.id');
    expect(hits).toEqual([]);
  });

  it('finds a secret planted in any of those columns (the positive control), and nothing once it is removed', async () => {
    for (const [column, value] of [['note', `x ${SECRET} y`], ['doc', JSON.stringify({ deep: [{ v: SECRET }] })], ['tags', `{a,${SECRET}}`]] as const) {
      await t.sql.unsafe(`insert into later_added (id, ${column}) values (1, $1)`, [value]);
      expect((await scanDatabase(t.sql, [SECRET, 'never-planted-1'])).hits).toEqual([{ secret: SECRET, where: `public.later_added.${column}`, count: 1 }]);
      await t.sql`delete from later_added`;
    }
    expect((await scanDatabase(t.sql, [SECRET])).hits).toEqual([]);
  });

  it('finds a secret in text as it is, JSON-escaped, URL-encoded or in base64', () => {
    const odd = 'sec"ret/+=1';
    for (const text of [`a ${odd} b`, JSON.stringify({ k: odd }), `?q=${encodeURIComponent(odd)}`, `Basic ${Buffer.from(odd).toString('base64')}`]) {
      expect(scanText('log', text, [odd])).toEqual([{ secret: odd, where: 'log' }]);
    }
    expect(scanText('log', 'nothing here', [odd])).toEqual([]);
  });
});

// Every credential kind on a tool whose server echoes the request (headers and URL) back, in
// real runs: the run's rows, events, queue jobs and the process's logs must hold none of them.
describe('credentialed HTTP tools whose server echoes the credential back', () => {
  const KEY = 'sk-echo-header-31337', QKEY = 'sk-echo-query-42424', TOKEN = 'bearer-echo-55555555', PASSWORD = 'basic-echo-pw-6666';
  const CLIENT_SECRET = 'oauth-client-secret-7777', ACCESS = 'oauth-access-token-88888888';
  const BASIC = Buffer.from(`svc:${PASSWORD}`).toString('base64');
  // The client secret goes to the token endpoint in basic auth (RFC 6749 2.3.1).
  const CLIENT_BASIC = Buffer.from(`baton:${CLIENT_SECRET}`).toString('base64');
  const SECRETS = [KEY, QKEY, TOKEN, PASSWORD, BASIC, CLIENT_SECRET, CLIENT_BASIC, ACCESS];

  it('never appear in step rows, events, jobs or logs, whether the call succeeds or fails', async () => {
    process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 3).toString('base64');
    echo = await loopbackServer((call, res) => {
      if (call.url === '/token') return json(res, 200, { access_token: ACCESS, token_type: 'bearer', expires_in: 3600 });
      json(res, call.url.startsWith('/fail') ? 400 : 200, { url: call.url, headers: call.headers });
    });
    process.env.BATON_ALLOWED_HOSTS = `127.0.0.1:${echo.port}`;
    const allowList = parseAllowList(process.env.BATON_ALLOWED_HOSTS);
    worker = await startWorkerRuntime({ url: t.url, sql: t.sql, tools: createToolRegistry({ sql: t.sql, deps: defaultToolDeps(t.sql), allowList }) });
    const kinds: Record<string, CredentialSecret> = {
      header: { kind: 'api_key', key: KEY, placement: 'header', name: 'X-Api-Key' },
      query: { kind: 'api_key', key: QKEY, placement: 'query', name: 'api_key' },
      bearer: { kind: 'bearer', token: TOKEN },
      basic: { kind: 'basic', username: 'svc', password: PASSWORD },
      oauth: { kind: 'oauth2_client_credentials', tokenUrl: `${echo.url}/token`, clientId: 'baton', clientSecret: CLIENT_SECRET },
    };
    const toolOf = async (name: string, secret: CredentialSecret, path: string) => {
      const { id: credentialId } = await withAudit(t.db, null, (tx, audit) => createCredential(tx, audit, { name, secret, createdBy: null }));
      // Choosing the credential in the form grants it to the tool: nothing else is granted here.
      const r = await registerTool(t.sql, toolFormSchema.parse({ name, kind: 'http', inputSchema: {}, outputSchema: {}, config: { origin: echo!.url, path, credentialId } }), null);
      if (!r.ok) throw new Error(r.error);
      return r.id;
    };
    const steps = await Promise.all(Object.entries(kinds).map(async ([k, secret]) => [k, await toolOf(`echo ${k}`, secret, `/echo/${k}`)] as const));
    const failing = await toolOf('echo failing', kinds.bearer!, '/fail');

    let def = flow().webhook('t');
    for (const [k, toolId] of steps) def = def.step(k, 'tool-call', { toolId, version: 'latest', input: {} });
    const ok = def.chain('t', ...steps.map(([k]) => k)).build();
    const bad = flow().webhook('t').step('fail', 'tool-call', { toolId: failing, version: 'latest', input: {} }, { policy: { retry: { maxAttempts: 1 } } as never }).chain('t', 'fail').build();

    const lines: string[] = [];
    const spies = [process.stdout, process.stderr].map((s) => vi.spyOn(s, 'write').mockImplementation((l) => (lines.push(String(l)), true)));
    const ends: string[] = [];
    try {
      for (const [name, d] of [['echo ok', ok], ['echo fail', bad]] as const) {
        const { flowId, versionId } = await insertPublishedFlow(t.db, d, { name });
        const run = await worker.engine.startVersion({ flowId, versionId, isTest: false, payload: { kind: 'api', body: {} } });
        await run.firstCommit;
        const end = await eventually(async () => (await t.sql<{ status: string }[]>`select status from runs where id = ${run.runId}`)[0]!, (r) => ['succeeded', 'failed'].includes(r.status));
        ends.push(end.status);
      }
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(ends, JSON.stringify(await t.sql`select step_id, error from step_runs where error is not null`)).toEqual(['succeeded', 'failed']);
    // The calls really carried every credential (so the absence below is masking, not a missing credential).
    const seen = JSON.stringify(echo.calls.map((c) => [c.url, c.headers, c.body]));
    for (const secret of [KEY, QKEY, TOKEN, BASIC, CLIENT_BASIC, ACCESS]) expect(seen).toContain(secret);
    const outputs = await t.sql<{ step_id: string; output: { headers: Record<string, string>; url: string } | null; error: { details?: { body?: unknown } } | null }[]>`select step_id, output, error from step_runs order by step_id`;
    expect(outputs.find((o) => o.step_id === 'header')!.output!.headers['x-api-key']).toBe('***');
    expect(outputs.find((o) => o.step_id === 'fail')!.error!.details!.body).toMatchObject({ headers: { authorization: 'Bearer ***' } });
    expect((await scanDatabase(t.sql, SECRETS)).hits).toEqual([]);
    expect(scanText('log', lines.join(''), SECRETS)).toEqual([]);
  });
});
