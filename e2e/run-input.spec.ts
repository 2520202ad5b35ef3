import { test, expect, storageStateFor } from './fixtures';
import { EditorPage } from './pages/editor-page';

test.use({ storageState: storageStateFor('analyst') });

test("the Run dialog is a form generated from the trigger's input schema, checks it, and the run gets the typed input", async ({ page }) => {
  await page.goto('/flows');
  await page.getByRole('button', { name: 'New flow' }).click();
  await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(`Typed input ${Date.now()}`);
  await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
  const ed = new EditorPage(page);
  await expect(ed.node('start')).toBeVisible();
  await ed.select('start');
  const schema = { type: 'object', required: ['email', 'count'], properties: { email: { type: 'string', description: 'Who to greet' }, count: { type: 'integer' }, tier: { type: 'string', enum: ['gold', 'silver'] }, vip: { type: 'boolean' } } };
  await ed.inspector().getByLabel('Input Schema').fill(JSON.stringify(schema));
  await ed.inspector().getByLabel('Name').click(); // blur commits the JSON
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Output', exact: true }).click();
  await ed.saved();

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run of the draft' });
  await expect(dialog.getByText('Who to greet')).toBeVisible();
  await dialog.getByLabel('count *').fill('2.5');
  await expect(dialog.getByText('count must be a whole number')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Start test run' })).toBeDisabled();
  await dialog.getByLabel('count *').fill('3');
  await dialog.getByLabel('email *').fill('ada@example.com');
  await dialog.getByLabel('tier').selectOption('gold');
  await dialog.getByLabel('vip').check();

  // The same value as JSON, and back.
  await dialog.getByRole('button', { name: 'Edit as JSON' }).click();
  await expect(dialog.getByLabel("Input (the trigger's output, as JSON)")).toHaveValue(JSON.stringify({ email: 'ada@example.com', count: 3, tier: 'gold', vip: true }, null, 2));
  await dialog.getByRole('button', { name: 'Edit as a form' }).click();
  await expect(dialog.getByLabel('count *')).toHaveValue('3');

  await dialog.getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  await ed.select('output_1');
  await expect(page.getByRole('region', { name: 'Test this step' }).getByTestId('step.input')).toContainText('"count": 3');
});

test('a JSON input that breaks the schema is refused by the server with the field at fault', async ({ page }) => {
  await page.goto('/flows');
  await page.getByRole('button', { name: 'New flow' }).click();
  await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(`Typed JSON ${Date.now()}`);
  await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
  const ed = new EditorPage(page);
  await ed.select('start');
  await ed.inspector().getByLabel('Input Schema').fill(JSON.stringify({ type: 'object', required: ['count'], properties: { count: { type: 'integer' } } }));
  await ed.inspector().getByLabel('Name').click();
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Output', exact: true }).click();
  await ed.saved();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run of the draft' });
  await dialog.getByRole('button', { name: 'Edit as JSON' }).click();
  await dialog.getByLabel("Input (the trigger's output, as JSON)").fill('{"count": "many"}');
  await dialog.getByLabel("Input (the trigger's output, as JSON)").blur();
  await dialog.getByRole('button', { name: 'Start test run' }).click();
  await expect(dialog.getByText('count: must be integer')).toBeVisible();
  await expect(page.getByTestId('editor.run-status')).toHaveCount(0);
});
