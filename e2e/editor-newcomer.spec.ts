import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, storageStateFor } from './fixtures';
import { newFlow, unique } from './pages/editor-page';

test.use({ storageState: storageStateFor('analyst'), viewport: { width: 1440, height: 900 } });

/** A loopback API: /fail answers 500, /ok answers 200 {"ok":true}; `calls` lists the paths asked. */
async function api() {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(req.url ?? '');
    if (req.url === '/ok') res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    else res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"down"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, calls, close: () => server.close() };
}

test('an edge drawn from an If step before its condition follows it to "true" and survives a reload', async ({ page }) => {
  const ed = await newFlow(page, unique('If edge'));
  const steps = page.getByRole('complementary', { name: 'Steps' });
  await steps.getByRole('button', { name: 'If', exact: true }).click();
  await expect(ed.node('condition_1')).toBeVisible();
  await ed.dragFromPalette('Respond to webhook', { x: 560, y: 120 });
  await expect(ed.node('respond_1')).toBeVisible();
  // The If step's first output handle, whatever it is called before the condition is written.
  const src = ed.node('condition_1').locator('.react-flow__handle.source:not([data-handleid="error"])').first();
  await src.hover();
  await page.mouse.down();
  const box = (await ed.node('respond_1').locator('.react-flow__handle[data-handleid="in"]').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  await ed.select('condition_1');
  await ed.inspector().getByLabel('Condition').fill('{{ input.ok }}');
  await ed.saved();
  const problems = page.getByRole('region', { name: 'Problems panel' });
  await expect(problems).not.toContainText('has no output');
  await page.reload();
  await expect(ed.node('respond_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});

test('an edge whose port disappears stays drawn on a flagged handle and can be deleted', async ({ page }) => {
  const ed = await newFlow(page, unique('Dangling'));
  const steps = page.getByRole('complementary', { name: 'Steps' });
  await steps.getByRole('button', { name: 'Switch', exact: true }).click();
  await expect(ed.node('switch_1')).toBeVisible();
  const cases = ed.inspector().getByLabel('Cases');
  await cases.fill('[{"port": "small", "equals": 1}, {"port": "big", "equals": 2}]');
  await cases.blur();
  await ed.dragFromPalette('Output', { x: 560, y: 120 });
  await ed.connect('switch_1', 'output_1', 'big');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await ed.select('switch_1');
  await ed.inspector().getByLabel('Cases').fill('[{"port": "small", "equals": 1}]');
  await ed.inspector().getByLabel('Cases').blur();
  await ed.saved();
  await page.reload();
  await expect(ed.node('switch_1')).toBeVisible();
  // Still drawn, on a handle flagged as missing, and the problem names it.
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(ed.node('switch_1').locator('.react-flow__handle[data-handleid="big"]')).toHaveAttribute('data-dangling', 'true');
  const problems = page.getByRole('region', { name: 'Problems panel' });
  await expect(problems).toContainText('has no output "big"');
  const dangling = page.getByTestId('rf__edge-switch_1:big->output_1');
  await dangling.click({ force: true });
  await expect(dangling).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(problems).not.toContainText('has no output');
});

test('a rename followed at once by a click on Flows is saved, not lost', async ({ page }) => {
  const name = unique('Quick leave');
  const ed = await newFlow(page, name);
  await ed.select('start');
  await ed.inspector().getByLabel('Name', { exact: true }).fill('Renamed in a hurry');
  await page.getByRole('link', { name: 'Flows', exact: true }).first().click();
  await expect(page).toHaveURL(/\/flows$/);
  await page.getByRole('link', { name }).click();
  await expect(ed.node('start')).toContainText('Renamed in a hurry');
});

test('leaving the page with an unsaved change asks first', async ({ page }) => {
  const ed = await newFlow(page, unique('Unload'));
  await ed.select('start');
  await ed.inspector().getByLabel('Name', { exact: true }).fill('Not yet saved');
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  expect((await dialog).type()).toBe('beforeunload');
});

test('new Switch and Wait steps say which field needs what, with defaults filled in', async ({ page }) => {
  const ed = await newFlow(page, unique('Messages'));
  const steps = page.getByRole('complementary', { name: 'Steps' });
  await steps.getByRole('button', { name: 'Wait', exact: true }).click();
  await expect(ed.node('delay_1')).toBeVisible();
  await expect(ed.inspector().getByLabel('Duration (ms)')).toHaveValue('1000');
  await ed.inspector().getByLabel('Duration (ms)').fill('-5');
  const problems = page.getByRole('region', { name: 'Problems panel' });
  await expect(problems).toContainText('Duration (ms): needs a number of at least 0');
  await steps.getByRole('button', { name: 'Switch', exact: true }).click();
  await expect(ed.node('switch_1')).toBeVisible();
  await expect(problems).not.toContainText('Invalid input');
  await expect(problems).not.toContainText('expected');
});

test('a test run waiting on a review shows "waiting" in the editor, as on its page', async ({ page }) => {
  const ed = await newFlow(page, unique('Review wait'));
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Code', exact: true }).click();
  await expect(ed.node('code_1')).toBeVisible();
  await ed.inspector().getByRole('textbox', { name: 'Code', exact: true }).fill('throw new Error("needs a person")');
  await ed.inspector().getByLabel('Escalate to a reviewer when all else fails').check();
  await ed.saved();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('waiting');
  await page.getByTestId('editor.run-status').getByRole('link').click();
  await expect(page.getByTestId('run.status')).toHaveText('waiting');
});

test('re-run from a failed step offers the fixed draft, calls the new URL and shows the new run live', async ({ page }) => {
  const srv = await api();
  try {
    const ed = await newFlow(page, unique('Rerun fix'));
    await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'HTTP request', exact: true }).click();
    await ed.inspector().getByLabel('URL').fill(`${srv.base}/fail`);
    await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Output', exact: true }).click();
    await expect(ed.node('output_1')).toBeVisible();
    await ed.saved();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
    await expect(page.getByTestId('editor.run-status')).toContainText('failed');

    await ed.select('http_request_1');
    await ed.inspector().getByLabel('URL').fill(`${srv.base}/ok`);
    await ed.saved();
    await page.getByTestId('editor.run-status').getByRole('link').click();
    await expect(page.getByTestId('run.status')).toHaveText('failed');
    await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /HTTP request/ }).first().click();
    const rerun = page.getByRole('region', { name: 'Re-run from this step' });
    await expect(rerun.getByLabel(/current draft/i)).toBeChecked();
    await expect(rerun.getByTestId('rerun.diff')).toContainText('/ok');
    const before = page.url();
    await rerun.getByRole('button', { name: 'Re-run from here' }).click();
    await expect(page).not.toHaveURL(before);
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('succeeded');
    await expect(page.getByTestId('run.result')).toContainText('"ok": true');
    expect(srv.calls).toEqual(['/fail', '/ok']);
  } finally {
    srv.close();
  }
});

test('at 1440×900 the canvas has room and the toolbar is one line; side panels fold away', async ({ page }) => {
  await newFlow(page, unique('A flow with a rather long name, as analysts like to write them'));
  const width = async () => (await page.getByLabel('Flow canvas').boundingBox())!.width;
  expect(await width()).toBeGreaterThan(720);
  const flows = (await page.getByRole('link', { name: 'Flows', exact: true }).last().boundingBox())!;
  const publish = (await page.getByRole('button', { name: 'Publish', exact: true }).boundingBox())!;
  expect(Math.abs(flows.y + flows.height / 2 - (publish.y + publish.height / 2))).toBeLessThan(8);
  await page.getByRole('button', { name: 'Hide steps' }).click();
  await page.getByRole('button', { name: 'Hide inspector' }).click();
  expect(await width()).toBeGreaterThan(1100);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Show steps' })).toBeVisible();
  await page.getByRole('button', { name: 'Show steps' }).click();
  await page.getByRole('button', { name: 'Show inspector' }).click();
  await expect(page.getByRole('complementary', { name: 'Steps' })).toBeVisible();
});

test('a path the upstream output cannot have is a warning; several triggers get a hint; headers are name = value rows', async ({ page }) => {
  const ed = await newFlow(page, unique('Warnings'));
  const steps = page.getByRole('complementary', { name: 'Steps' });
  await steps.getByRole('button', { name: 'HTTP request', exact: true }).click();
  await ed.inspector().getByLabel('URL').fill('http://127.0.0.1:9/x');
  await ed.inspector().getByRole('button', { name: '+ Add one' }).click();
  await ed.inspector().getByLabel('Headers 1 name').fill('accept');
  await ed.inspector().getByLabel('Headers 1 value').fill('application/json');
  await steps.getByRole('button', { name: 'Output', exact: true }).click();
  await ed.inspector().getByRole('textbox', { name: 'Value' }).fill('{{ input.score }}');
  const warnings = page.getByRole('list', { name: 'Warnings' });
  await expect(warnings).toContainText('input.score cannot exist: the output of "HTTP request" has only status, headers, body (the response is in input.body)');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await steps.getByRole('button', { name: 'Webhook', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Problems panel' }).getByRole('note')).toContainText('This flow has 2 triggers');
  await ed.saved();
  await page.reload();
  await ed.select('http_request_1');
  await expect(ed.inspector().getByLabel('Headers 1 value')).toHaveValue('application/json');
});
