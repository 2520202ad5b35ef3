import { test, expect, storageStateFor } from './fixtures';

/** Admin → Models: the installation's daily cost cap, with a field error for a bad amount. */
test.describe('admin sets the daily cost cap', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('refuses a bad amount with a field error, saves a good one and shows today’s spend', async ({ page }) => {
    await page.goto('/admin/models');
    const form = page.getByRole('form', { name: 'Daily cost cap' });
    await expect(form.getByTestId('day-used')).toHaveText(/^\$\d+\.\d+$/);
    const field = form.getByLabel('Daily cost cap (USD)');
    await field.fill('-3');
    await form.getByRole('button', { name: 'Save cap' }).click();
    await expect(form.getByText('Enter an amount in USD above 0, e.g. 20 or 5.50 (empty: no cap)')).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');

    await field.fill('12.5');
    await form.getByRole('button', { name: 'Save cap' }).click();
    await expect(page.getByText('Daily cap saved')).toBeVisible();
    await page.reload();
    await expect(page.getByRole('form', { name: 'Daily cost cap' }).getByLabel('Daily cost cap (USD)')).toHaveValue('12.5');
    await expect(page.getByRole('form', { name: 'Daily cost cap' })).toContainText('of $12.50');

    await page.getByRole('form', { name: 'Daily cost cap' }).getByLabel('Daily cost cap (USD)').fill('');
    await page.getByRole('form', { name: 'Daily cost cap' }).getByRole('button', { name: 'Save cap' }).click();
    await expect(page.getByText('Daily cap removed')).toBeVisible();
  });
});
