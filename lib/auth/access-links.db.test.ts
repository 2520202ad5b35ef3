import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { eq } from 'drizzle-orm';
import { signInLimits } from '@/db/schema';
import { findUserById, insertUser, updateUser } from '@/db/queries/users';
import { ACCESS_LINK_TTL_MS, createAccessLink, findOpenAccessLink, spendAccessLink } from './access-links';
import { checkSignIn } from '@/lib/auth/sign-in-check';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const invited = async (email: string) => (await insertUser(t.db, { email, name: 'New Person', passwordHash: null, roles: ['reviewer'] }))!;

describe('one-time access links', () => {
  it('an invited user cannot sign in until they choose a password through the link, which then works once', async () => {
    const user = await invited('inv@example.com');
    expect(await checkSignIn(t.db, 'inv@example.com', 'anything-at-all', '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
    const { token, expiresAt } = await createAccessLink(t.db, { userId: user.id, purpose: 'invite' });
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(ACCESS_LINK_TTL_MS.invite - 60_000);
    expect(await findOpenAccessLink(t.db, token)).toMatchObject({ userId: user.id, email: 'inv@example.com', purpose: 'invite' });

    const before = Date.now();
    expect(await spendAccessLink(t.db, token, 'hash-1')).toEqual({ userId: user.id, email: 'inv@example.com' });
    const after = await findUserById(t.db, user.id);
    expect(after?.passwordHash).toBe('hash-1');
    // Sessions issued before the new password are void from now on (whole seconds, as tokens).
    const cutOff = after?.sessionsValidFrom?.getTime() ?? 0;
    expect(cutOff % 1000).toBe(0);
    expect(cutOff).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(cutOff).toBeLessThanOrEqual(Date.now());
    expect(await findOpenAccessLink(t.db, token)).toBeUndefined();
    expect(await spendAccessLink(t.db, token, 'hash-2')).toBeUndefined();
    expect((await findUserById(t.db, user.id))?.passwordHash).toBe('hash-1');
  });

  it('an expired link and an unknown token do nothing', async () => {
    const user = await invited('late@example.com');
    const { token } = await createAccessLink(t.db, { userId: user.id, purpose: 'reset', now: new Date(Date.now() - ACCESS_LINK_TTL_MS.reset - 1000) });
    expect(await findOpenAccessLink(t.db, token)).toBeUndefined();
    expect(await spendAccessLink(t.db, token, 'h')).toBeUndefined();
    expect(await spendAccessLink(t.db, 'x'.repeat(43), 'h')).toBeUndefined();
    expect((await findUserById(t.db, user.id))?.passwordHash).toBeNull();
  });

  it('a newer link replaces the older one', async () => {
    const user = await invited('twice@example.com');
    const first = await createAccessLink(t.db, { userId: user.id, purpose: 'invite' });
    const second = await createAccessLink(t.db, { userId: user.id, purpose: 'invite' });
    expect(await findOpenAccessLink(t.db, first.token)).toBeUndefined();
    expect(await spendAccessLink(t.db, first.token, 'h')).toBeUndefined();
    expect(await spendAccessLink(t.db, second.token, 'h2')).toMatchObject({ userId: user.id });
  });

  it('a disabled account cannot use its link, and the link is not spent by trying', async () => {
    const user = await invited('off@example.com');
    const { token } = await createAccessLink(t.db, { userId: user.id, purpose: 'invite' });
    await updateUser(t.db, user.id, { disabled: true });
    expect(await findOpenAccessLink(t.db, token)).toBeUndefined();
    expect(await spendAccessLink(t.db, token, 'h')).toBeUndefined();
    expect((await findUserById(t.db, user.id))?.passwordHash).toBeNull();
    await updateUser(t.db, user.id, { disabled: false });
    expect(await spendAccessLink(t.db, token, 'h')).toMatchObject({ userId: user.id });
  });

  it('two submissions of the same link at once: exactly one sets the password', async () => {
    const user = await invited('race@example.com');
    const { token } = await createAccessLink(t.db, { userId: user.id, purpose: 'invite' });
    const results = await Promise.all([spendAccessLink(t.db, token, 'a'), spendAccessLink(t.db, token, 'b'), spendAccessLink(t.db, token, 'c')]);
    const winners = results.filter(Boolean);
    expect(winners).toHaveLength(1);
    const hash = (await findUserById(t.db, user.id))?.passwordHash;
    expect(['a', 'b', 'c'][results.findIndex(Boolean)]).toBe(hash);
  });

  it('a reset lifts the rate limit on the account', async () => {
    const user = await invited('locked@example.com');
    for (let i = 0; i < 6; i++) await checkSignIn(t.db, 'locked@example.com', 'guess', '10.0.0.9');
    expect(await checkSignIn(t.db, 'locked@example.com', 'guess', '10.0.0.9')).toMatchObject({ ok: false, reason: 'rate_limited' });
    const { token } = await createAccessLink(t.db, { userId: user.id, purpose: 'reset' });
    await spendAccessLink(t.db, token, 'h');
    expect(await t.db.select().from(signInLimits).where(eq(signInLimits.email, 'locked@example.com'))).toEqual([]);
    expect(await checkSignIn(t.db, 'locked@example.com', 'guess', '10.0.0.9')).toEqual({ ok: false, reason: 'invalid' });
  });
});
