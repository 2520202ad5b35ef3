import { test, expect, storageStateFor } from './fixtures';
import { newFlow, unique } from './pages/editor-page';

/** What a new user meets in the first minutes (issue 24): an icon, live lists, activation where they work. */
test.use({ storageState: storageStateFor('analyst') });

test('the app has an icon: /favicon.ico and the icon the pages link answer with an image', async ({ page, request }) => {
  const ico = await request.get('/favicon.ico');
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/^image\//);
  await page.goto('/flows');
  const href = await page.locator('head link[rel="icon"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  const linked = await request.get(href!);
  expect(linked.status()).toBe(200);
  expect(linked.headers()['content-type']).toMatch(/^image\//);
});

test('the Runs list shows a run started elsewhere, and its status, without a reload; the Flows list shows the last run', async ({ page, context }) => {
  await page.goto('/runs');
  await expect(page.getByRole('heading', { name: 'Runs' })).toBeVisible();

  const editor = await context.newPage();
  await editor.goto('/flows');
  await editor.getByRole('link', { name: 'Route orders by amount' }).click();
  await editor.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = editor.getByRole('dialog', { name: 'Test run of the draft' });
  await dialog.getByRole('textbox').fill('{"amount": 10}');
  await dialog.getByRole('button', { name: 'Start test run' }).click();
  await expect(editor.getByTestId('editor.run-status')).toContainText('succeeded');
  const runId = (await editor.getByTestId('editor.run-status').getByRole('link').getAttribute('href'))!.split('/').pop()!;

  // The first page was never reloaded: the row arrives, with its final status.
  const row = page.getByTestId(`run-row.${runId}`);
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row.getByRole('cell').nth(2)).toHaveText('succeeded', { timeout: 15_000 });

  await editor.goto('/flows');
  await expect(editor.getByTestId('flow-row.Route orders by amount').getByRole('cell').nth(3)).toHaveText(/^(queued|running|waiting|succeeded|failed|cancelled)$/);
});

test('activate and deactivate a published flow from the editor, with a confirmation there and on the list', async ({ page }) => {
  const name = unique('Activate me');
  const ed = await newFlow(page, name);
  await expect(page.getByRole('button', { name: 'Activate', exact: true })).toBeDisabled();
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Output', exact: true }).click();
  await ed.saved();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('dialog', { name: 'Publish a version' }).getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('button', { name: 'Versions (1)' })).toBeVisible();

  await page.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Activated' })).toContainText('production webhook now runs version 1');
  await expect(page.getByTestId('editor.webhook-state')).toHaveText('production, active');
  await page.reload();
  await expect(page.getByTestId('editor.webhook-state')).toHaveText('production, active');

  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deactivated' })).toBeVisible();
  await expect(page.getByTestId('editor.webhook-state')).toHaveText('production, inactive');

  // The list's checkbox confirms too.
  await page.goto('/flows');
  const active = page.getByTestId(`flow-row.${name}`).getByRole('checkbox', { name: `Active: ${name}` });
  await expect(active).not.toBeChecked();
  await active.click();
  await expect(page.getByRole('status').filter({ hasText: `Activated ${name}` })).toBeVisible();
  await expect(active).toBeChecked();
  await active.click();
  await expect(page.getByRole('status').filter({ hasText: `Deactivated ${name}` })).toBeVisible();
});
