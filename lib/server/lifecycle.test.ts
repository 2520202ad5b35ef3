import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLifecycle, Stopping } from './lifecycle';

describe('the launcher lifecycle', () => {
  it('stops what started, newest first, then exits 0', async () => {
    const order: string[] = [];
    let exited: number | undefined;
    const life = createLifecycle({ signals: false, exit: (c) => (exited = c) });
    await life.started(Promise.resolve('db'), (v) => order.push(v));
    await life.started(Promise.resolve('worker'), async (v) => order.push(v));
    await life.stop('SIGTERM');
    expect(order).toEqual(['worker', 'db']);
    expect(exited).toBe(0);
  });

  it('a stop during start-up still stops the part that was starting, and ends start-up', async () => {
    const order: string[] = [];
    const life = createLifecycle({ signals: false, exit: () => {} });
    await life.started(Promise.resolve('db'), (v) => order.push(v));
    let ready!: (v: string) => void;
    const starting = life.started(new Promise<string>((r) => (ready = r)), (v) => order.push(v));
    const stopped = life.stop('SIGTERM');
    ready('server');
    await expect(starting).rejects.toBeInstanceOf(Stopping);
    await stopped;
    expect(order).toEqual(['server', 'db']);
  });

  it('exits 1 at the bound when a part never finishes stopping (a database that does not answer)', async () => {
    let overrun = 0;
    let exited!: (code: number) => void;
    const code = new Promise<number>((r) => (exited = r));
    const life = createLifecycle({ signals: false, withinMs: 50, onOverrun: () => overrun++, exit: (c) => exited(c) });
    await life.started(Promise.resolve('db'), () => new Promise(() => {}));
    void life.stop('SIGTERM');
    expect(await code).toBe(1);
    expect(overrun).toBe(1);
  });

  it('ends an adopted child process group (a first build) on a stop', async () => {
    const life = createLifecycle({ signals: false, exit: () => {} });
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
    life.adopt(child);
    await life.stop('SIGTERM');
    expect(await exited).toBe('SIGTERM');
  });
});
