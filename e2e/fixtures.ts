import { test as base, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'baton-demo';
export const ROLE_USERS = {
  admin: 'admin@example.com',
  analyst: 'analyst@example.com',
  reviewer: 'reviewer@example.com',
} as const;
export type DemoRole = keyof typeof ROLE_USERS;

export const storageStateFor = (role: DemoRole) => `e2e/.auth/${role}.json`;

/** Each spec picks the signed-in role with `test.use({ storageState: storageStateFor('analyst') })`. */
export const test = base;
export { expect };

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
