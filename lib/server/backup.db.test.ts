import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedDb } from '@/db/embedded';
import { freePort } from '@/lib/testing/processes';
import { backupDataDir, restoreDataDir } from './backup';

/** `npm run backup`: the embedded database and the secrets, archived and put back. */
const dir = `.data/test-backup-${process.pid}`;
const archive = `${dir}-archive.tar.gz`;
let db: EmbeddedDb | undefined;
afterAll(async () => {
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(archive, { force: true });
});

const query = async (url: string, q: string) => {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await sql.unsafe(q);
  } finally {
    await sql.end();
  }
};

describe('backup and restore of the embedded installation', () => {
  it('refuses while the database runs, archives it once stopped, and restores it with the secrets', async () => {
    const port = await freePort();
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/secrets.json`, '{"authSecret":"a","encryptionKey":"k"}');
    db = await startEmbeddedPostgres({ dataDir: `${dir}/pg`, port, quiet: true });
    await query(db.url, `create table kept (v text); insert into kept values ('before the backup')`);
    expect(() => backupDataDir(dir, archive)).toThrow(/database is running .* stop Baton/);
    await db.stop();
    db = undefined;

    expect(backupDataDir(dir, archive)).toEqual(['pg', 'secrets.json']);
    expect(statSync(archive).mode & 0o077).toBe(0);

    // Later changes, then the restore brings back the backed-up state and keeps what it replaced.
    db = await startEmbeddedPostgres({ dataDir: `${dir}/pg`, port, quiet: true });
    await query(db.url, `insert into kept values ('after the backup')`);
    expect(() => restoreDataDir(dir, archive)).toThrow(/database is running/);
    await db.stop();
    writeFileSync(`${dir}/secrets.json`, '{"changed":true}');
    const kept = restoreDataDir(dir, archive, new Date('2026-01-02T03:04:05Z'));
    expect(kept).toMatch(/pg\.replaced-2026-01-02T03-04-05-000Z$/);
    expect(existsSync(kept!)).toBe(true);
    expect(readFileSync(`${dir}/secrets.json`, 'utf8')).toBe('{"authSecret":"a","encryptionKey":"k"}');

    db = await startEmbeddedPostgres({ dataDir: `${dir}/pg`, port, quiet: true });
    expect((await query(db.url, 'select v from kept order by v')).map((r) => r.v)).toEqual(['before the backup']);
  }, 90_000);

  it('says what is wrong when there is nothing to back up or restore', () => {
    expect(() => backupDataDir(`${dir}-absent`, archive)).toThrow(/No embedded database under/);
    expect(() => restoreDataDir(dir, `${dir}-no-such.tar.gz`)).toThrow(/No backup at/);
  });
});
