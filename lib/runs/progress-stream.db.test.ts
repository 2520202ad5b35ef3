import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { openDb } from '@/db/client';
import { PROGRESS_CHANNEL } from '@/db/channels';
import { decodeProgress, type ProgressMessage } from '@/lib/sse/progress-wire';
import { progressNotifier } from './progress-stream';

let t: TestDb;
let listener: TestDb['sql'];
const heard: { raw: string; m: ProgressMessage | null }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  // A second connection pool stands in for the web process that relays to viewers.
  listener = openDb(t.url, 1).sql;
  await listener.listen(PROGRESS_CHANNEL, (raw) => heard.push({ raw, m: decodeProgress(raw) }));
});
afterAll(async () => {
  await listener.end({ timeout: 5 });
  await t.drop();
});

const of = (runId: string) => heard.filter((h) => h.m?.runId === runId).map((h) => h.m!);
const textOf = (runId: string) => of(runId).map((m) => m.text ?? '').join('');

describe('live step output over NOTIFY', () => {
  it('batches many small deltas into few messages, in order, across processes', async () => {
    const sink = progressNotifier(t.sql, { intervalMs: 50 });
    const at = { runId: 'run-a', stepId: 'llm', attempt: 1 };
    const words = Array.from({ length: 500 }, (_, i) => `w${i} `);
    for (const w of words) sink(at, { type: 'text', delta: w });
    await sink.flush();
    await vi.waitFor(() => expect(textOf('run-a')).toBe(words.join('')), { timeout: 10_000 });
    // 500 deltas emitted within one interval travel as one batch, not 500 notifications.
    expect(of('run-a').length).toBeLessThan(5);
    const seqs = of('run-a').map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('sends a batch once its interval passes, without a flush', async () => {
    const sink = progressNotifier(t.sql, { intervalMs: 20 });
    sink({ runId: 'run-b', stepId: 'llm', attempt: 2 }, { type: 'text', delta: 'Hello' });
    await vi.waitFor(() => expect(of('run-b')).toEqual([expect.objectContaining({ stepId: 'llm', attempt: 2, text: 'Hello' })]), { timeout: 10_000 });
  });

  it('splits a large delta into payloads PostgreSQL accepts, without cutting a character', async () => {
    const sink = progressNotifier(t.sql);
    const at = { runId: 'run-c', stepId: 'llm', attempt: 1 };
    // Characters of 1–4 UTF-8 bytes and ones JSON escapes, 60 KB in all: NOTIFY refuses ≥ 8,000 bytes.
    const big = 'aé€😀"\n\\'.repeat(4_000);
    sink(at, { type: 'text', delta: big });
    await sink.flush();
    await vi.waitFor(() => expect(textOf('run-c')).toBe(big), { timeout: 10_000 });
    const raws = heard.filter((h) => h.m?.runId === 'run-c').map((h) => h.raw);
    expect(raws.length).toBeGreaterThan(5);
    for (const r of raws) expect(Buffer.byteLength(r)).toBeLessThan(8_000);
  });

  it('carries notes beside text, each in a payload of its own', async () => {
    const sink = progressNotifier(t.sql);
    const at = { runId: 'run-d', stepId: 'agent', attempt: 1 };
    sink(at, { type: 'note', message: 'calling tool lookup' });
    sink(at, { type: 'text', delta: 'partial' });
    sink(at, { type: 'note', message: 'x'.repeat(5_000) });
    await sink.flush();
    await vi.waitFor(() => expect(of('run-d').flatMap((m) => m.notes ?? [])).toHaveLength(2), { timeout: 10_000 });
    expect(textOf('run-d')).toBe('partial');
    expect(of('run-d').flatMap((m) => m.notes ?? [])[1]).toHaveLength(1_000);
  });
});
