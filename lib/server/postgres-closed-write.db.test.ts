import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';

/**
 * postgres.js 3.4.9 defers a write under 1 KB to `setImmediate(nextWrite)`. A write made after
 * the connection closed (a transaction's ROLLBACK on a backend that pg_terminate_backend ended)
 * ran `socket.write` on a null socket from that timer: an uncaught TypeError that ended the
 * worker process (docs/RELIABILITY.md finding 11; porsager/postgres#1208). patches/ guards it:
 * the write settles its query with CONNECTION_CLOSED and the connection reconnects.
 *
 * The driver runs in a child process so that the crash, when it happens, ends only that process.
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

// Each repetition cuts the transaction's own backend under it, so the ROLLBACK that the driver
// sends next is written to a closed connection. One pooled connection (max: 1) is reused after
// every cut, so a connection left unable to write, or carrying the cut query's state, would show
// in the next repetition or in the last query.
const childScript = `
import postgres from 'postgres';
const sql = postgres(process.env.CUT_URL, { max: 1, onnotice() {}, connect_timeout: 5 });
const codes = [];
for (let i = 0; i < 5; i++) {
  try {
    await sql.begin(async (tx) => {
      await tx\`select 1\`;
      await tx\`select pg_terminate_backend(pg_backend_pid())\`;
    });
    codes.push('committed');
  } catch (e) {
    codes.push(e.code ?? e.message);
  }
}
const [{ n }] = await sql\`select 7 as n\`;
await sql.end({ timeout: 5 });
console.log(JSON.stringify({ codes, n }));
`;

function runChild(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', childScript], {
      cwd: process.cwd(),
      env: { ...process.env, CUT_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 45_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a write to a connection that pg_terminate_backend closed', () => {
  it('rejects the query with CONNECTION_CLOSED instead of ending the process, and the connection is usable again', async () => {
    const { code, stdout, stderr } = await runChild(t.url);
    expect(stderr).not.toContain("reading 'write'");
    expect(code).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { codes: string[]; n: number };
    // Every transaction fails with the cut, as an error the caller can catch and classify, and
    // nothing of the cut query (its ErrorResponse, its row count) leaks into the next one.
    expect(result.codes).toEqual(Array(5).fill('CONNECTION_CLOSED'));
    expect(result.n).toBe(7);
  }, 60_000);
});
