import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded';
import { freePort } from '@/lib/testing/processes';

const dir = `.data/test-embedded-${process.pid}`;
let db: EmbeddedDb | undefined;
afterAll(async () => {
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded PostgreSQL start-up', () => {
  it('recovers from a SIGKILLed owner: the orphaned server is stopped and a new one starts', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'db/testing/embedded-child.ts', dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const orphan = Number(readFileSync(`${dir}/postmaster.pid`, 'utf8').split('\n')[0]);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(alive(orphan)).toBe(true);

    db = await startEmbeddedPostgres({ dataDir: dir, port, quiet: true });
    expect(alive(orphan)).toBe(false);
    const sql = postgres(db.url, { max: 1 });
    const [row] = await sql<{ one: number }[]>`select 1 as one`;
    await sql.end();
    expect(row?.one).toBe(1);
    await db.stop();
    db = undefined;
  }, 60_000);

  it('starts over a stale postmaster.pid whose process is gone', async () => {
    const port = await freePort();
    expect(existsSync(`${dir}/PG_VERSION`)).toBe(true);
    writeFileSync(`${dir}/postmaster.pid`, `999999\n${process.cwd()}/${dir}\n`);
    db = await startEmbeddedPostgres({ dataDir: dir, port, quiet: true });
    const sql = postgres(db.url, { max: 1 });
    expect((await sql`select 1 as one`)[0]?.one).toBe(1);
    await sql.end();
  }, 60_000);
});
