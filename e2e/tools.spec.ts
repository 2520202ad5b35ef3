import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, storageStateFor } from './fixtures';
import { EditorPage } from './pages/editor-page';

// The registry through the UI: an admin registers an HTTP tool against a loopback API of this
// test's own and tries it in the test console; an analyst places it as a Tool call step, runs
// the flow, and the run view shows the tool version the attempt called.
test.describe.configure({ mode: 'serial' });

let api: http.Server;
let origin = '';
const calls: string[] = [];
test.beforeAll(async () => {
  api = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const name = decodeURIComponent((req.url ?? '').split('/').pop()!.split('?')[0]!);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ greeting: `Hello ${name}` }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => api.close(() => r())));

const toolName = `Greeter ${Date.now()}`;

test('an admin registers an HTTP tool, sees field errors, and tests it in the console', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: storageStateFor('admin') });
  const page = await ctx.newPage();
  await page.goto('/admin/tools');
  await page.getByRole('link', { name: 'Register a tool' }).click();
  const form = page.getByRole('form', { name: 'Register a tool' });
  await form.getByLabel('Name', { exact: true }).fill(toolName);
  await form.getByLabel(/^Description/).fill('Greets a person by name');
  await form.getByLabel('Category', { exact: true }).fill('People');
  await form.getByLabel(/^Origin/).fill(`${origin}/not-only-the-origin`);
  await form.getByLabel(/^Path/).fill('/greet/{name}');
  await form.getByLabel('Input contract (JSON Schema)').fill(JSON.stringify({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }));
  await form.getByLabel('Output contract (JSON Schema)').fill(JSON.stringify({ type: 'object', properties: { greeting: { type: 'string' } }, required: ['greeting'] }));
  await form.getByRole('button', { name: 'Register tool' }).click();
  await expect(form.getByText('Only scheme, host and port here')).toBeVisible();
  await form.getByLabel(/^Origin/).fill(origin);
  await form.getByRole('button', { name: 'Register tool' }).click();

  await expect(page.getByRole('heading', { name: toolName })).toBeVisible();
  const consoleBox = page.getByRole('region', { name: 'Test console' });
  await consoleBox.getByLabel('Input name').fill('Ada/../x');
  await consoleBox.getByRole('button', { name: 'Run test' }).click();
  const result = page.getByTestId('tool-test-result');
  await expect(result).toContainText('Succeeded');
  await expect(result).toContainText('Input contract: fits');
  await expect(result).toContainText('Output contract: fits');
  await expect(result.getByLabel('Output')).toContainText('"greeting": "Hello Ada/../x"');
  await expect(result.getByLabel('Request sent')).toContainText(`GET ${origin}/greet/Ada%2F..%2Fx`);
  await expect(page.getByTestId('tool-test-ms')).toHaveText(/\d+(\.\d)? ms/);
  await ctx.close();
});

test('an analyst places the tool, runs the flow, and sees the tool version in the run view', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: storageStateFor('analyst') });
  const page = await ctx.newPage();
  await page.goto('/flows');
  await page.getByRole('button', { name: 'New flow' }).click();
  await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(`Uses ${toolName}`);
  await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
  const ed = new EditorPage(page);
  await expect(ed.node('start')).toBeVisible();
  const palette = page.getByRole('complementary', { name: 'Steps' });
  await expect(palette.getByRole('heading', { name: 'Tools · People' })).toBeVisible();
  await palette.getByRole('button', { name: toolName, exact: true }).click();
  await expect(ed.inspector().getByTestId('tool-call-form')).toContainText('Pinned to v1');
  await ed.inspector().getByTestId('tool-input-name').fill('Grace');
  await ed.saved();

  const before = calls.length;
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('dialog', { name: 'Test run of the draft' }).getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  expect(calls.slice(before)).toEqual(['GET /greet/Grace']);

  await page.getByTestId('editor.run-status').getByRole('link').click();
  await expect(page.getByTestId('run.status')).toHaveText('succeeded');
  await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /tool_call_1/ }).click();
  await expect(page.getByTestId('attempt-tool-version')).toHaveText('· tool version 1');
  await expect(page.getByTestId('drawer.tool_call_1.output')).toContainText('"greeting": "Hello Grace"');
  await ctx.close();
});

test('an analyst opening Admin → Tools lands on the forbidden page', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: storageStateFor('analyst') });
  const page = await ctx.newPage();
  for (const path of ['/admin/tools', '/admin/tools/new']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/forbidden$/);
  }
  await ctx.close();
});
