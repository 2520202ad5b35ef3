import { createServer } from 'node:net';
import { test, expect, storageStateFor } from './fixtures';

/** A loopback port nothing listens on (bound, then released). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

test.describe('admin connects MCP servers', () => {
  test.use({ storageState: storageStateFor('admin') });
  test.describe.configure({ timeout: 60_000 });

  test('adds an allowed stdio server, sees its tools with schemas and exposes one, which an analyst then finds in the palette; a dead URL shows its error in words', async ({ page, browser }) => {
    const name = `fixture-${Date.now()}`;
    await page.goto('/admin/mcp');
    await page.getByRole('button', { name: 'Add MCP server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add MCP server' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Local command (stdio)').check();
    await expect(dialog.getByLabel('Command', { exact: true })).toContainText('fixture-server.mjs');
    await dialog.getByRole('button', { name: 'Add and connect' }).click();

    await expect(page.getByRole('heading', { name })).toBeVisible();
    await expect(page.getByTestId('mcp.health')).toHaveText('Connected');
    const envTool = page.getByTestId('mcp.tool.env');
    await expect(envTool).toContainText('The names of the environment variables');
    await envTool.getByText('Input schema (no parameters)').click();
    await expect(envTool.locator('pre')).toContainText('"type": "object"');
    const expose = envTool.getByRole('checkbox', { name: 'Expose env' });
    await expose.check();
    // The box is disabled while the action runs (it now registers the registry tool too), and reverts if refused.
    await expect(expose).toBeEnabled();
    await expect(expose).toBeChecked();
    await page.reload();
    await expect(page.getByTestId('mcp.tool.env').getByRole('checkbox', { name: 'Expose env' })).toBeChecked();
    await expect(page.getByTestId('mcp.tool.fail').getByRole('checkbox', { name: 'Expose fail' })).not.toBeChecked();

    // The exposed tool is a registry tool now: an analyst places it like any other; the hidden one is not offered.
    const analyst = await browser.newContext({ storageState: storageStateFor('analyst') });
    const editor = await analyst.newPage();
    await editor.goto('/flows');
    await editor.getByRole('button', { name: 'New flow' }).click();
    await editor.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(`Uses ${name}`);
    await editor.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
    const palette = editor.getByRole('complementary', { name: 'Steps' });
    await expect(palette.getByRole('heading', { name: `Tools · MCP · ${name}` })).toBeVisible();
    await expect(palette.getByRole('button', { name: `${name}/env`, exact: true })).toBeVisible();
    await expect(palette.getByRole('button', { name: `${name}/fail`, exact: true })).toHaveCount(0);
    await analyst.close();

    const port = await closedPort();
    await page.goto('/admin/mcp');
    await page.getByRole('button', { name: 'Add MCP server' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill(`${name}-http`);
    await dialog.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/mcp`);
    await dialog.getByRole('button', { name: 'Add and connect' }).click();
    await expect(page.getByRole('heading', { name: `${name}-http` })).toBeVisible();
    await expect(page.getByTestId('mcp.health')).toHaveText('Failing');
    await expect(page.getByTestId('mcp.lastError')).toHaveText('Last error: connection refused by 127.0.0.1');

    await page.goto('/admin/mcp');
    await expect(page.getByTestId(`mcp.server.${name}`)).toContainText('1 of 5 exposed');
  });

  test.describe('as an analyst', () => {
    test.use({ storageState: storageStateFor('analyst') });
    test('the page is not theirs', async ({ page }) => {
      await page.goto('/admin/mcp');
      await expect(page).toHaveURL(/\/forbidden$/);
    });
  });
});
