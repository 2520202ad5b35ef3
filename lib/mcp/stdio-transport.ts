import 'server-only';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export type StdioLaunch = {
  command: string;
  args: readonly string[];
  /** The child's whole environment: nothing of Baton's process.env is added to it. */
  env: Record<string, string>;
  cwd: string;
  /** Largest single message accepted on stdout (bytes); a bigger one closes the connection. */
  maxMessageBytes: number;
  /** How much of stderr is kept (the tail, for the "last error"); the rest is discarded. */
  stderrTailBytes: number;
};

/** Children still running in this process, stopped when it exits however it exits. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function stopAllOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

/** Each child leads its own process group, so a runner (npx) and the server it starts stop together. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals, evenIfLeaderExited = false) {
  if (child.pid === undefined) return;
  if (!evenIfLeaderExited && (child.exitCode !== null || child.signalCode !== null)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * The MCP stdio transport with Baton's rules, instead of the SDK's StdioClientTransport (which
 * always adds HOME, USER, SHELL… from the parent): the environment is exactly the one given, the
 * child runs in its own process group and working directory, stdout messages are size-capped and
 * stderr is kept only as a bounded tail.
 */
export class BatonStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child?: ChildProcess;
  private readonly buffer: ReadBuffer;
  private tail = '';
  private closed = false;

  constructor(private readonly launch: StdioLaunch) {
    this.buffer = new ReadBuffer({ maxBufferSize: launch.maxMessageBytes });
  }

  /** The last `stderrTailBytes` of the child's stderr, for reporting why it failed. */
  stderrTail(): string {
    return this.tail;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('BatonStdioTransport already started');
    stopAllOnExit();
    const { command, args, env, cwd } = this.launch;
    return new Promise((resolve, reject) => {
      // Typed as ProcessEnv only to satisfy the signature: it is the complete environment, nothing merged in.
      const child = spawn(command, [...args], { env: env as NodeJS.ProcessEnv, cwd, stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: true });
      this.child = child;
      child.once('error', (err: NodeJS.ErrnoException) => {
        const error = err.code === 'ENOENT' ? new Error(`command not found: ${command} (not on the PATH given to MCP servers)`) : err;
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => {
        running.add(child);
        resolve();
      });
      child.once('close', () => {
        running.delete(child);
        this.finish();
      });
      child.stdin!.on('error', (err: Error) => this.onerror?.(err));
      child.stdout!.on('data', (chunk: Buffer) => {
        try {
          this.buffer.append(chunk);
          for (let m = this.buffer.readMessage(); m; m = this.buffer.readMessage()) this.onmessage?.(m);
        } catch (err) {
          this.onerror?.(err as Error);
          void this.close();
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        this.tail = (this.tail + chunk.toString('utf8')).slice(-this.launch.stderrTailBytes);
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.closed) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => (stdin.write(serializeMessage(message)) ? resolve() : stdin.once('drain', resolve)));
  }

  /** Ends stdin (a well-behaved server exits), then SIGTERM and SIGKILL to the group if it lingers. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.finish();
    const exited = new Promise<void>((r) => child.once('close', () => r()));
    const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    child.stdin?.end();
    if (!(await within(1000))) {
      killGroup(child, 'SIGTERM');
      if (!(await within(2000))) killGroup(child, 'SIGKILL');
    }
    // A runner's own children may outlive it in the group: make sure none remains.
    killGroup(child, 'SIGKILL', true);
    this.finish();
  }

  private finish() {
    if (this.closed) return;
    this.closed = true;
    this.buffer.clear();
    this.onclose?.();
  }
}
