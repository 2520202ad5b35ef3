import { expect, type Page } from '@playwright/test';

/** The reviewer's inbox and task page, driven as a reviewer would. */
export class InboxPage {
  constructor(readonly page: Page) {}

  badge() {
    return this.page.getByRole('navigation', { name: 'Main' }).getByTestId('nav.inbox-count');
  }

  async badgeCount(): Promise<number> {
    await expect(this.badge()).toHaveText(/^\d+$/);
    return Number(await this.badge().textContent());
  }

  rowFor(flowName: string) {
    return this.page.getByRole('table', { name: 'Review tasks' }).getByRole('row').filter({ hasText: flowName });
  }

  async openTaskOf(flowName: string) {
    await this.page.goto('/inbox');
    await this.rowFor(flowName).getByRole('link').first().click();
    await expect(this.page.getByRole('region', { name: 'Why it is here' })).toBeVisible();
  }

  decision() {
    return this.page.getByRole('region', { name: 'Decision' });
  }

  message() {
    return this.page.getByTestId('task.message');
  }
}

/**
 * The analyst imports a flow document and starts a test run of it (with this input); waits until
 * `waitingStep` waits for a person, then opens the run's page (left open by the caller).
 */
export async function importAndRunUntilWaiting(page: Page, name: string, doc: unknown, waitingStep: string, input?: unknown) {
  await page.goto('/flows');
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a flow' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('…or paste the JSON').fill(JSON.stringify(doc));
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await startTestRunUntilWaiting(page, waitingStep, input);
}

/** In the open editor: Run (a test run of the draft, with this input), until `waitingStep` waits; then the run's page. */
export async function startTestRunUntilWaiting(page: Page, waitingStep: string, input?: unknown) {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const run = page.getByRole('dialog', { name: 'Test run of the draft' });
  if (input !== undefined) {
    await run.getByRole('textbox').fill(JSON.stringify(input));
    await run.getByRole('textbox').blur();
  }
  await run.getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId(`node.${waitingStep}.status`)).toHaveText('waiting');
  await page.getByTestId('editor.run-status').getByRole('link').click();
  await expect(page.getByTestId('run.status')).toHaveText('waiting');
}
