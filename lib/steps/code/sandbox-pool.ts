import 'server-only';
import { Worker } from 'node:worker_threads';
import { NonRetriableError, StepFailure, StepTimeoutError } from '../errors';

type Job = { id: number; code: string; inputJson: string; timeoutMs: number; memoryMb: number };
type Reply = { id: number; ok: boolean; json?: string; kind?: string; message?: string; logs: string[] };
type Slot = { worker: Worker; ready: Promise<void>; busy: boolean };

const POOL_SIZE = 2;
const slots: Slot[] = [];
const waiting: (() => void)[] = [];
let nextId = 1;

function spawn(): Slot {
  const worker = new Worker(new URL('./sandbox-worker.mjs', import.meta.url));
  worker.unref();
  const ready = new Promise<void>((resolve) => worker.once('message', () => resolve()));
  return { worker, ready, busy: false };
}

async function acquire(): Promise<Slot> {
  for (;;) {
    const idle = slots.find((s) => !s.busy);
    if (idle) return (idle.busy = true), idle;
    if (slots.length < POOL_SIZE) {
      const s = spawn();
      slots.push(s);
      s.busy = true;
      return s;
    }
    await new Promise<void>((r) => waiting.push(r));
  }
}

function release(slot: Slot) {
  slot.busy = false;
  waiting.shift()?.();
}

/**
 * Runs code in a QuickJS sandbox on a worker thread, so a busy loop never blocks the server's
 * event loop. The time limit is enforced inside QuickJS and, as a backstop, by terminating
 * the thread.
 */
export async function runInSandbox(code: string, input: unknown, opts: { timeoutMs: number; memoryMb: number; signal?: AbortSignal }) {
  const slot = await acquire();
  await slot.ready;
  const job: Job = { id: nextId++, code, inputJson: JSON.stringify(input ?? null), timeoutMs: opts.timeoutMs, memoryMb: opts.memoryMb };
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const backstop = setTimeout(() => reject(new StepTimeoutError(`Code ran longer than ${opts.timeoutMs} ms`)), opts.timeoutMs + 1000);
      const onAbort = () => reject(new StepFailure('Cancelled'));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const onMessage = (m: Reply) => {
        if (m.id !== job.id) return;
        clearTimeout(backstop);
        opts.signal?.removeEventListener('abort', onAbort);
        slot.worker.off('message', onMessage);
        resolve(m);
      };
      slot.worker.on('message', onMessage);
      slot.worker.postMessage(job);
    });
    if (!reply.ok) {
      const Err = reply.kind === 'StepTimeoutError' ? StepTimeoutError : reply.kind === 'NonRetriableError' ? NonRetriableError : StepFailure;
      throw Object.assign(new Err(reply.message ?? 'Code failed'), { details: { logs: reply.logs } });
    }
    return { output: reply.json === undefined ? null : JSON.parse(reply.json), logs: reply.logs };
  } catch (err) {
    if (err instanceof StepTimeoutError || (err as StepFailure).message === 'Cancelled') {
      // The thread may still be spinning: replace it.
      const i = slots.indexOf(slot);
      void slot.worker.terminate();
      if (i >= 0) slots.splice(i, 1);
      waiting.shift()?.();
      throw err;
    }
    throw err;
  } finally {
    if (slots.includes(slot)) release(slot);
  }
}
