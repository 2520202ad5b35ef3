import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { findUserById, insertUser, updateUser } from '@/db/queries/users';
import { hashPassword } from './password';
import { checkSignIn, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_PAIR, PAIR_LOCK_MS, SLOW_DOWN_MS } from './sign-in-check';

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

  it('locks an account + address pair after repeated failures, even with the right password, with back-off', async () => {
    const email = 'someone@example.com';
    const ip = '10.0.1.1';
    const t0 = new Date();
    expect(await checkSignIn(t.db, email, 'correct horse', ip, { now: t0 })).toMatchObject({ ok: true }); // a success clears earlier failures
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) expect(await checkSignIn(t.db, email, 'wrong', ip, { now: t0 })).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkSignIn(t.db, email, 'correct horse', ip, { now: t0 })).toEqual({ ok: false, reason: 'rate_limited', retryAfterMs: PAIR_LOCK_MS });
    // Another address is not locked out: the owner signs in from there.
    expect(await checkSignIn(t.db, email, 'correct horse', '10.0.1.2', { now: t0 })).toMatchObject({ ok: true });
    // The success from elsewhere forgave the account's failures; fail again to lock the pair twice.
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) await checkSignIn(t.db, email, 'wrong', ip, { now: t0 });
    const t1 = new Date(t0.getTime() + PAIR_LOCK_MS + 1000);
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) expect(await checkSignIn(t.db, email, 'wrong', ip, { now: t1 })).toEqual({ ok: false, reason: 'invalid' });
    // The second lock lasts twice as long.
    expect(await checkSignIn(t.db, email, 'correct horse', ip, { now: t1 })).toEqual({ ok: false, reason: 'rate_limited', retryAfterMs: 2 * PAIR_LOCK_MS });
    const t2 = new Date(t1.getTime() + 2 * PAIR_LOCK_MS + 1000);
    expect(await checkSignIn(t.db, email, 'correct horse', ip, { now: t2 })).toMatchObject({ ok: true });
  });

  it('counts parallel attempts exactly: 30 at once on one pair get 5 checked', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => checkSignIn(t.db, 'someone@example.com', 'wrong', '10.0.2.1')));
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(MAX_FAILURES_PER_PAIR);
    expect(results.filter((r) => !r.ok && r.reason === 'rate_limited')).toHaveLength(30 - MAX_FAILURES_PER_PAIR);
    expect(await checkSignIn(t.db, 'someone@example.com', 'correct horse', '10.0.2.2')).toMatchObject({ ok: true });
  });

  it('slows an account down beyond 50 failures an hour from many addresses, and never locks it', async () => {
    const email = 'someone@example.com';
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const results = await Promise.all(Array.from({ length: MAX_FAILURES_PER_ACCOUNT }, (_, i) => checkSignIn(t.db, email, 'wrong', `10.0.3.${i}`, { sleep })));
    expect(results.every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
    expect(waits).toEqual([]);
    expect(await checkSignIn(t.db, email, 'wrong', '10.0.4.1', { sleep })).toEqual({ ok: false, reason: 'invalid' });
    expect(waits).toEqual([SLOW_DOWN_MS]);
    expect(await checkSignIn(t.db, email, 'correct horse', '10.0.4.2', { sleep })).toMatchObject({ ok: true });
    expect(waits).toEqual([SLOW_DOWN_MS, SLOW_DOWN_MS]);
    // The success forgave the account's failures: no more waiting.
    expect(await checkSignIn(t.db, email, 'wrong', '10.0.4.3', { sleep })).toEqual({ ok: false, reason: 'invalid' });
    expect(waits).toHaveLength(2);
  });

  it('rate-limits an address that guesses across many accounts', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await checkSignIn(t.db, `guess${i}@example.com`, 'x', ip);
    expect(await checkSignIn(t.db, 'fresh@example.com', 'x', ip)).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(await checkSignIn(t.db, 'fresh@example.com', 'x', '10.9.9.10')).toEqual({ ok: false, reason: 'invalid' });
  });
});
