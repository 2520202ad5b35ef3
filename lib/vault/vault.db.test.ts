import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertUser } from '@/db/queries/users';
import { deleteGrantsOfSubject, listCredentialsGrantedTo } from '@/db/queries/credentials';
import { withAudit } from '@/lib/audit/with-audit';
import { scanDatabase } from '@/lib/testing/secret-scan';
import { createCredential, createVault, deleteCredential, listCredentialSummaries, renameCredential, replaceCredentialSecret, setCredentialGrants } from './vault';
import type { CredentialSecret, CredentialSubject } from './types';

let t: TestDb;
let admin: string;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
  t = await createTestDatabase();
  admin = (await insertUser(t.db, { email: 'vault-admin@example.com', name: 'A', passwordHash: 'x', roles: ['admin'] }))!.id;
});
afterAll(async () => {
  await t?.drop();
});

const change = <T>(work: Parameters<typeof withAudit<T>>[2]) => withAudit(t.db, admin, work);
const create = (name: string, secret: CredentialSecret) => change((tx, audit) => createCredential(tx, audit, { name, secret, createdBy: admin }));
const tool: CredentialSubject = { kind: 'tool', id: '11111111-1111-4111-8111-111111111111' };
const otherTool: CredentialSubject = { kind: 'tool', id: '22222222-2222-4222-8222-222222222222' };
const SECRETS = ['sk-live-api-key-77777', 'bearer-token-88888888', 'basic-password-9999', 'oauth-client-secret-5555', 'replacement-key-6666666'];

describe('the credentials vault', () => {
  it('stores only ciphertext and a hint; the summary never holds the secret', async () => {
    const { id } = await create('Stripe', { kind: 'api_key', key: SECRETS[0]!, placement: 'header', name: 'X-Api-Key' });
    const [row] = await t.sql<{ ciphertext: string; hint: unknown; created_by: string }[]>`select ciphertext, hint, created_by from credentials where id = ${id}`;
    expect(row!.ciphertext).toMatch(/^enc:v1:/);
    expect(row!.ciphertext).not.toContain(SECRETS[0]);
    expect(row!.hint).toEqual({ placement: 'header', name: 'X-Api-Key', last4: '…7777' });
    expect(row!.created_by).toBe(admin);
    const summary = (await listCredentialSummaries(t.db)).find((c) => c.id === id);
    expect(summary).toMatchObject({ name: 'Stripe', kind: 'api_key', grants: [] });
    expect(JSON.stringify(summary)).not.toContain(SECRETS[0]);
  });

  it('refuses a second credential with the same name', async () => {
    await create('Dup', { kind: 'bearer', token: SECRETS[1]! });
    await expect(create('Dup', { kind: 'bearer', token: SECRETS[1]! })).rejects.toMatchObject({ code: 'name-taken', message: 'A credential named "Dup" already exists.' });
  });

  it('reveals only to a granted subject, with clear errors otherwise', async () => {
    const vault = createVault(t.db);
    const secret: CredentialSecret = { kind: 'basic', username: 'svc', password: SECRETS[2]! };
    const { id } = await create('Basic svc', secret);
    await expect(vault.reveal(id, tool)).rejects.toMatchObject({ name: 'CredentialError', code: 'not-granted', message: expect.stringContaining('Credential "Basic svc" is not granted to tool') });
    await change((tx, audit) => setCredentialGrants(tx, audit, id, [tool, tool]));
    expect(await vault.reveal(id, tool)).toEqual(secret);
    await expect(vault.reveal(id, otherTool)).rejects.toMatchObject({ code: 'not-granted' });
    // The same id under another subject kind is another subject.
    await expect(vault.reveal(id, { kind: 'model_provider', id: tool.id })).rejects.toMatchObject({ code: 'not-granted' });
    await expect(vault.reveal('33333333-3333-4333-8333-333333333333', tool)).rejects.toMatchObject({ code: 'not-found' });
    await expect(vault.reveal('not-a-uuid', tool)).rejects.toMatchObject({ code: 'not-found' });
    expect(await listCredentialsGrantedTo(t.db, tool)).toEqual([{ id, name: 'Basic svc', kind: 'basic' }]);
  });

  it('setting grants replaces them; revoking one refuses that subject at once', async () => {
    const vault = createVault(t.db);
    const { id } = await create('OAuth', { kind: 'oauth2_client_credentials', tokenUrl: 'https://idp.example.com/token', clientId: 'c1', clientSecret: SECRETS[3]! });
    await change((tx, audit) => setCredentialGrants(tx, audit, id, [tool, otherTool]));
    await change((tx, audit) => setCredentialGrants(tx, audit, id, [otherTool]));
    await expect(vault.reveal(id, tool)).rejects.toMatchObject({ code: 'not-granted' });
    expect((await vault.reveal(id, otherTool)).kind).toBe('oauth2_client_credentials');
    expect((await listCredentialSummaries(t.db)).find((c) => c.id === id)?.grants).toEqual([otherTool]);
    await deleteGrantsOfSubject(t.db, otherTool);
    await expect(vault.reveal(id, otherTool)).rejects.toMatchObject({ code: 'not-granted' });
  });

  it('replacing the secret keeps the name and grants and changes what reveal returns', async () => {
    const vault = createVault(t.db);
    const { id } = await create('Rotating', { kind: 'bearer', token: SECRETS[1]! });
    await change((tx, audit) => setCredentialGrants(tx, audit, id, [tool]));
    const before = (await listCredentialSummaries(t.db)).find((c) => c.id === id)!;
    await change((tx, audit) => replaceCredentialSecret(tx, audit, id, { kind: 'api_key', key: SECRETS[4]!, placement: 'query', name: 'key' }));
    expect(await vault.reveal(id, tool)).toEqual({ kind: 'api_key', key: SECRETS[4], placement: 'query', name: 'key' });
    const after = (await listCredentialSummaries(t.db)).find((c) => c.id === id)!;
    expect(after).toMatchObject({ name: 'Rotating', kind: 'api_key', grants: [tool], hint: { placement: 'query', name: 'key', last4: '…6666' } });
    expect(after.updatedAt >= before.updatedAt).toBe(true);
  });

  it('renames (refusing a taken name) and deletes with its grants', async () => {
    const vault = createVault(t.db);
    const { id } = await create('To rename', { kind: 'bearer', token: SECRETS[1]! });
    await change((tx, audit) => setCredentialGrants(tx, audit, id, [tool]));
    await expect(change((tx, audit) => renameCredential(tx, audit, id, 'Stripe'))).rejects.toMatchObject({ code: 'name-taken' });
    await change((tx, audit) => renameCredential(tx, audit, id, 'Renamed'));
    expect((await listCredentialSummaries(t.db)).find((c) => c.id === id)?.name).toBe('Renamed');
    await change((tx, audit) => deleteCredential(tx, audit, id));
    await expect(vault.reveal(id, tool)).rejects.toMatchObject({ code: 'not-found' });
    expect(await t.sql`select 1 from credential_grants where credential_id = ${id}`).toHaveLength(0);
    await expect(change((tx, audit) => deleteCredential(tx, audit, id))).rejects.toMatchObject({ code: 'not-found' });
    await expect(change((tx, audit) => replaceCredentialSecret(tx, audit, id, { kind: 'bearer', token: 'x-token-value' }))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a credential sealed under another ENCRYPTION_KEY is reported unreadable, not a crash', async () => {
    const { id } = await create('Old key', { kind: 'bearer', token: SECRETS[1]! });
    await change((tx, audit) => setCredentialGrants(tx, audit, id, [tool]));
    const key = process.env.ENCRYPTION_KEY;
    process.env.ENCRYPTION_KEY = Buffer.alloc(32, 1).toString('base64');
    try {
      await expect(createVault(t.db).reveal(id, tool)).rejects.toMatchObject({ code: 'unreadable', message: expect.stringContaining('ENCRYPTION_KEY') });
    } finally {
      process.env.ENCRYPTION_KEY = key;
    }
  });

  it('audits every change by the actor, and no audit row or other column holds a secret', async () => {
    const rows = await t.sql<{ action: string; actor_id: string }[]>`select action, actor_id from audit_log order by id`;
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['credential.create', 'credential.grants', 'credential.replace', 'credential.rename', 'credential.delete']));
    expect(rows.every((r) => r.actor_id === admin)).toBe(true);
    const { hits, columns } = await scanDatabase(t.sql, SECRETS);
    expect(columns.some((c) => c.table === 'audit_log' && c.column === 'details')).toBe(true);
    expect(hits).toEqual([]);
    // Positive control: the scan does find a secret written in clear.
    await t.sql`insert into audit_log (action, target, details) values ('control', 'x', ${JSON.stringify({ leaked: SECRETS[0] })}::jsonb)`;
    expect((await scanDatabase(t.sql, SECRETS)).hits).toEqual([{ secret: SECRETS[0], where: 'public.audit_log.details', count: 1 }]);
  });
});
