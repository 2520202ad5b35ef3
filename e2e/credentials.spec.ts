import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Page, Response as PwResponse } from '@playwright/test';
import { test, expect, storageStateFor } from './fixtures';

/**
 * Admin → Credentials is write-only: after saving, the page (its HTML, its RSC payload, the
 * answers of the actions) shows the secret only as dots and its last four characters; replacing
 * works the same way; a non-admin reaches neither the page nor the actions.
 */
const actionId = (name: string) => {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as { node: Record<string, { exportedName: string; filename?: string }> };
  return Object.entries(manifest.node).find(([, v]) => v.exportedName === name)![0];
};

/** Every answer the browser gets from here on, as text (action answers included). */
function recordResponses(page: Page): () => Promise<string[]> {
  const texts: Promise<string>[] = [];
  page.on('response', (r: PwResponse) => void texts.push(r.text().then((t) => `${r.url()}\n${t}`, () => '')));
  return () => Promise.all(texts);
}

test.describe('admin manages credentials', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('creates an API key, sees it only masked, replaces it, deletes it', async ({ page, request }) => {
    const name = `Billing API ${Date.now()}`;
    const first = `sk_live_${randomBytes(12).toString('hex')}`;
    const second = `sk_live_${randomBytes(12).toString('hex')}`;
    const answers = recordResponses(page);
    await page.goto('/admin/credentials');
    await page.getByRole('button', { name: 'New credential' }).click();
    const dialog = page.getByRole('dialog', { name: 'New credential' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Header name').fill('X Api Key');
    await dialog.getByRole('button', { name: 'Save credential' }).click();
    await expect(dialog.getByText('Enter the key.')).toBeVisible();
    await expect(dialog.getByText('A header name has letters, digits')).toBeVisible();

    await dialog.getByLabel('API key').fill(first);
    await dialog.getByLabel('Header name').fill('X-Api-Key');
    await dialog.getByRole('button', { name: 'Save credential' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId(`credential-row.${name}`);
    await expect(row).toContainText('API key');
    await expect(row).toContainText('Header X-Api-Key');
    await expect(row.getByTestId(`credential-secret.${name}`)).toHaveText(`••••••••${first.slice(-4)}`);
    await expect(row).toContainText('Nobody');

    // A second credential with that name is refused on the field.
    await page.getByRole('button', { name: 'New credential' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Kind').selectOption('bearer');
    await dialog.getByLabel('Token').fill('another-token-value');
    await dialog.getByRole('button', { name: 'Save credential' }).click();
    await expect(dialog.getByText('This name is already taken.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Replace: the form starts with the non-secret fields, the key empty.
    await row.getByRole('button', { name: `Replace secret ${name}` }).click();
    const replace = page.getByRole('dialog', { name: `Replace the secret of ${name}` });
    await expect(replace.getByLabel('Header name')).toHaveValue('X-Api-Key');
    await expect(replace.getByLabel('API key')).toHaveValue('');
    await replace.getByLabel('API key').fill(second);
    await replace.getByRole('button', { name: 'Replace secret' }).click();
    await expect(replace).toBeHidden();
    await expect(row.getByTestId(`credential-secret.${name}`)).toHaveText(`••••••••${second.slice(-4)}`);

    // Neither secret in the page's HTML, its RSC payload, or any answer the browser received.
    const html = await (await request.get('/admin/credentials')).text();
    const rsc = await (await request.get('/admin/credentials', { headers: { RSC: '1' } })).text();
    expect(html).toContain(name);
    expect(rsc).toContain(name);
    for (const text of [html, rsc, await page.content(), ...(await answers())]) {
      expect(text).not.toContain(first);
      expect(text).not.toContain(second);
    }

    await row.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog', { name: `Delete ${name}?` }).getByRole('button', { name: 'Delete' }).click();
    await expect(row).toHaveCount(0);
  });
});

test.describe('non-admins', () => {
  test.use({ storageState: storageStateFor('analyst') });

  test('an analyst neither sees nor opens Credentials, and the create action refuses them', async ({ page, request, baseURL }) => {
    await page.goto('/flows');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credentials' })).toHaveCount(0);
    await page.goto('/admin/credentials');
    await expect(page).toHaveURL(/\/forbidden$/);

    const res = await request.post('/admin/credentials', {
      headers: { 'next-action': actionId('createCredential'), 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin: baseURL! },
      data: JSON.stringify([{ name: 'sneaky', secret: { kind: 'bearer', token: 'sneaky-token-value' } }]),
      maxRedirects: 0,
    });
    const body = await res.text();
    expect(body).toContain('Your role does not allow this.');
    expect(body).not.toContain('"ok":true');
  });
});
