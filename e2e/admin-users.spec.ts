import { test, expect, storageStateFor, signIn } from './fixtures';

test.describe('admin manages users', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('creates a reviewer, who signs in and sees only Runs; disabling locks them out at the next request', async ({ page, browser }) => {
    const email = `rev-${Date.now()}@example.com`;
    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name').fill('New Reviewer');
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Starting password').fill('short');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText('Use at least 10 characters.')).toBeVisible();

    await dialog.getByLabel('Starting password').fill('a-long-enough-password');
    await dialog.getByLabel('analyst').uncheck();
    await dialog.getByLabel('reviewer').check();
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId(`user-row.${email}`);
    await expect(row).toContainText('Active');

    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const theirs = await other.newPage();
    await signIn(theirs, email, 'a-long-enough-password');
    await expect(theirs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' })).toBeVisible();
    await expect(theirs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' })).toHaveCount(0);

    // Roles are read on every request: granting analyst shows Flows at their next page load.
    await row.getByRole('checkbox', { name: 'analyst' }).check();
    await expect(row.getByRole('checkbox', { name: 'analyst' })).toBeChecked();
    await expect(row.getByTestId(`roles-state.${email}`)).toHaveText('Roles saved');
    await theirs.reload();
    await expect(theirs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' })).toBeVisible();

    await row.getByRole('button', { name: `Disable ${email}` }).click();
    await expect(row).toContainText('Disabled');
    await theirs.goto('/runs');
    await expect(theirs).toHaveURL(/\/sign-in$/);
    await other.close();
  });
});
