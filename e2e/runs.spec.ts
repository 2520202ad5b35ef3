import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, storageStateFor } from './fixtures';
import { EditorPage } from './pages/editor-page';

test.use({ storageState: storageStateFor('analyst') });

/** A loopback API the test controls: it holds each request until released. */
async function heldServer() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const arrival = new Promise<void>((r) => (arrived = r));
  const server = http.createServer((_req, res) => {
    arrived();
    void released.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"answer":42}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`, release, arrival, close: () => server.close() };
}

test('a run streams its intermediate status live over SSE, then succeeds', async ({ page }) => {
  const api = await heldServer();
  try {
    await page.goto('/flows');
    await page.getByRole('button', { name: 'New flow' }).click();
    const name = `Live ${Date.now()}`;
    await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(name);
    await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
    const ed = new EditorPage(page);
    await expect(ed.node('start')).toBeVisible();
    await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'HTTP request', exact: true }).click();
    await ed.inspector().getByLabel('Url').fill(api.url);
    await ed.saved();

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
    await api.arrival;
    await expect(ed.node('http_request_1').getByTestId('node.http_request_1.status')).toHaveText('running');
    await expect(page.getByTestId('editor.run-status')).toContainText('running');
    api.release();
    await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
    await expect(ed.node('http_request_1').getByTestId('node.http_request_1.status')).toHaveText('succeeded');

    // The run view shows the step's input and output from the recorded attempt.
    await page.getByTestId('editor.run-status').getByRole('link').click();
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
    await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /http_request_1/ }).click();
    await expect(page.getByTestId('drawer.http_request_1.output')).toContainText('"answer": 42');
  } finally {
    api.close();
  }
});

test('SSE replays from Last-Event-ID without missing or repeating events', async ({ page }) => {
  await page.goto('/flows');
  await page.getByRole('link', { name: 'Route orders by amount' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run of the draft' });
  await dialog.getByRole('textbox').fill('{"amount": 10}');
  await dialog.getByRole('textbox').blur();
  await dialog.getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  const href = await page.getByTestId('editor.run-status').getByRole('link').getAttribute('href');
  const runId = href!.split('/').pop()!;

  const read = async (lastEventId?: number) => {
    const res = await page.request.get(`/api/runs/${runId}/events`, { headers: lastEventId ? { 'last-event-id': String(lastEventId) } : {} });
    expect(res.status()).toBe(200);
    return (await res.text()).split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as { id: number; type: string });
  };
  const all = await read();
  expect(all[0]?.type).toBe('RunStarted');
  expect(all.at(-1)?.type).toBe('RunCompleted');
  const cut = all[2]!.id;
  const rest = await read(cut);
  expect(rest.map((e) => e.id)).toEqual(all.filter((e) => e.id > cut).map((e) => e.id));
});

test('the events stream refuses anyone signed out', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const res = await ctx.request.get('/api/runs/00000000-0000-4000-8000-000000000000/events');
  expect(res.status()).toBe(401);
  await ctx.close();
});

test('run history filters by kind and status, and a finished run can run again', async ({ page }) => {
  await page.goto('/flows');
  await page.getByRole('link', { name: 'Route orders by amount' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  const ours = (await page.getByTestId('editor.run-status').getByRole('link').getAttribute('href'))!;

  await page.goto('/runs?kind=test&status=succeeded');
  const rows = page.getByRole('table', { name: 'Runs' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toContainText('(test)');
    await expect(row).toContainText('succeeded');
  }
  await page.goto('/runs?kind=production&flow=00000000-0000-4000-8000-000000000000');
  await expect(page.getByText('No runs match')).toBeVisible();

  await page.goto(ours);
  await expect(page.getByTestId('run.status')).toHaveText('succeeded');
  const before = page.url();
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page).not.toHaveURL(before);
  await expect(page.getByTestId('run.status')).toHaveText('succeeded');
});

test('compare two runs step by step', async ({ page }) => {
  const ids: string[] = [];
  for (const amount of [10, 5000]) {
    await page.goto('/flows');
    await page.getByRole('link', { name: 'Route orders by amount' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Test run of the draft' });
    await dialog.getByRole('textbox').fill(`{"amount": ${amount}}`);
    await dialog.getByRole('textbox').blur();
    await dialog.getByRole('button', { name: 'Start test run' }).click();
    await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
    ids.push((await page.getByTestId('editor.run-status').getByRole('link').getAttribute('href'))!.split('/').pop()!);
  }
  const flowId = page.url().split('/flows/')[1]!.split(/[?#]/)[0]!;
  await page.goto(`/runs?kind=test&flow=${flowId}`);
  for (const id of ids) await page.getByRole('checkbox', { name: `Select run ${id.slice(0, 8)}` }).check();
  await page.getByRole('button', { name: 'Compare 2 selected' }).click();
  await expect(page.getByRole('heading', { name: 'Compare runs' })).toBeVisible();
  await expect(page.getByTestId('compare.start')).toContainText('differs');
  await expect(page.getByTestId('compare.auto_approved')).toContainText('succeeded');
  await expect(page.getByTestId('compare.needs_approval')).toContainText('—');
});

test('re-run a failed run from its failing step with an edited input', async ({ page }) => {
  await page.goto('/flows');
  await page.getByRole('button', { name: 'New flow' }).click();
  await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(`Rerun ${Date.now()}`);
  await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
  const ed = new EditorPage(page);
  await expect(ed.node('start')).toBeVisible();
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Code', exact: true }).click();
  await ed.inspector().getByLabel('Code').fill('if (!input.ok) throw new Error("needs ok"); return { done: true };');
  await ed.saved();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('failed');
  await page.getByTestId('editor.run-status').getByRole('link').click();
  await expect(page.getByTestId('run.status')).toHaveText('failed');
  await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /code_1/ }).click();
  const rerun = page.getByRole('region', { name: 'Re-run from this step' });
  await rerun.getByRole('textbox').fill('{"ok": true}');
  await rerun.getByRole('textbox').blur();
  const before = page.url();
  await rerun.getByRole('button', { name: 'Re-run from here' }).click();
  await expect(page).not.toHaveURL(before);
  await expect(page.getByTestId('run.status')).toHaveText('succeeded');
});

test('run this step: only the selected step runs again, on the input it had; the steps before it are reused', async ({ page }) => {
  let calls = 0;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ calls: ++calls })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await page.goto('/flows');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(`Step alone ${Date.now()}`);
    await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
    const ed = new EditorPage(page);
    await expect(ed.node('start')).toBeVisible();
    const palette = page.getByRole('complementary', { name: 'Steps' });
    await palette.getByRole('button', { name: 'Set fields', exact: true }).click();
    await palette.getByRole('button', { name: 'HTTP request', exact: true }).click();
    await ed.inspector().getByLabel('Url').fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/count`);
    await ed.saved();
    const panel = page.getByRole('region', { name: 'Test this step' });
    await expect(panel.getByRole('button', { name: 'Run this step' })).toBeDisabled();

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
    await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
    await expect(panel.getByTestId('step.output')).toContainText('"calls": 1');

    await panel.getByRole('button', { name: 'Run this step' }).click();
    await expect(panel.getByTestId('step.output')).toContainText('"calls": 2');
    await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
    await expect(ed.node('transform_1').getByTestId('node.transform_1.status')).toHaveText('reused');
    expect(calls).toBe(2);
  } finally {
    server.close();
  }
});
