import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from '@playwright/test';
import { test, expect, storageStateFor } from './fixtures';
import { InboxPage, importAndRunUntilWaiting } from './pages/inbox-page';

/** Each test's tasks must not count in the other's badge. */
test.describe.configure({ mode: 'serial' });
test.use({ storageState: storageStateFor('analyst'), viewport: { width: 1440, height: 900 } });

/** A loopback scoring API of the test's own: its answer is unsure (confidence 0.3). */
async function scoringApi() {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"label":"maybe","confidence":0.3}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`, close: () => server.close() };
}

/** The flow: the HTTP step's result counts only at confidence ≥ 0.8, else a reviewer decides. */
const scoringFlow = (url: string) => ({
  version: 1,
  steps: [
    { id: 'start', type: 'manual-trigger', config: {} },
    {
      id: 'score',
      type: 'http-request',
      name: 'Score the claim',
      config: { url },
      policy: { confidence: { path: 'body.confidence', threshold: 0.8 }, escalation: { reason: 'Low confidence', deadlineMs: 3_600_000, onTimeout: 'fail', priority: 'high' } },
      contract: { output: { type: 'object', required: ['body'], properties: { body: { type: 'object', required: ['label', 'confidence'], properties: { label: { enum: ['approve', 'deny', 'maybe'] }, confidence: { type: 'number' } } } } } },
    },
    { id: 'result', type: 'output', config: { value: '{{ input.body.label }}' } },
  ],
  edges: [{ from: 'start', to: 'score' }, { from: 'score', to: 'result' }],
});

/** The analyst imports the flow and starts a test run; returns the run page, left open. */
const startPausedRun = (page: Page, name: string, url: string) => importAndRunUntilWaiting(page, name, scoringFlow(url), 'score');

async function signedInAs(browser: Browser, role: 'reviewer' | 'admin') {
  const ctx = await browser.newContext({ storageState: storageStateFor(role), viewport: { width: 1440, height: 900 } });
  return { ctx, inbox: new InboxPage(await ctx.newPage()) };
}

test('a run paused on low confidence: the badge rises live, the reviewer claims, fixes the output and approves, the run finishes', async ({ page, browser }, info) => {
  const api = await scoringApi();
  const { ctx, inbox } = await signedInAs(browser, 'reviewer');
  try {
    await inbox.page.goto('/inbox');
    const before = await inbox.badgeCount();
    const name = `Claims triage ${Date.now()}`;
    await startPausedRun(page, name, api.url);
    // No reload: the reviewer's badge goes up by itself.
    await expect(inbox.badge()).toHaveText(String(before + 1));
    await expect(inbox.rowFor(name)).toContainText('high');
    await inbox.page.screenshot({ path: info.outputPath('inbox.png') });

    await inbox.openTaskOf(name);
    await expect(inbox.page.getByTestId('task.confidence')).toHaveText('Confidence 0.3 is below the threshold 0.8.');
    await expect(inbox.page.getByTestId('task.proposed')).toContainText('"label": "maybe"');
    await inbox.decision().getByRole('button', { name: 'Claim' }).click();
    await expect(inbox.page.getByTestId('task.holder')).toHaveText('You hold this task.');

    await inbox.decision().getByRole('button', { name: 'Edit output' }).click();
    const editor = inbox.decision().getByLabel(/Edited output/);
    await editor.fill('{"status": 200, "body": {"label": "perhaps", "confidence": 1}}');
    await inbox.decision().getByRole('button', { name: 'Approve edited output' }).click();
    await expect(inbox.page.getByTestId('task.field-error.body.label')).toHaveText('body.label must be equal to one of the allowed values');
    await expect(page.getByTestId('run.status')).toHaveText('waiting');
    await inbox.page.screenshot({ path: info.outputPath('task.png') });

    await editor.fill('{"status": 200, "body": {"label": "approve", "confidence": 1}}');
    await inbox.decision().getByRole('button', { name: 'Approve edited output' }).click();
    await expect(inbox.message()).toHaveText('Decided; the run resumes');
    await expect(inbox.badge()).toHaveText(String(before));
    // The analyst's run page, open all along, follows the run to its end.
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
  } finally {
    await ctx.close();
    api.close();
  }
});

test('two reviewers approve the same task at once: exactly one wins, the other is told and nothing changes', async ({ page, browser }) => {
  const api = await scoringApi();
  const a = await signedInAs(browser, 'reviewer');
  const b = await signedInAs(browser, 'admin');
  try {
    const name = `Race ${Date.now()}`;
    await startPausedRun(page, name, api.url);
    await a.inbox.openTaskOf(name);
    await b.inbox.openTaskOf(name);
    await Promise.all([a.inbox.decision().getByRole('button', { name: 'Approve', exact: true }).click(), b.inbox.decision().getByRole('button', { name: 'Approve', exact: true }).click()]);
    const messages = [a.inbox.message(), b.inbox.message()];
    for (const m of messages) await expect(m).toBeVisible();
    const texts = (await Promise.all(messages.map((m) => m.textContent()))).sort();
    expect(texts).toEqual(['Decided; the run resumes', expect.stringMatching(/^(This task was already decided by (Rita Reviewer|Ada Admin)|Someone else decided this task a moment ago); nothing was changed\.$/)].sort());
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
  } finally {
    await a.ctx.close();
    await b.ctx.close();
    api.close();
  }
});

test('keyboard triage and bulk decisions: j moves, a approves the focused task, selected tasks are rejected with one reason', async ({ page, browser }) => {
  const api = await scoringApi();
  const { ctx, inbox } = await signedInAs(browser, 'reviewer');
  try {
    const stamp = `Triage ${Date.now()}`;
    for (const x of ['A', 'B', 'C']) await startPausedRun(page, `${stamp} ${x}`, api.url);
    const p = inbox.page;
    await p.goto(`/inbox?q=${encodeURIComponent(stamp)}`);
    const rows = p.getByRole('table', { name: 'Review tasks' }).locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    await p.keyboard.press('j');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(rows.nth(1)).toContainText(`${stamp} B`);
    await p.keyboard.press('a');
    await expect(p.getByRole('status').filter({ hasText: 'Approved 1 task' })).toBeVisible();
    await expect(rows).toHaveCount(2);
    await expect(p.getByRole('table', { name: 'Review tasks' })).not.toContainText(`${stamp} B`);

    for (const x of ['A', 'C']) await inbox.rowFor(`${stamp} ${x}`).getByRole('checkbox').check();
    await p.getByRole('toolbar', { name: 'Bulk decisions' }).getByRole('button', { name: 'Reject selected' }).click();
    const dialog = p.getByRole('dialog', { name: 'Reject 2 tasks' });
    await dialog.getByLabel('Reason').fill('Duplicate claims');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await expect(p.getByRole('status').filter({ hasText: 'Rejected 2 tasks' })).toBeVisible();
    await expect(p.getByText('Nothing to decide')).toBeVisible();
    await p.goto(`/inbox?status=decided&q=${encodeURIComponent(stamp)}`);
    await expect(p.getByRole('table', { name: 'Review tasks' }).locator('tbody tr')).toHaveCount(3);
    // The last run (C) was rejected: its step failed with the reviewer's reason.
    await expect(page.getByTestId('run.status')).toHaveText('failed');
  } finally {
    await ctx.close();
    api.close();
  }
});
