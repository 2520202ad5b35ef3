import { expect, type Page } from '@playwright/test';

type Kind = 'api_key' | 'bearer' | 'basic' | 'oauth2_client_credentials';

/**
 * Admin → Credentials: adds a credential of `kind` through the form, filling each field by its
 * label (e.g. `{ 'API key': '…', 'Header name': 'X-Api-Key' }`), and waits for its row.
 */
export async function addCredential(page: Page, name: string, kind: Kind, fields: Record<string, string>) {
  await page.goto('/admin/credentials');
  await page.getByRole('button', { name: 'New credential' }).click();
  const dialog = page.getByRole('dialog', { name: 'New credential' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Kind').selectOption(kind);
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Save credential' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`credential-row.${name}`)).toBeVisible();
}

/** Replaces a credential's secret fields (same kind), by label. */
export async function replaceCredentialSecret(page: Page, name: string, fields: Record<string, string>) {
  await page.goto('/admin/credentials');
  await page.getByTestId(`credential-row.${name}`).getByRole('button', { name: `Replace secret ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Replace the secret of ${name}` });
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Replace secret' }).click();
  await expect(dialog).toBeHidden();
}
