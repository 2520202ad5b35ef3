// Started by stdio-exit.test.ts as its own process: starts a stdio child that would never end on
// its own (it ignores stdin closing), prints the child's pid, then exits without closing it.
import { BatonStdioTransport } from '@/lib/mcp/stdio-transport';

const transport = new BatonStdioTransport({
  command: process.execPath,
  args: ['-e', 'process.stdin.resume(); process.stdin.on("end", () => {}); setInterval(() => {}, 1000)'],
  env: { PATH: process.env.PATH ?? '' },
  cwd: process.cwd(),
  maxMessageBytes: 1024,
  stderrTailBytes: 1024,
});
await transport.start();
process.stdout.write(`${transport.pid}\n`);
process.exit(0);
