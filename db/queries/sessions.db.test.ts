import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { closeSession, insertUser, openSession, sessionIsOpen } from './users';

let t: TestDb;
let userId: string;
let otherId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  userId = (await insertUser(t.db, { email: 's@example.com', name: 'S', passwordHash: null, roles: ['analyst'] }))!.id;
  otherId = (await insertUser(t.db, { email: 'o@example.com', name: 'O', passwordHash: null, roles: ['analyst'] }))!.id;
});
afterAll(() => t.drop());

describe('sessions', () => {
  it('sign-out closes one session; the same user elsewhere stays signed in', async () => {
    const laptop = await openSession(t.db, userId, 60_000);
    const phone = await openSession(t.db, userId, 60_000);
    expect(await sessionIsOpen(t.db, laptop, userId)).toBe(true);
    await closeSession(t.db, laptop);
    expect(await sessionIsOpen(t.db, laptop, userId)).toBe(false);
    expect(await sessionIsOpen(t.db, phone, userId)).toBe(true);
  });

  it("a session id is good only for its own user, until it expires, and garbage is simply not open", async () => {
    const now = new Date();
    const sid = await openSession(t.db, userId, 60_000, now);
    expect(await sessionIsOpen(t.db, sid, otherId, now)).toBe(false);
    expect(await sessionIsOpen(t.db, sid, userId, new Date(now.getTime() + 61_000))).toBe(false);
    expect(await sessionIsOpen(t.db, "'; drop table users; --", userId)).toBe(false);
    await closeSession(t.db, 'not-a-uuid');
  });
});
