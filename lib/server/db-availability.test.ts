import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable, withinDbWait } from './db-availability';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('knows the errors of a database that is away', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', '57P01', '57P03', '08006']) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new DatabaseUnavailableError())).toBe(true);
  });

  it('knows node-postgres (graphile-worker) losing its connection, which has words but no code', () => {
    for (const m of ['Connection terminated unexpectedly', 'Connection terminated', 'Client has encountered a connection error and is not queryable']) {
      expect(isDatabaseUnavailable(new Error(m)), m).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated by the user code, not the server!'))).toBe(false);
  });

  it('finds them wrapped (drizzle sets cause; Node joins the refusals of each address)', () => {
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: coded('ECONNREFUSED') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe(true);
  });

  it('recognises the error class of another copy of this module by name (Next bundles its own)', () => {
    const other = new Error('x');
    other.name = 'DatabaseUnavailableError';
    expect(isDatabaseUnavailable(other)).toBe(true);
  });

  it('leaves query errors alone: they are the caller\'s to report', () => {
    for (const code of ['23505', '42P01', '22P02']) expect(isDatabaseUnavailable(coded(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('plain'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe('withinDbWait', () => {
  it('passes a timely answer through', async () => {
    await expect(withinDbWait(Promise.resolve(42), 1_000)).resolves.toBe(42);
  });

  it('turns a database that does not answer into DatabaseUnavailableError after the bound', async () => {
    const t0 = Date.now();
    const err = await withinDbWait(new Promise(() => {}), 50).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toBe('The database did not answer within 50 ms');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
  });

  it('rethrows a query error as it is', async () => {
    const bad = coded('42P01', 'relation "nope" does not exist');
    await expect(withinDbWait(Promise.reject(bad), 1_000)).rejects.toBe(bad);
  });
});
