import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertUser } from '@/db/queries/users';
import { withAudit } from '@/lib/audit/with-audit';
import { createCredential, createVault } from '@/lib/vault/vault';
import { changeTool, editTool, registerTool } from './admin';
import { BUILTIN_TOOLS } from './builtins';
import { toolFormSchema, type ToolFormInput } from './form';

// Admin → Tools on real Postgres: built-in and code tools, credentials granted by choosing them,
// and the audit row of each change written in the change's own transaction.
let t: TestDb;
let admin: string;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString('base64');
  t = await createTestDatabase();
  admin = (await insertUser(t.db, { email: 'tools-admin@example.com', name: 'A', passwordHash: 'x', roles: ['admin'] }))!.id;
});
afterAll(async () => {
  await t?.drop();
});

let seq = 0;
const form = (over: Partial<ToolFormInput> & Pick<ToolFormInput, 'kind' | 'config'>) => toolFormSchema.parse({ name: `admin tool ${++seq}`, inputSchema: {}, outputSchema: {}, ...over } as ToolFormInput);
const audit = (target: string) => t.sql<{ action: string; actor_id: string | null; details: Record<string, unknown> }[]>`select action, actor_id, details from audit_log where target = ${target} order by id`;
const versionOf = async (id: string, v = 1) => (await t.sql<{ input_schema: unknown; output_schema: unknown; config: unknown }[]>`select input_schema, output_schema, config from tool_versions where tool_id = ${id} and version = ${v}`)[0]!;
const credential = (name: string) => withAudit(t.db, admin, (tx, a) => createCredential(tx, a, { name, secret: { kind: 'bearer', token: `tok-${name}-123456` }, createdBy: admin }));

describe('built-in and code tools from the admin form', () => {
  it('a builtin takes its contracts (and description when none is given) from BUILTIN_TOOLS, whatever the form sent', async () => {
    const hash = BUILTIN_TOOLS.find((b) => b.key === 'crypto.hash')!;
    const r = await registerTool(t.sql, form({ kind: 'builtin', config: { key: 'crypto.hash' }, inputSchema: { type: 'string' } }), admin);
    expect(r).toMatchObject({ ok: true, version: 1 });
    const id = (r as { id: string }).id;
    expect(await versionOf(id)).toMatchObject({ input_schema: hash.inputSchema, output_schema: hash.outputSchema, config: { key: 'crypto.hash' } });
    expect((await t.sql`select description from tools where id = ${id}`)[0]!.description).toBe(hash.description);
  });

  it('an unknown builtin key is a field error on the choice', async () => {
    expect(await registerTool(t.sql, form({ kind: 'builtin', config: { key: 'no.such' } }), admin)).toEqual({ ok: false, error: 'Choose one of the built-in tools', fieldErrors: { 'config.key': ['Choose one of the built-in tools'] } });
    expect(toolFormSchema.safeParse({ name: 'x', kind: 'builtin', inputSchema: {}, outputSchema: {}, config: { key: '' } }).error?.issues[0]).toMatchObject({ path: ['config', 'key'], message: 'Choose a built-in tool' });
  });

  it('a code tool stores its source with the contracts typed as JSON; empty code and bad JSON are field errors', async () => {
    const r = await registerTool(t.sql, form({ kind: 'code', config: { source: 'return { n: input.n + 1 }' }, inputSchema: '{"type":"object"}', outputSchema: '{"type":"object","required":["n"]}' }), admin);
    expect(r).toMatchObject({ ok: true });
    expect(await versionOf((r as { id: string }).id)).toMatchObject({ input_schema: { type: 'object' }, output_schema: { required: ['n'] }, config: { source: 'return { n: input.n + 1 }' } });
    const bad = toolFormSchema.safeParse({ name: 'x', kind: 'code', inputSchema: '{nope', outputSchema: {}, config: { source: '' } });
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual(expect.arrayContaining([['config.source', 'Write the function body'], ['inputSchema', expect.stringMatching(/^Not valid JSON/)]]));
  });
});

describe('credentials chosen in the HTTP form', () => {
  const http = (credentialId?: string) => ({ kind: 'http' as const, config: { origin: 'http://127.0.0.1:9', ...(credentialId ? { credentialId } : {}) } });

  it('choosing a credential grants it to the tool (the vault then reveals it); deleting the tool drops its grants', async () => {
    const { id: cred } = await credential('chosen');
    const r = await registerTool(t.sql, form(http(cred)), admin);
    const id = (r as { id: string }).id;
    await expect(createVault(t.db).reveal(cred, { kind: 'tool', id })).resolves.toEqual({ kind: 'bearer', token: 'tok-chosen-123456' });
    expect(await changeTool(t.sql, id, 'delete', admin)).toEqual({ ok: true });
    expect(await t.sql`select 1 from credential_grants where subject_kind = 'tool' and subject_id = ${id}`).toHaveLength(0);
  });

  it('an edit to another credential grants the new one and keeps the old grant (steps pinned to version 1 still use it)', async () => {
    const { id: a } = await credential('first');
    const { id: b } = await credential('second');
    const id = ((await registerTool(t.sql, form(http(a)), admin)) as { id: string }).id;
    expect(await editTool(t.sql, id, form({ ...http(b), name: `admin tool ${seq}` }), admin)).toMatchObject({ ok: true, version: 2 });
    const grants = await t.sql<{ credential_id: string }[]>`select credential_id from credential_grants where subject_id = ${id} order by credential_id`;
    expect(grants.map((g) => g.credential_id).sort()).toEqual([a, b].sort());
  });

  it('a credential that no longer exists is a field error, and nothing is saved', async () => {
    const before = (await t.sql`select count(*)::int as n from tools`)[0]!.n;
    expect(await registerTool(t.sql, form(http('6f1c2a3b-1111-4222-8333-944455556666')), admin)).toMatchObject({ ok: false, fieldErrors: { 'config.credentialId': ['That credential no longer exists: choose another'] } });
    expect((await t.sql`select count(*)::int as n from tools`)[0]!.n).toBe(before);
  });
});

describe('audit of tool changes', () => {
  it('register, edit, disable, enable and delete each write one entry with the actor, in order', async () => {
    const { id: cred } = await credential('audited');
    const id = ((await registerTool(t.sql, form({ kind: 'http', config: { origin: 'http://127.0.0.1:9', credentialId: cred } }), admin)) as { id: string }).id;
    const name = `admin tool ${seq}`;
    await editTool(t.sql, id, form({ kind: 'http', name, config: { origin: 'http://127.0.0.1:9' } }), admin);
    for (const c of ['disable', 'enable', 'delete'] as const) expect(await changeTool(t.sql, id, c, admin)).toEqual({ ok: true });
    expect(await audit(id)).toEqual([
      { action: 'tool.register', actor_id: admin, details: { name, kind: 'http', version: 1, credentialId: cred } },
      { action: 'tool.edit', actor_id: admin, details: { name, kind: 'http', version: 2, credentialId: null } },
      { action: 'tool.disable', actor_id: admin, details: { name } },
      { action: 'tool.enable', actor_id: admin, details: { name } },
      { action: 'tool.delete', actor_id: admin, details: { name } },
    ]);
  });

  it('the audit row is in the change transaction: when it cannot be written, the change rolls back', async () => {
    const id = ((await registerTool(t.sql, form({ kind: 'code', config: { source: 'return 1' } }), admin)) as { id: string }).id;
    // An actor that is not a user breaks the audit row's foreign key; the disable before it must roll back too.
    await expect(changeTool(t.sql, id, 'disable', '7a1c2a3b-1111-4222-8333-944455556666')).rejects.toThrow();
    expect((await t.sql`select enabled from tools where id = ${id}`)[0]!.enabled).toBe(true);
    expect((await audit(id)).map((a) => a.action)).toEqual(['tool.register']);
  });
});
