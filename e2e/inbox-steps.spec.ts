import type { Browser } from '@playwright/test';
import { test, expect, storageStateFor } from './fixtures';
import { newFlow, unique } from './pages/editor-page';
import { InboxPage, importAndRunUntilWaiting, startTestRunUntilWaiting } from './pages/inbox-page';

test.use({ storageState: storageStateFor('analyst'), viewport: { width: 1440, height: 900 } });

async function signedInAs(browser: Browser, role: 'reviewer' | 'admin') {
  const ctx = await browser.newContext({ storageState: storageStateFor(role), viewport: { width: 1440, height: 900 } });
  return { ctx, inbox: new InboxPage(await ctx.newPage()) };
}

test('a Human review step placed from the palette and configured: the reviewer sees its instructions, fixes the data to fit its form, and the run goes on with it', async ({ page, browser }) => {
  test.slow(); // an editor session and a reviewer's
  const name = unique('Address check');
  const ed = await newFlow(page, name);
  const palette = page.getByRole('complementary', { name: 'Steps' });
  await palette.getByRole('button', { name: 'Human review', exact: true }).click();
  await expect(ed.node('human_review_1')).toBeVisible();
  await ed.inspector().getByLabel('Instructions').fill('Is the city spelled right?');
  const form = ed.inspector().getByLabel('Form (JSON Schema)');
  await form.fill('{"type": "object", "required": ["city"], "properties": {"city": {"type": "string", "minLength": 3}}}');
  await form.blur();
  await ed.inspector().getByLabel('Priority').selectOption('urgent');
  await palette.getByRole('button', { name: 'Output', exact: true }).click();
  await expect(ed.node('output_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await ed.saved();
  await startTestRunUntilWaiting(page, 'human_review_1', { city: 'Pa' });

  const { ctx, inbox } = await signedInAs(browser, 'reviewer');
  try {
    await inbox.openTaskOf(name);
    const p = inbox.page;
    await expect(p.getByTestId('task.kind')).toHaveText('Human review');
    await expect(p.getByTestId('task.instructions')).toHaveText('Is the city spelled right?');
    await expect(p.getByRole('region', { name: 'Data to review' })).toContainText('"city": "Pa"');
    await expect(p.getByRole('article').first()).toContainText('urgent priority');
    await inbox.decision().getByRole('button', { name: 'Edit output' }).click();
    const editor = inbox.decision().getByLabel(/Edited output/);
    await editor.fill('{"city": "P"}');
    await inbox.decision().getByRole('button', { name: 'Approve edited output' }).click();
    await expect(p.getByTestId('task.field-error.city')).toHaveText('city must NOT have fewer than 3 characters');
    await expect(page.getByTestId('run.status')).toHaveText('waiting');
    await editor.fill('{"city": "Paris"}');
    await inbox.decision().getByRole('button', { name: 'Approve edited output' }).click();
    await expect(inbox.message()).toHaveText('Decided; the run resumes');
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
    await expect(page.getByTestId('run.result')).toContainText('"city": "Paris"');
  } finally {
    await ctx.close();
  }
});

/** An If step routes by a classifier's label; below 0.8 confidence a reviewer chooses the branch. */
const routingFlow = {
  version: 1,
  steps: [
    { id: 'start', type: 'manual-trigger', config: {} },
    {
      id: 'route',
      type: 'condition',
      name: 'Is it a refund?',
      config: { condition: '{{ input.label == "refund" }}' },
      policy: { confidence: { path: 'confidence', threshold: 0.8 }, escalation: { reason: 'Unsure of the route', deadlineMs: 3_600_000, onTimeout: 'fail' } },
    },
    { id: 'refunds', type: 'output', config: { value: 'refund desk' } },
    { id: 'general', type: 'output', config: { value: 'general queue' } },
  ],
  edges: [{ from: 'start', to: 'route' }, { from: 'route', to: 'refunds', port: 'true' }, { from: 'route', to: 'general', port: 'false' }],
};

test('comments between reviewers, the task assigned to a colleague, who chooses the branch: the run goes on down that branch only', async ({ page, browser }) => {
  test.slow(); // three browsers at once
  const name = unique('Ticket routing');
  await importAndRunUntilWaiting(page, name, routingFlow, 'route', { label: 'refund', confidence: 0.4 });
  const rita = await signedInAs(browser, 'reviewer');
  const ada = await signedInAs(browser, 'admin');
  try {
    await rita.inbox.openTaskOf(name);
    const comments = rita.inbox.page.getByRole('region', { name: 'Comments' });
    await expect(comments.getByRole('button', { name: 'Comment' })).toBeDisabled();
    await comments.getByLabel('Add a comment').fill('Reads like a delivery question, not a refund.');
    await comments.getByRole('button', { name: 'Comment' }).click();
    await expect(comments.getByRole('listitem')).toHaveCount(1);
    await expect(comments.getByRole('listitem')).toContainText('Rita Reviewer');
    await expect(comments.getByLabel('Add a comment')).toHaveValue('');
    await rita.inbox.page.getByLabel('Assign to').selectOption({ label: 'Ada Admin' });
    await rita.inbox.page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(rita.inbox.page.getByTestId('task.assignee')).toHaveText(/assigned to Ada Admin/);

    // The colleague finds it among the tasks assigned to them, reads the comment, then decides on the branch.
    await ada.inbox.page.goto('/inbox?assigned=me');
    await ada.inbox.rowFor(name).getByRole('link').first().click();
    const seen = ada.inbox.page.getByRole('region', { name: 'Comments' }).getByRole('listitem');
    await expect(seen).toHaveCount(1);
    await expect(seen).toContainText('Reads like a delivery question, not a refund.');
    await expect(seen).toContainText('Rita Reviewer');
    const decision = ada.inbox.decision();
    await expect(decision.getByLabel('Branch').locator('option')).toHaveText(['true', 'false']);
    await decision.getByLabel('Branch').selectOption('false');
    await decision.getByRole('button', { name: 'Continue on branch' }).click();
    await expect(ada.inbox.message()).toHaveText('Decided; the run resumes');
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
    await expect(page.getByTestId('run.result')).toContainText('general queue');
  } finally {
    await rita.ctx.close();
    await ada.ctx.close();
  }
});

test('whoever started the run cannot approve its review, and is told why', async ({ browser }) => {
  // The admin (also an analyst) starts the run, so the admin may not approve it; a reviewer may.
  const ada = await signedInAs(browser, 'admin');
  try {
    const name = unique('Own run');
    const page = ada.inbox.page;
    await importAndRunUntilWaiting(page, name, routingFlow, 'route', { label: 'refund', confidence: 0.4 });
    await ada.inbox.openTaskOf(name);
    await ada.inbox.decision().getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(ada.inbox.message()).toHaveText('You started this run or edited the flow version it runs, so you cannot approve it: another reviewer must.');
    await page.goto('/inbox');
    await expect(ada.inbox.rowFor(name)).toBeVisible();
  } finally {
    await ada.ctx.close();
  }
});

test('a flow’s review webhook: URL and secret set in its settings; after a reload the secret shows only as set, never as text', async ({ page }) => {
  const secret = `hook-secret-${Date.now()}`;
  const ed = await newFlow(page, unique('Webhook settings'));
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Flow settings' });
  await dialog.getByLabel(/^Review webhook URL/).fill('https://hooks.example.com/review');
  await dialog.getByLabel(/^Review webhook secret/).fill(secret);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await ed.saved();
  await page.reload();
  await expect(ed.node('start')).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel(/^Review webhook URL/)).toHaveValue('https://hooks.example.com/review');
  const field = dialog.getByLabel(/^Review webhook secret/);
  await expect(field).toHaveValue('');
  await expect(field).toHaveAttribute('placeholder', 'set (stored encrypted); type to replace');
  await expect(dialog.getByRole('button', { name: 'Remove the secret' })).toBeVisible();
});
