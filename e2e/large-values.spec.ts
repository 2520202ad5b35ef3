import http from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { test, expect, storageStateFor } from './fixtures';
import { EditorPage } from './pages/editor-page';

test.use({ storageState: storageStateFor('analyst') });

test('a large step output shows as a preview with its size, and downloads whole', async ({ page }) => {
  const rows = Array.from({ length: 3000 }, (_, i) => ({ i, text: `row ${i} `.repeat(10) }));
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rows })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await page.goto('/flows');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(`Large ${Date.now()}`);
    await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
    const ed = new EditorPage(page);
    await expect(ed.node('start')).toBeVisible();
    await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'HTTP request', exact: true }).click();
    await ed.inspector().getByLabel('Url').fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/big`);
    await ed.saved();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
    await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');

    // The editor's pane gets a preview too, and will not pin it.
    await ed.select('http_request_1');
    await expect(page.getByRole('region', { name: 'Test this step' })).toContainText('too large to pin');

    await page.getByTestId('editor.run-status').getByRole('link').click();
    await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /http_request_1/ }).click();
    const note = page.getByTestId('drawer.http_request_1.output.truncated');
    await expect(note).toContainText(/A preview: the whole output is \d+ KB/);
    await expect(page.getByTestId('drawer.http_request_1.output')).toContainText('more items');
    const [download] = await Promise.all([page.waitForEvent('download'), note.getByRole('link', { name: 'Download it' }).click()]);
    const whole = JSON.parse(await readFile((await download.path())!, 'utf8')) as { body: { rows: unknown[] } };
    expect(whole.body.rows).toEqual(rows);
  } finally {
    server.close();
  }
});

test('the whole-value download answers bad requests with reasons and refuses the signed out', async ({ page, browser }) => {
  const bad = await page.request.get('/api/runs/not-a-run/values?part=secrets');
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ reasons: expect.arrayContaining(['part must be input, output or error', 'give ?step=<step id>']) });
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const res = await anon.request.get('/api/runs/00000000-0000-0000-0000-000000000000/values?step=a&attempt=1&part=output');
  expect(res.status()).toBe(401);
  await anon.close();
});
