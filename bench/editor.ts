/**
 * `npm run bench:editor`: opens a 500-step flow in Chromium against Baton as `npm start` runs it,
 * and measures what an analyst feels: time from navigation to every node on the canvas (5 loads),
 * and frame times while panning, zooming and dragging a node (requestAnimationFrame deltas).
 * Writes docs/BENCHMARKS.md. Loopback only; bounded loops.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { chromium, type Page } from '@playwright/test';
import { startApp } from './lib/app';
import { writeBenchmarkSection } from './lib/benchmarks-md';

const N = 500;
const COLS = 25;
const LOADS = 5;

function bigFlow() {
  const steps = [{ id: 'start', type: 'manual-trigger', config: {}, position: { x: 0, y: 0 } }];
  for (let i = 1; i < N; i++) {
    steps.push({ id: `s${i}`, type: 'transform', config: { assignments: [{ name: `f${i}`, value: `{{ input.count + ${i} }}` }], keepInput: true } as never, position: { x: (i % COLS) * 240, y: Math.floor(i / COLS) * 120 } });
  }
  const edges = steps.slice(1).map((s, i) => ({ from: steps[i]!.id, to: s.id, port: 'out' }));
  return { version: 1, steps, edges, notes: [], settings: {} };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** Frame-time deltas recorded in the page while `act` runs. */
async function frames(page: Page, act: () => Promise<void>): Promise<number[]> {
  // Strings, not functions: tsx's transform would leave helper calls the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await act();
  return page.evaluate<number[]>('(() => { window.__stop = true; return window.__frames.slice(1); })()');
}

async function main() {
  const app = await startApp({ port: 3360, pgPort: 54395, dataDir: '.data/bench-editor', fresh: true });
  const sql = postgres(app.dbUrl, { max: 1 });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const [flow] = await sql<{ id: string }[]>`insert into flows (name, draft, webhook_key) values ('Bench 500 steps', ${JSON.stringify(bigFlow())}::jsonb, ${randomBytes(18).toString('base64url')}) returning id`;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('analyst@example.com');
    await page.getByLabel('Password').fill('baton-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));

    const opens: number[] = [];
    for (let i = 0; i <= LOADS; i++) {
      const t0 = Date.now();
      await page.goto(`${app.baseUrl}/flows/${flow!.id}`, { waitUntil: 'commit' });
      await page.waitForFunction(`document.querySelectorAll('.react-flow__node').length >= ${N} && !document.querySelector('.react-flow__node[style*="visibility: hidden"]')`, undefined, { timeout: 60_000, polling: 'raf' });
      if (i > 0) opens.push(Date.now() - t0); // the first load warms the server's caches
    }

    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const pan = await frames(page, async () => {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(cx + Math.sin(i / 6) * 200, cy + Math.cos(i / 6) * 120);
      await page.mouse.up();
    });
    const zoom = await frames(page, async () => {
      await page.mouse.move(cx, cy);
      for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? -120 : 120);
    });
    const node = page.getByTestId('node.s30');
    const nb = (await node.boundingBox())!;
    const drag = await frames(page, async () => {
      await page.mouse.move(nb.x + 20, nb.y + 10);
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(nb.x + 20 + i * 3, nb.y + 10 + Math.sin(i / 5) * 40);
      await page.mouse.up();
    });

    const row = (name: string, f: number[]) => `| ${name} | ${f.length} | ${pct(f, 50).toFixed(1)} | ${pct(f, 95).toFixed(1)} | ${Math.max(...f).toFixed(0)} | ${f.filter((x) => x > 50).length} |`;
    const commit = execSync('git rev-parse --short HEAD').toString().trim();
    const lines = [
      '## Editor (bench:editor)',
      '',
      `A ${N}-step flow (a chain on a ${COLS}-column grid) in Debian Chromium (headless, no GPU), 1440×900, production build, commit ${commit}.`,
      '',
      `- **Open** (navigation to every node measured and on the canvas), ${LOADS} loads after one warm-up: p50 **${pct(opens, 50)} ms**, max ${Math.max(...opens)} ms (target < 1,000 ms).`,
      '',
      '| interaction | frames | p50 frame (ms) | p95 frame (ms) | worst (ms) | frames over 50 ms |',
      '|---|---|---|---|---|---|',
      row('pan (drag the canvas, 60 moves)', pan),
      row('zoom (30 wheel steps)', zoom),
      row('drag a node (60 moves)', drag),
    ];
    writeBenchmarkSection('editor', lines);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    await sql.end();
    await app.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
