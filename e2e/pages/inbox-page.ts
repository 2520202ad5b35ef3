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
