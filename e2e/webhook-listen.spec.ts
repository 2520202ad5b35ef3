import { test, expect, storageStateFor } from './fixtures';
import { EditorPage, unique } from './pages/editor-page';

test.use({ storageState: storageStateFor('analyst') });

const doc = JSON.stringify({
  version: 1,
  steps: [
    { id: 'hook', type: 'webhook-trigger', config: {}, position: { x: 0, y: 0 } },
    { id: 'reply', type: 'respond', config: { status: 200, body: 'draft got {{ trigger.query.q }}' }, position: { x: 300, y: 0 } },
  ],
  edges: [{ from: 'hook', to: 'reply', port: 'out' }],
});

test('the test URL runs the draft only while the editor listens, for one event, with the method set on the trigger', async ({ page }) => {
  const name = unique('Listen');
  await page.goto('/flows');
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a flow' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('…or paste the JSON').fill(doc);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const ed = new EditorPage(page);
  const testUrl = (await page.getByTestId('editor.webhook-test').textContent())!.trim();
  const unknown = await page.request.post(testUrl.replace(/hooks\/[^/]+/, 'hooks/unknownkey123456'), { data: {} });
  const shape = async (r: typeof unknown) => ({ status: r.status(), body: await r.text(), type: r.headers()['content-type'] });
  expect(unknown.status()).toBe(404);

  // Not listening: the same 404 as an unknown key, and nothing runs.
  expect(await shape(await page.request.post(testUrl, { data: {} }))).toEqual(await shape(unknown));

  // The trigger's method: GET, set in its settings; listening says so and counts down.
  await ed.select('hook');
  await ed.inspector().getByLabel('Method').selectOption('GET');
  await ed.saved();
  const panel = page.getByRole('region', { name: 'Test event' });
  await panel.getByRole('button', { name: 'Listen for a test event' }).click();
  const listening = page.getByTestId('test-event.listening');
  await expect(listening).toContainText(/Listening for a GET to the test URL… \d+ s left/);
  const left = async () => Number(/(\d+) s left/.exec((await listening.textContent()) ?? '')?.[1]);
  const first = await left();
  expect(first).toBeGreaterThan(100);
  expect(first).toBeLessThanOrEqual(120);
  await expect.poll(left).toBeLessThan(first);

  // A POST is refused (405), and does not use up the listen.
  const post = await page.request.post(testUrl, { data: {} });
  expect(post.status()).toBe(405);
  expect(post.headers()['allow']).toBe('GET');

  // One GET is captured: it runs the draft, shows the request and its test run, and listening stops.
  const got = await page.request.get(`${testUrl}?q=hello`);
  expect(got.status()).toBe(200);
  expect(await got.text()).toBe('draft got hello');
  const captured = page.getByTestId('test-event.captured');
  await expect(captured).toContainText('"q": "hello"');
  await expect(captured.getByRole('link')).toHaveText(got.headers()['x-baton-run-id']!.slice(0, 8));
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  await expect(panel.getByRole('button', { name: 'Listen for a test event' })).toBeVisible();
  expect(await shape(await page.request.get(testUrl))).toEqual(await shape(unknown));

  // Stopped by hand: 404 again.
  await panel.getByRole('button', { name: 'Listen for a test event' }).click();
  await expect(listening).toBeVisible();
  await panel.getByRole('button', { name: 'Stop listening' }).click();
  await expect(listening).toBeHidden();
  expect(await shape(await page.request.get(testUrl))).toEqual(await shape(unknown));
});
