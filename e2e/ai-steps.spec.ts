import { test, expect, storageStateFor } from './fixtures';
import { unique } from './pages/editor-page';
import { scriptedOpenAI, type ScriptedReply, type ScriptedServer } from '../lib/testing/scripted-openai';

/**
 * An admin adds an OpenAI-compatible provider (a scripted server of the test's own on 127.0.0.1,
 * which the e2e server's BATON_ALLOWED_HOSTS lets through) with a price; an analyst runs
 * extract → classify → LLM prompt and watches the prompt's answer arrive in pieces, then reads
 * each step's tokens and cost. The scripted server holds its streams where the test needs a
 * known moment: after the extract's first chunk (so the run page is open and subscribed before
 * any live text matters) and after the LLM prompt's first chunk (until the page shows it).
 */

/** A held reply's release. */
function gate() {
  let open!: () => void;
  const held = new Promise<void>((r) => (open = r));
  return { held, open };
}

const FIRST = 'Dear Ms Rivera, ';
const REST = ['we are sorry the kettle arrived broken. ', 'Your refund is on its way.'];

test('an analyst watches an LLM prompt stream and sees what each AI step cost', async ({ browser }) => {
  test.slow(); // two signed-in browsers and a production server on a loaded machine
  const model = `e2e-model-${Date.now()}`;
  const providerName = unique('Scripted');
  const extractGate = gate();
  const promptGate = gate();
  const json = (v: unknown) => JSON.stringify(v);
  // Requests in order: extract (self-rated), classify (self-rated), LLM prompt (streamed text).
  const script: ScriptedReply[] = [
    { kind: 'text', chunks: ['{"answer": {"customer": "Ms Rivera", ', `"product": "kettle"}, "confidence": 0.92}`], usage: { input: 100, output: 20 }, hold: extractGate.held },
    { kind: 'text', chunks: [json({ answer: { label: 'refund' }, confidence: 0.95 })], usage: { input: 80, output: 5 } },
    { kind: 'text', chunks: [FIRST, ...REST], usage: { input: 50, output: 30 }, hold: promptGate.held },
  ];
  let server: ScriptedServer | undefined;
  const admin = await browser.newContext({ storageState: storageStateFor('admin') });
  const analyst = await browser.newContext({ storageState: storageStateFor('analyst') });
  try {
    server = await scriptedOpenAI((req) => script.shift() ?? { kind: 'error', status: 500, message: `unscripted request ${req.path}` }, { models: [model] });

    // Admin → Models: the provider, its model and a price ($1 input, $2 output per million tokens).
    const ap = await admin.newPage();
    await ap.goto('/admin/models');
    await ap.getByRole('button', { name: 'Add provider' }).click();
    const dialog = ap.getByRole('dialog', { name: 'Add model provider' });
    await dialog.getByLabel('Name').fill(providerName);
    await dialog.getByLabel('Kind').selectOption('openai_compatible');
    await dialog.getByLabel('Base URL').fill(`${server.url}/v1`);
    await dialog.getByLabel('Models (one per line)').fill(model);
    await dialog.getByLabel('Default model').fill(model);
    await dialog.getByRole('button', { name: 'Save provider' }).click();
    await expect(dialog).toBeHidden();
    const card = ap.getByTestId(`provider.${providerName}`);
    await card.getByText('Prices (USD per million tokens)').click();
    await card.getByRole('button', { name: 'Add price' }).click();
    await card.getByLabel('Model of price row 1').fill(model);
    await card.getByLabel(`Input price of ${model}`, { exact: true }).fill('1');
    await card.getByLabel(`Output price of ${model}`).fill('2');
    await card.getByRole('button', { name: 'Save prices' }).click();
    await expect(ap.getByRole('status').getByText('Prices saved')).toBeVisible();

    // The analyst imports the flow and starts a test run of it.
    const page = await analyst.newPage();
    const flow = {
      version: 1,
      steps: [
        { id: 'start', type: 'manual-trigger', config: {} },
        { id: 'facts', type: 'extract', name: 'Extract facts', config: { model, text: '{{ input.message }}', schema: { type: 'object', properties: { customer: { type: 'string' }, product: { type: 'string' } }, required: ['customer', 'product'] } } },
        { id: 'kind', type: 'classify', name: 'Classify', config: { model, labels: [{ name: 'refund', description: 'Wants money back' }, { name: 'other', description: 'Anything else' }] } },
        { id: 'reply', type: 'llm-prompt', name: 'Draft reply', config: { model, prompt: 'Write a short reply to a {{ input.label }} request.' } },
      ],
      edges: [{ from: 'start', to: 'facts' }, { from: 'facts', to: 'kind' }, { from: 'kind', to: 'reply', port: 'refund' }],
    };
    await page.goto('/flows');
    await page.getByRole('button', { name: 'Import' }).click();
    const importer = page.getByRole('dialog', { name: 'Import a flow' });
    await importer.getByLabel('Name').fill(unique('Refund desk'));
    await importer.getByLabel('…or paste the JSON').fill(JSON.stringify(flow));
    await importer.getByRole('button', { name: 'Import' }).click();
    await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const run = page.getByRole('dialog', { name: 'Test run of the draft' });
    await run.getByRole('textbox').fill(JSON.stringify({ message: 'My kettle from Ms Rivera arrived broken, I want my money back.' }));
    await run.getByRole('textbox').blur();
    await run.getByRole('button', { name: 'Start test run' }).click();

    // The extract is held mid-answer: open the run's page while it runs.
    await expect(page.getByTestId('node.facts.status')).toHaveText('running');
    await page.getByTestId('editor.run-status').getByRole('link').click();
    await expect(page.getByTestId('run.status')).toHaveText('running');
    await expect(page.getByTestId('node.facts.status')).toHaveText('running');
    extractGate.open();
    // Rendered while the extract ran, the page learns it succeeded only through its event stream: it is subscribed.
    await expect(page.getByTestId('node.facts.status')).toHaveText('succeeded');

    // The prompt's first chunk shows while the provider holds the rest; the rest follows the release.
    const live = page.getByTestId('run.live.reply');
    await expect(live).toHaveText(FIRST.trim());
    await expect(page.getByTestId('node.reply.status')).toHaveText('running');
    promptGate.open();
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
    await expect(live).toBeHidden(); // replaced by the committed output

    // Tokens and cost: 100×$1 + 20×$2, 80×$1 + 5×$2 and 50×$1 + 30×$2 per million tokens.
    await expect(page.getByTestId('run.usage')).toHaveText('285 tokens · $0.00034');
    await expect(page.getByTestId('node.facts.usage')).toHaveText('120 tokens · $0.00014');
    await expect(page.getByTestId('node.kind.usage')).toHaveText('85 tokens · $0.00009');
    await expect(page.getByTestId('node.reply.usage')).toHaveText('80 tokens · $0.00011');
    await expect(page.getByTestId('node.start.usage')).toHaveCount(0);
    const steps: [string, string, string][] = [
      ['facts', 'Extract facts', `100 input + 20 output tokens · cost $0.00014 · ${model}`],
      ['kind', 'Classify', `80 input + 5 output tokens · cost $0.00009 · ${model}`],
      ['reply', 'Draft reply', `50 input + 30 output tokens · cost $0.00011 · ${model}`],
    ];
    for (const [id, name, usage] of steps) {
      await page.getByTestId(`node.${id}`).click();
      const drawer = page.getByRole('dialog', { name: `Step ${name}` });
      await expect(drawer.getByTestId(`drawer.${id}.usage.1`)).toHaveText(usage);
      if (id === 'reply') await expect(drawer.getByTestId('drawer.reply.output')).toContainText(FIRST + REST.join(''));
      await drawer.getByRole('button', { name: 'Close' }).click();
    }

    // The runs list shows the run's total in its cost column.
    const runId = page.url().split('/').at(-1)!;
    await page.goto('/runs');
    await expect(page.getByTestId(`run-row.${runId}.cost`)).toHaveText('285 tokens · $0.00034');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  } finally {
    extractGate.open();
    promptGate.open();
    await admin.close();
    await analyst.close();
    await server?.close();
  }
});
