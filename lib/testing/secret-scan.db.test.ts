import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { scanDatabase, scanText } from './secret-scan';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

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
