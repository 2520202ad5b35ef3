import 'server-only';
import type { Sql } from '@/db/client';
import { PROGRESS_CHANNEL } from '@/db/channels';
import type { ProgressMessage } from '@/lib/sse/progress-wire';
import type { ProgressSink, ProgressSource } from './step-context';

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; keep each message well below. */
const MAX_PAYLOAD_BYTES = 7_600;
const MAX_NOTE_CHARS = 1_000;

type Pending = { key: string; at: ProgressSource; text: string; notes: string[]; timer?: ReturnType<typeof setTimeout>; chain: Promise<void> };

/**
 * Sends steps' live output to viewers over PROGRESS_CHANNEL, whichever process runs the step:
 * deltas are batched per attempt (at most every `intervalMs`, and at once when a batch fills a
 * NOTIFY payload), sent in order, and dropped on failure — progress is shown, never stored or
 * replayed; the committed output is what counts.
 */
export function progressNotifier(sql: Sql, opts: { intervalMs?: number } = {}): ProgressSink & { flush: () => Promise<void> } {
  const intervalMs = opts.intervalMs ?? 50;
  const pending = new Map<string, Pending>();
  // One counter for the process: messages of one attempt carry increasing numbers.
  const seq = { next: 0 };

  const send = (p: Pending) => {
    clearTimeout(p.timer);
    p.timer = undefined;
    const messages = batches(p, seq);
    p.text = '';
    p.notes = [];
    for (const m of messages) {
      p.chain = p.chain.then(() =>
        sql.notify(PROGRESS_CHANNEL, JSON.stringify(m)).then(
          () => undefined,
          () => undefined,
        ),
      );
    }
    const sent = p.chain;
    // An attempt that went quiet leaves nothing behind; the next delta starts a fresh entry.
    void sent.then(() => {
      if (p.chain === sent && !p.timer && !p.text && !p.notes.length && pending.get(p.key) === p) pending.delete(p.key);
    });
    return sent;
  };

  const sink = ((at, progress) => {
    const key = `${at.runId}:${at.stepId}:${at.attempt}`;
    let p = pending.get(key);
    if (!p) pending.set(key, (p = { key, at, text: '', notes: [], chain: Promise.resolve() }));
    if (progress.type === 'text') p.text += progress.delta;
    else p.notes.push(progress.message.slice(0, MAX_NOTE_CHARS));
    if (Buffer.byteLength(p.text) >= MAX_PAYLOAD_BYTES) void send(p);
    else p.timer ??= setTimeout(() => void send(p), intervalMs);
  }) as ProgressSink & { flush: () => Promise<void> };

  /** Sends what is buffered now (tests; a stopping process). */
  sink.flush = async () => {
    await Promise.all([...pending.values()].map(send));
  };
  return sink;
}

/** Splits one buffered batch into messages whose JSON stays under the NOTIFY limit. */
function batches(p: Pending, seq: { next: number }): ProgressMessage[] {
  const out: ProgressMessage[] = [];
  const base = { runId: p.at.runId, stepId: p.at.stepId, attempt: p.at.attempt };
  const budget = MAX_PAYLOAD_BYTES - Buffer.byteLength(JSON.stringify({ ...base, seq: Number.MAX_SAFE_INTEGER, text: '' }));
  let chunk = '';
  let bytes = 0;
  for (const ch of p.text) {
    const size = Buffer.byteLength(JSON.stringify(ch)) - 2;
    if (bytes + size > budget) {
      out.push({ ...base, seq: seq.next++, text: chunk });
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  if (chunk) out.push({ ...base, seq: seq.next++, text: chunk });
  // A note (≤ MAX_NOTE_CHARS, so ≤ 6 bytes a character escaped) travels alone and always fits.
  for (const note of p.notes) out.push({ ...base, seq: seq.next++, notes: [note] });
  return out;
}
