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
const apiKeys: (string | undefined)[] = [];
test.beforeAll(async () => {
  api = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    apiKeys.push(req.headers['x-api-key'] as string | undefined);
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

test('an admin registers a built-in tool by choosing it, and a code tool by writing it; both run in the console', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: storageStateFor('admin') });
  const page = await ctx.newPage();
  await page.goto('/admin/tools/new');
  await page.getByRole('navigation', { name: 'Kind of tool' }).getByRole('link', { name: 'Built-in' }).click();
  await expect(page.getByRole('heading', { name: 'Register a built-in tool' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Register a tool' });
  await expect(form.getByLabel('Input contract (JSON Schema)')).toHaveCount(0);
  await form.getByLabel('Name', { exact: true }).fill(`Hash ${Date.now()}`);
  await form.getByRole('button', { name: 'Register tool' }).click();
  // The message under the choice (the select's placeholder option has the same words, so not by text alone).
  await expect(form.getByLabel(/^Built-in tool/)).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('p', { hasText: 'Choose a built-in tool' })).toBeVisible();
  await form.getByLabel(/^Built-in tool/).selectOption('crypto.hash');
  await form.getByRole('button', { name: 'Register tool' }).click();
  // The console's form comes from the contract copied from the built-in: no schema was typed.
  const consoleBox = page.getByRole('region', { name: 'Test console' });
  await consoleBox.getByLabel('Input data').fill('abc');
  await consoleBox.getByRole('button', { name: 'Run test' }).click();
  await expect(page.getByTestId('tool-test-result').getByLabel('Output')).toContainText('"digest": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"');

  await page.goto('/admin/tools/new?kind=code');
  await form.getByLabel('Name', { exact: true }).fill(`Doubler ${Date.now()}`);
  await form.getByLabel(/^Code/).fill('');
  await form.getByRole('button', { name: 'Register tool' }).click();
  await expect(form.getByText('Write the function body')).toBeVisible();
  await form.getByLabel(/^Code/).fill('return { doubled: input.n * 2 };');
  await form.getByLabel('Input contract (JSON Schema)').fill(JSON.stringify({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] }));
  await form.getByLabel('Output contract (JSON Schema)').fill(JSON.stringify({ type: 'object', properties: { doubled: { type: 'number' } }, required: ['doubled'] }));
  await form.getByRole('button', { name: 'Register tool' }).click();
  await consoleBox.getByLabel('Input n').fill('21');
  await consoleBox.getByRole('button', { name: 'Run test' }).click();
  await expect(page.getByTestId('tool-test-result').getByLabel('Output')).toContainText('"doubled": 42');
  await ctx.close();
});

test('an admin picks a vault credential for an HTTP tool: saving grants it, the call carries it, the console masks it', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: storageStateFor('admin') });
  const page = await ctx.newPage();
  const cred = `Greeter key ${Date.now()}`;
  const key = `sk-e2e-${Date.now()}-secret`;
  await page.goto('/admin/credentials');
  await page.getByRole('button', { name: 'New credential' }).click();
  const dialog = page.getByRole('dialog', { name: 'New credential' });
  await dialog.getByLabel('Name', { exact: true }).fill(cred);
  await dialog.getByLabel('API key').fill(key);
  await dialog.getByLabel('Header name').fill('X-Api-Key');
  await dialog.getByRole('button', { name: 'Save credential' }).click();
  await expect(page.getByTestId(`credential-row.${cred}`)).toBeVisible();

  await page.goto('/admin/tools/new');
  const form = page.getByRole('form', { name: 'Register a tool' });
  await form.getByLabel('Name', { exact: true }).fill(`Keyed greeter ${Date.now()}`);
  await form.getByLabel(/^Origin/).fill(origin);
  await form.getByLabel(/^Path/).fill('/greet/{name}');
  await form.getByLabel(/^Credential/).selectOption({ label: `${cred} (api key)` });
  await form.getByLabel('Input contract (JSON Schema)').fill(JSON.stringify({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }));
  await form.getByRole('button', { name: 'Register tool' }).click();
  const consoleBox = page.getByRole('region', { name: 'Test console' });
  await consoleBox.getByLabel('Input name').fill('Key');
  const before = apiKeys.length;
  await consoleBox.getByRole('button', { name: 'Run test' }).click();
  const result = page.getByTestId('tool-test-result');
  await expect(result).toContainText('Succeeded');
  await expect(result.getByLabel('Request sent')).toContainText('x-api-key: ***');
  expect(apiKeys.slice(before)).toEqual([key]);
  await expect(page.locator('body')).not.toContainText(key);
  await ctx.close();
});
