import AxeBuilder from '@axe-core/playwright';
import { test, expect, storageStateFor } from './fixtures';
import { reply, scriptedOpenAI, type ScriptedServer } from '../lib/testing/scripted-openai';

/**
 * Admin → Models against a scripted OpenAI-compatible server of the test's own on 127.0.0.1
 * (the e2e server's BATON_ALLOWED_HOSTS lets it through the outbound guard; 127.0.0.2 is not).
 */
test.describe('admin configures a model provider', () => {
  test.use({ storageState: storageStateFor('admin') });
  let server: ScriptedServer;
  test.beforeEach(async () => {
    server = await scriptedOpenAI(() => ({ ...reply.text('pong'), usage: { input: 12, output: 1 } }), { models: ['qwen-test', 'llama-test'] });
  });
  test.afterEach(() => server.close());

  test('adds an OpenAI-compatible provider, tests the connection, fetches its models and sets a price', async ({ page }) => {
    const name = `Local ${Date.now()}`;
    await page.goto('/admin/models');
    await page.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add model provider' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Kind').selectOption('openai_compatible');
    await dialog.getByLabel('Base URL').fill(`${server.url}/v1`);
    await dialog.getByLabel('Models (one per line)').fill('qwen-test');
    await dialog.getByLabel('Default model').fill('qwen-test');
    await dialog.getByRole('button', { name: 'Save provider' }).click();
    await expect(dialog).toBeHidden();

    const card = page.getByTestId(`provider.${name}`);
    await expect(card).toContainText('Default model: qwen-test · 1 model');
    await card.getByRole('button', { name: 'Test connection' }).click();
    const result = card.getByTestId('connection-test');
    await expect(result).toContainText('qwen-test answered “pong”');
    await expect(result).toContainText('12 input + 1 output tokens · cost unknown (no price set)');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    await card.getByRole('button', { name: `Edit ${name}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${name}` });
    await edit.getByRole('button', { name: 'Fetch models from the provider' }).click();
    await expect(edit.getByLabel('Models (one per line)')).toHaveValue('llama-test\nqwen-test');
    await edit.getByRole('button', { name: 'Save provider' }).click();
    await expect(edit).toBeHidden();
    await expect(card).toContainText('2 models');

    await card.getByText('Prices (USD per million tokens)').click();
    await card.getByRole('button', { name: 'Add price' }).click();
    await card.getByLabel('Model of price row 1').fill('qwen-test');
    await card.getByRole('button', { name: 'Save prices' }).click();
    await expect(card.getByText('Enter a price (a number).').first()).toBeVisible();
    await card.getByLabel('Input price of qwen-test', { exact: true }).fill('1');
    await card.getByLabel('Output price of qwen-test').fill('2');
    await card.getByRole('button', { name: 'Save prices' }).click();
    await expect(page.getByRole('status').getByText('Prices saved')).toBeVisible();

    // 12 input tokens × $1 + 1 output token × $2, per million.
    await card.getByRole('button', { name: 'Test connection' }).click();
    await expect(result).toContainText('cost $0.000014');
    await page.reload();
    await expect(page.getByTestId(`provider.${name}`).getByLabel('Input price of qwen-test', { exact: true })).toHaveValue('1');

    // The provider card with its price table names every control (the a11y spec sees only the empty page).
    const axe = await new AxeBuilder({ page }).withRules(['button-name', 'label', 'aria-input-field-name', 'select-name', 'nested-interactive']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  });

  test('a provider at an address the guard refuses says which allow-list entry to add', async ({ page }) => {
    const name = `Blocked ${Date.now()}`;
    await page.goto('/admin/models');
    await page.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add model provider' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Base URL').fill(`http://127.0.0.2:${server.port}/v1`);
    await dialog.getByLabel('Models (one per line)').fill('qwen-test');
    await dialog.getByLabel('Default model').fill('qwen-test');
    await dialog.getByRole('button', { name: 'Save provider' }).click();
    await expect(dialog).toBeHidden();
    const card = page.getByTestId(`provider.${name}`);
    await card.getByRole('button', { name: 'Test connection' }).click();
    await expect(card.getByRole('alert')).toContainText(`Add 127.0.0.2:${server.port} to BATON_ALLOWED_HOSTS`);
    expect(server.connections).toBe(0);
  });
});

test.describe('Models is an admin page', () => {
  test.use({ storageState: storageStateFor('analyst') });
  test('an analyst lands on the forbidden page', async ({ page }) => {
    await page.goto('/admin/models');
    await expect(page).toHaveURL(/\/forbidden$/);
  });
});
