import { test, expect, storageStateFor } from './fixtures';
import { EditorPage, newFlow, unique } from './pages/editor-page';

test.use({ storageState: storageStateFor('analyst') });

test('build a flow by dragging from the palette, connect, configure, save, reload, run', async ({ page }) => {
  const ed = await newFlow(page, unique('Greeter'));
  await ed.dragFromPalette('Set fields', { x: 320, y: 120 });
  await expect(ed.node('transform_1')).toBeVisible();
  await ed.connect('start', 'transform_1');
  await ed.select('transform_1');
  await ed.inspector().getByRole('button', { name: '+ Add one' }).click();
  await ed.inspector().getByLabel('Fields to set 1 name').fill('greeting');
  await ed.inspector().getByLabel('Fields to set 1 value').fill('hi {{ input.name }}');
  // Clicking a palette entry adds the step after the selected one, connected.
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Output', exact: true }).click();
  await expect(ed.node('output_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await ed.saved();

  await page.reload();
  await expect(ed.node('output_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await ed.select('transform_1');
  await expect(ed.inspector().getByLabel('Fields to set 1 value')).toHaveValue('hi {{ input.name }}');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run of the draft' });
  await dialog.getByRole('textbox').fill('{"name": "Ada"}');
  await dialog.getByRole('textbox').blur();
  await dialog.getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  await expect(ed.node('output_1').getByTestId('node.output_1.status')).toHaveText('succeeded');
  await page.getByTestId('editor.run-status').getByRole('link').click();
  await expect(page.getByTestId('run.result')).toContainText('hi Ada');
});

test('undo and redo', async ({ page }) => {
  const ed = await newFlow(page, unique('Undo'));
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Code', exact: true }).click();
  await expect(ed.node('code_1')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(ed.node('code_1')).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(ed.node('code_1')).toBeVisible();
  await page.getByLabel('Flow canvas').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await expect(ed.node('code_1')).toHaveCount(0);
});

test('an invalid connection is refused with a reason, and problems point at their step', async ({ page }) => {
  const ed = await newFlow(page, unique('Cycle'));
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Set fields', exact: true }).click();
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Set fields', exact: true }).click();
  await expect(ed.node('transform_2')).toBeVisible();
  await ed.connect('transform_2', 'transform_1');
  await expect(page.getByText('Cannot connect: This connection would make a cycle; use a loop step to repeat work.')).toBeVisible();

  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'HTTP request', exact: true }).click();
  const problems = page.getByRole('region', { name: 'Problems panel' });
  await expect(problems).toContainText('Enter the URL to call');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
});

test('importing a bad document shows located errors and creates nothing', async ({ page }) => {
  const name = unique('Broken import');
  await page.goto('/flows');
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a flow' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('…or paste the JSON').fill('{"version":1,"steps":[{"id":"t","type":"webhook-trigger"},{"id":"a","type":"teleport"}],"edges":[{"from":"t","to":"a"}]}');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('alert')).toContainText('step a (type): Unknown step type "teleport"');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
});

test('a second page editing the same flow gets a conflict, never a silent overwrite', async ({ page, context }) => {
  const ed = await newFlow(page, unique('Conflict'));
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  const ed2 = new EditorPage(other);
  await expect(ed2.node('start')).toBeVisible();

  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Code', exact: true }).click();
  await ed.saved();
  await other.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Wait', exact: true }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'Someone else saved' })).toContainText('Someone else saved this flow since you opened it');
  await other.getByRole('button', { name: 'Reload their version' }).click();
  await expect(ed2.node('code_1')).toBeVisible();
  await expect(ed2.node('delay_1')).toHaveCount(0);
});

test('publish, edit, then restore a version', async ({ page }) => {
  const ed = await newFlow(page, unique('Versioned'));
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Output', exact: true }).click();
  await ed.saved();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('dialog', { name: 'Publish a version' }).getByLabel('Note').fill('first cut');
  await page.getByRole('dialog', { name: 'Publish a version' }).getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('button', { name: 'Versions (1)' })).toBeVisible();

  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Code', exact: true }).click();
  await expect(ed.node('code_1')).toBeVisible();
  await ed.saved();
  await page.getByRole('button', { name: 'Versions (1)' }).click();
  await expect(page.getByRole('dialog', { name: 'Versions' })).toContainText('first cut');
  await expect(page.getByRole('dialog', { name: 'Versions' })).toContainText('added start, output_1');
  await page.getByRole('button', { name: 'Restore v1' }).click();
  await expect(ed.node('code_1')).toHaveCount(0);
  await expect(ed.node('output_1')).toBeVisible();
  await page.reload();
  await expect(ed.node('code_1')).toHaveCount(0);
});

test('run up to a step, see its input and output, pin it; test runs then use the pinned data', async ({ page }) => {
  await page.goto('/flows');
  await page.getByRole('link', { name: 'Enrich a lead in parallel' }).click();
  const ed = new EditorPage(page);
  await ed.select('normalise');
  const panel = page.getByRole('region', { name: 'Test this step' });
  await panel.getByRole('button', { name: 'Run up to here' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  await expect(panel.getByTestId('step.input')).toContainText('{}');
  await expect(panel.getByTestId('step.output')).toContainText('"name": ""');
  await expect(ed.node('score')).not.toContainText('SUCCEEDED');

  await panel.getByRole('button', { name: 'Pin this output' }).click();
  await expect(panel.getByTestId('step.pinned')).toBeVisible();
  await expect(ed.node('normalise')).toContainText('pinned');
  await ed.saved();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Test run of the draft' });
  await dialog.getByRole('textbox').fill('{"email": "ada@example.com", "name": "  Ada  Lovelace "}');
  await dialog.getByRole('textbox').blur();
  await dialog.getByRole('button', { name: 'Start test run' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  await expect(ed.node('normalise').getByTestId('node.normalise.status')).toHaveText('pinned');
  await panel.getByRole('button', { name: 'Unpin' }).click();
  await expect(panel.getByTestId('step.pinned')).toHaveCount(0);
});

test('keyboard: "/" opens the step picker; copy, paste into another flow, duplicate; auto-layout; shortcuts help', async ({ page }) => {
  const ed = await newFlow(page, unique('Keys'));
  await page.getByLabel('Flow canvas').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('/');
  const picker = page.getByRole('dialog', { name: 'Add a step' });
  await picker.getByLabel('Find a step type').fill('set fi');
  await picker.getByLabel('Find a step type').press('Enter');
  await expect(ed.node('transform_1')).toBeVisible();

  await ed.select('transform_1');
  await page.keyboard.press('Control+d');
  await expect(ed.node('transform_1_copy')).toBeVisible();
  await ed.select('transform_1');
  await page.keyboard.press('Control+c');
  await ed.saved();

  const other = await newFlow(page, unique('Paste target'));
  await page.getByLabel('Flow canvas').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Control+v');
  await expect(other.node('transform_1_copy')).toBeVisible();

  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await ed.saved();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Shortcuts' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Copy / paste selected steps');
});

test('expression fields preview their value live against the last test input, and show errors', async ({ page }) => {
  const ed = await newFlow(page, unique('Preview'));
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'If', exact: true }).click();
  await ed.select('condition_1');
  const condition = ed.inspector().getByLabel('Condition');
  await condition.fill('{{ upper("ab") }}');
  await expect(ed.inspector().getByTestId('expression.preview')).toContainText('= "AB" (no sample input yet');
  await ed.saved();
  await page.getByRole('region', { name: 'Test this step' }).getByRole('button', { name: 'Run up to here' }).click();
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  await condition.fill('{{ upper("ab") + len(input) }}');
  await expect(ed.inspector().getByTestId('expression.preview')).toHaveText('= "AB0"');
  await condition.fill('{{ input. }}');
  await expect(ed.inspector().getByTestId('expression.preview')).toContainText('Cannot parse');
});

test('flow settings: the error flow is picked by name, and a bad error webhook URL is a located problem', async ({ page }) => {
  await newFlow(page, unique('Settings'));
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Output', exact: true }).click();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Flow settings' });
  const errorFlow = dialog.getByLabel(/^Error flow/);
  await errorFlow.selectOption((await errorFlow.locator('option', { hasText: 'Enrich a lead in parallel' }).getAttribute('value'))!);
  await dialog.getByLabel(/^Error webhook URL/).fill('not a url');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('region', { name: 'Problems panel' })).toContainText('Enter a full URL');
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByLabel(/^Error webhook URL/).fill('https://hooks.example.com/baton');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  const ed = new EditorPage(page);
  await ed.saved();
  await page.reload();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel(/^Error flow/).locator('option:checked')).toContainText('Enrich a lead in parallel');
});

test('expression fields complete upstream outputs from declared schemas and the last run', async ({ page }) => {
  const ed = await newFlow(page, unique('Complete'));
  await ed.select('start');
  await ed.inspector().getByLabel('Input Schema').fill(JSON.stringify({ type: 'object', properties: { email: { type: 'string' }, plan: { type: 'string' } } }));
  await ed.inspector().getByLabel('Name').click();
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'If', exact: true }).click();
  await ed.select('condition_1');
  const condition = ed.inspector().getByLabel('Condition');
  await condition.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('{{ trigger.body.em');
  const list = page.getByRole('listbox');
  await list.getByRole('option', { name: /email/ }).click();
  await page.keyboard.type(' == "a" }}');
  await expect(condition).toHaveText('{{ trigger.body.email == "a" }}');
  // Steps that are not upstream are never offered.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('{{ steps.');
  await page.keyboard.press('Control+Space');
  await expect(list.getByRole('option')).toHaveCount(0);
});

test('sticky notes: add, write, survive a reload, delete', async ({ page }) => {
  await newFlow(page, unique('Notes'));
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByRole('textbox', { name: 'Sticky note' });
  await note.fill('Ask finance before changing the threshold');
  await note.blur();
  const ed = new EditorPage(page);
  await ed.saved();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Sticky note' })).toHaveValue('Ask finance before changing the threshold');
  // A note is not a step: no problems, and the flow stays runnable.
  await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'Output', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Delete note' }).click();
  await expect(page.getByRole('textbox', { name: 'Sticky note' })).toHaveCount(0);
  await ed.saved();
  await page.reload();
  await expect(ed.node('output_1')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Sticky note' })).toHaveCount(0);
});

test('contracts: a schema that is not one is refused in the form; a connection whose contracts cannot fit is refused with the property at fault', async ({ page }) => {
  const ed = await newFlow(page, unique('Contracts'));
  const palette = page.getByRole('complementary', { name: 'Steps' });
  await palette.getByRole('button', { name: 'Set fields', exact: true }).click();
  await palette.getByRole('button', { name: 'Set fields', exact: true }).click();
  await ed.select('transform_2');
  await ed.inspector().getByText('Contract (JSON Schema)').click();
  const input = ed.inspector().getByLabel('Input schema');
  await input.fill('{"type": "text"}');
  await input.blur();
  await expect(ed.inspector().getByText(/Not a valid JSON Schema/)).toBeVisible();
  await input.fill(JSON.stringify({ type: 'object', required: ['email'], properties: { email: { type: 'string' } } }));
  await input.blur();
  await expect(ed.inspector().getByText(/Not a valid JSON Schema/)).toHaveCount(0);

  await ed.select('start');
  await ed.inspector().getByLabel('Input Schema').fill(JSON.stringify({ type: 'object', required: ['email'], properties: { email: { type: 'number' } } }));
  await ed.inspector().getByLabel('Name').click();
  await ed.saved();
  await ed.connect('start', 'transform_2');
  await expect(page.getByText('Cannot connect: The contracts do not fit: "email" is number, but string is expected.')).toBeVisible();
});
