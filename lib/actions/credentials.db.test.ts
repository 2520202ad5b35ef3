import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertUser } from '@/db/queries/users';
import { tools } from '@/db/schema';
import { scanText } from '@/lib/testing/secret-scan';
import { createVault } from '@/lib/vault/vault';
import type * as Actions from './credentials';

/** The credentials actions as an admin calls them: field errors, grants checked against real tools, nothing secret in answers or logs. */
const session = vi.hoisted(() => ({ userId: '' }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => ({ user: { id: session.userId, sid: '00000000-0000-4000-8000-0000000000aa' } }) }));
vi.mock('@/db/queries/users', async (importOriginal) => ({ ...(await importOriginal<object>()), sessionIsOpen: async () => true }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

let t: TestDb;
let actions: typeof Actions;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64');
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  session.userId = (await insertUser(t.db, { email: 'cred-admin@example.com', name: 'A', passwordHash: 'x', roles: ['admin'] }))!.id;
  actions = await import('./credentials');
});
afterAll(async () => {
  await t?.drop();
});

/** Everything the logger writes while `work` runs. */
async function logsOf(work: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((l) => (lines.push(String(l)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((l) => (lines.push(String(l)), true));
  try {
    await work();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines.join('');
}

const SECRET = 'sk-action-secret-4321';
beforeEach(() => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64');
});

describe('credentials actions', () => {
  it('answer with field errors under secret.<field>, and a taken name on the name field', async () => {
    expect(await actions.createCredential({ name: ' ', secret: { kind: 'api_key', key: '', placement: 'header', name: 'X-Key' } })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { name: ['Enter a name.'], 'secret.key': ['Enter the key.'] },
    });
    const created = await actions.createCredential({ name: 'Payments', secret: { kind: 'api_key', key: SECRET, placement: 'header', name: 'X-Key' } });
    expect(created).toMatchObject({ ok: true, data: { id: expect.any(String) } });
    expect(JSON.stringify(created)).not.toContain(SECRET);
    expect(await actions.createCredential({ name: 'Payments', secret: { kind: 'bearer', token: 'other-token' } })).toMatchObject({ ok: false, fieldErrors: { name: ['This name is already taken.'] } });
  });

  it('grants only subjects that exist; the granted tool can then reveal it', async () => {
    const [tool] = await t.db.insert(tools).values({ name: 'charge', kind: 'http', config: {} }).returning({ id: tools.id });
    const { data } = (await actions.createCredential({ name: 'Granted', secret: { kind: 'bearer', token: SECRET } })) as { data: { id: string } };
    const ghost = { kind: 'tool' as const, id: '99999999-9999-4999-8999-999999999999' };
    expect(await actions.setCredentialGrants({ id: data.id, grants: [{ kind: 'tool', id: tool!.id }, ghost] })).toMatchObject({ ok: false, error: expect.stringContaining('no longer exists') });
    await expect(createVault(t.db).reveal(data.id, { kind: 'tool', id: tool!.id })).rejects.toMatchObject({ code: 'not-granted' });
    expect(await actions.setCredentialGrants({ id: data.id, grants: [{ kind: 'tool', id: tool!.id }] })).toMatchObject({ ok: true });
    expect(await createVault(t.db).reveal(data.id, { kind: 'tool', id: tool!.id })).toEqual({ kind: 'bearer', token: SECRET });
  });

  it('a vanished credential is a plain message, not a server error', async () => {
    const gone = '88888888-8888-4888-8888-888888888888';
    expect(await actions.deleteCredential({ id: gone })).toMatchObject({ ok: false, status: 400, error: 'That credential no longer exists.' });
    expect(await actions.replaceCredentialSecret({ id: gone, secret: { kind: 'bearer', token: SECRET } })).toMatchObject({ ok: false, status: 400 });
  });

  it('a failing save logs the failure without the secret (positive control: the scan sees it when present)', async () => {
    delete process.env.ENCRYPTION_KEY;
    let result: unknown;
    const logged = await logsOf(async () => {
      result = await actions.createCredential({ name: 'No key', secret: { kind: 'basic', username: 'u', password: SECRET } });
    });
    expect(result).toMatchObject({ ok: false, status: 500 });
    expect(logged).toContain('action failed');
    expect(logged).toContain('ENCRYPTION_KEY is not set');
    expect(scanText('log', logged, [SECRET])).toEqual([]);
    expect(scanText('log', `${logged}{"password":"${SECRET}"}`, [SECRET])).toHaveLength(1);
  });
});
