import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, storageStateFor } from './fixtures';
import { EditorPage, unique } from './pages/editor-page';

test.use({ storageState: storageStateFor('analyst'), viewport: { width: 1440, height: 900 } });
test.setTimeout(120_000);

/**
 * The API the new flow calls, on loopback: /fail answers 500; /ok answers {"score": 7}, held
 * until the test releases it (so the test can watch a run in flight), then at once.
 */
async function partnerApi() {
  const calls: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  const arrival = new Promise<void>((r) => (arrived = r));
  const server = http.createServer((req, res) => {
    calls.push(req.url ?? '');
    if (req.url !== '/ok') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"partner down"}');
    arrived();
    void released.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"score":7}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, release, arrival, close: () => server.close() };
}

test('a new user builds, tests, fixes, re-runs, publishes, activates, calls and watches a flow', async ({ page }) => {
  const api = await partnerApi();
  try {
    const name = unique('My first flow');
    const steps = page.getByRole('complementary', { name: 'Steps' });
    const ed = new EditorPage(page);

    // Build: webhook trigger → HTTP request → respond.
    await page.goto('/flows');
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(name);
    await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
    await expect(ed.node('start')).toBeVisible();
    await ed.select('start');
    await ed.inspector().getByRole('button', { name: 'Delete step' }).click();
    await steps.getByRole('button', { name: 'Webhook', exact: true }).click();
    await expect(ed.node('webhook_trigger_1')).toBeVisible();
    await steps.getByRole('button', { name: 'HTTP request', exact: true }).click();
    await ed.inspector().getByLabel('Name', { exact: true }).fill('Ask the partner');
    await ed.inspector().getByLabel('URL').fill(`${api.base}/fail`);
    await steps.getByRole('button', { name: 'Respond to webhook', exact: true }).click();
    await expect(page.locator('.react-flow__edge')).toHaveCount(2);
    await expect(page.getByRole('region', { name: 'Problems panel' })).toContainText('No problems');
    await ed.saved();
    await ed.select('http_request_1');
    await page.screenshot({ path: test.info().outputPath('editor-1440.png') });

    // Test it: it fails at the HTTP step.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
    await expect(page.getByTestId('editor.run-status')).toContainText('failed');
    await expect(ed.node('http_request_1').getByTestId('node.http_request_1.status')).toHaveText('failed');

    // Fix the URL (autosaved), open the failed run, re-run from the failed step on the draft.
    await ed.select('http_request_1');
    await ed.inspector().getByLabel('URL').fill(`${api.base}/ok`);
    await ed.saved();
    const webhookUrl = (await page.getByTestId('editor.webhook-production').textContent())!;
    await page.getByTestId('editor.run-status').getByRole('link').click();
    await expect(page.getByTestId('run.status')).toHaveText('failed');
    await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /Ask the partner/ }).click();
    const rerun = page.getByRole('region', { name: 'Re-run from this step' });
    await expect(rerun.getByLabel(/current draft/i)).toBeChecked();
    await expect(rerun.getByTestId('rerun.diff')).toContainText(`${api.base}/ok`);
    await page.screenshot({ path: test.info().outputPath('rerun-1440.png') });
    const failedRun = page.url();
    await rerun.getByRole('button', { name: 'Re-run from here' }).click();
    await expect(page).not.toHaveURL(failedRun);
    await expect(page.getByText('test run of the draft')).toBeVisible();

    // The new run's page is live: running while the partner holds the answer, then succeeded.
    await api.arrival;
    await expect(page.getByTestId('node.http_request_1.status')).toHaveText('running');
    api.release();
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.getByRole('button', { name: /Ask the partner/ })).toContainText('succeeded');
    await expect(timeline.getByRole('button', { name: /Respond to webhook/ })).toContainText('succeeded');
    expect(api.calls).toEqual(['/fail', '/ok']);
    await page.screenshot({ path: test.info().outputPath('run-1440.png'), fullPage: true });

    // Publish, then activate.
    await page.getByRole('link', { name }).click();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const publish = page.getByRole('dialog', { name: 'Publish a version' });
    await publish.getByLabel('Note').fill('Calls the partner');
    await publish.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByText('Published version 1')).toBeVisible();
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(page.getByTestId('editor.webhook-state')).toHaveText('production, active');

    // Call the production webhook as a partner system would.
    const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order": 1}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 200, body: { score: 7 } });

    // Watch the run appear in the history, as a production run of version 1.
    await page.getByRole('link', { name: 'Runs', exact: true }).first().click();
    const row = page.getByRole('table', { name: 'Runs' }).locator('tbody tr').filter({ hasText: name }).first();
    await expect(row).toContainText('succeeded');
    await expect(row).not.toContainText('(test)');
    await row.getByRole('link', { name }).click();
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
    await expect(page.getByText('version 1', { exact: true })).toBeVisible();
    expect(api.calls).toEqual(['/fail', '/ok', '/ok']);
  } finally {
    api.close();
  }
});
