import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { findUserById, insertUser, updateUser } from '@/db/queries/users';
import { hashPassword } from './password';
import { checkSignIn, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from './sign-in-check';

let t: TestDb;
let userId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const u = await insertUser(t.db, { email: 'Someone@Example.com', name: 'S', passwordHash: await hashPassword('correct horse'), roles: ['analyst'] });
  userId = u!.id;
});
afterAll(() => t.drop());

describe('checkSignIn', () => {
  it('accepts the right password, case-insensitively on the email, and keeps the time for admins', async () => {
    expect((await findUserById(t.db, userId))?.lastSignInAt).toBeNull();
    expect(await checkSignIn(t.db, 'someone@example.com', 'wrong one', '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
    expect((await findUserById(t.db, userId))?.lastSignInAt).toBeNull();
    const before = Date.now();
    expect(await checkSignIn(t.db, 'someone@example.com', 'correct horse', '10.0.0.1')).toEqual({ ok: true, userId });
    expect((await findUserById(t.db, userId))?.lastSignInAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    expect(await checkSignIn(t.db, 'nobody@example.com', 'x', '10.0.0.2')).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkSignIn(t.db, 'someone@example.com', 'x', '10.0.0.2')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a disabled account with the same answer', async () => {
    await updateUser(t.db, userId, { disabled: true });
    expect(await checkSignIn(t.db, 'someone@example.com', 'correct horse', '10.0.0.3')).toEqual({ ok: false, reason: 'invalid' });
    await updateUser(t.db, userId, { disabled: false });
  });

  it('rate-limits an account after repeated failures, even with the right password', async () => {
    const email = 'someone@example.com';
    await checkSignIn(t.db, email, 'correct horse', '10.0.1.1'); // success clears earlier failures
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await checkSignIn(t.db, email, 'wrong', `10.0.1.${i + 10}`);
    expect(await checkSignIn(t.db, email, 'correct horse', '10.0.1.99')).toEqual({ ok: false, reason: 'rate_limited' });
  });

  it('rate-limits an address that guesses across many accounts', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await checkSignIn(t.db, `guess${i}@example.com`, 'x', ip);
    expect(await checkSignIn(t.db, 'fresh@example.com', 'x', ip)).toEqual({ ok: false, reason: 'rate_limited' });
    expect(await checkSignIn(t.db, 'fresh@example.com', 'x', '10.9.9.10')).toEqual({ ok: false, reason: 'invalid' });
  });
});
