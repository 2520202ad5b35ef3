import { test, expect } from '@playwright/test';

test('without demo accounts, the first visit creates the admin, and set-up then closes', async ({ page, browser }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel('Name').fill('First Admin');
  await page.getByLabel('Email').fill('owner@example.com');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
  await page.getByLabel('Password').fill('a-strong-password');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toBeVisible();

  const other = await browser.newContext();
  const visitor = await other.newPage();
  await visitor.goto('/setup');
  await expect(visitor).toHaveURL(/\/sign-in$/);
  await expect(visitor.getByRole('link', { name: 'Flows' })).toHaveCount(0);
  await other.close();
});
