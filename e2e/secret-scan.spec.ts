import { test, expect, type Page, type Response as PwResponse } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, statSync, truncateSync, appendFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { scanDatabase, scanText, type SecretHit } from '../lib/testing/secret-scan';
import { freePort } from '../lib/testing/processes';
import { DEMO_PASSWORD, ROLE_USERS, signIn } from './fixtures';
import { addCredential, replaceCredentialSecret } from './pages/credentials-page';

/**
 * Secrets never reach the browser, responses, logs, run data or any table. A server of its own
 * (its log file and database hold only this session) runs a scripted session with three planted
 * secrets: a webhook's header token, an HTTP step header marked secret (sent to a loopback server
 * that echoes every header back, so it would land in the step's output if masking failed), and
 * an API token. Then every response the browser got, every page's HTML, SSE streams, value
 * downloads, API answers, the server log and every text/varchar/jsonb column of every table
 * (read from information_schema) are searched. A positive control proves the scan would see a
 * secret in a row and in a log line.
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

// Ports picked free at start: this server runs beside the suite's own and other checkouts'.
let PORT: number;
let PG_PORT: number;
let BASE: string;
let DIR: string;
let LOG: string;
const DB_URL = () => `postgres://baton:baton-local@127.0.0.1:${PG_PORT}/postgres`;

const WEBHOOK_TOKEN = `whk${randomBytes(12).toString('hex')}`;
const HTTP_SECRET = `hdr${randomBytes(12).toString('hex')}`;
/** One secret of every credential kind, entered in Admin → Credentials (one replaced). */
const CREDENTIAL_SECRETS = {
  apiKey: `key${randomBytes(12).toString('hex')}`,
  apiKeyReplaced: `kyr${randomBytes(12).toString('hex')}`,
  bearer: `brr${randomBytes(12).toString('hex')}`,
  basic: `pwd${randomBytes(12).toString('hex')}`,
  clientSecret: `ocs${randomBytes(12).toString('hex')}`,
};

let server: ChildProcess;
let exited: Promise<number | null>;
let echo: http.Server;
let echoed = 0;

test.beforeAll(async () => {
  [PORT, PG_PORT] = [await freePort(), await freePort()];
  BASE = `http://localhost:${PORT}`;
  DIR = `.data/e2e-secret-scan-${PORT}`;
  LOG = `${DIR}.log`;
  // Echoes back every request header, in its body and as response headers.
  echo = http.createServer((req, res) => {
    if (JSON.stringify(req.headers).includes(HTTP_SECRET)) echoed++;
    const back = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [`x-echo-${k}`, String(v)]));
    res.writeHead(200, { 'content-type': 'application/json', ...back }).end(JSON.stringify({ youSent: req.headers }));
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  rmSync(DIR, { recursive: true, force: true });
  rmSync(LOG, { force: true });
  const fd = openSync(LOG, 'a');
  server = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/hooks/server-only.mjs', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(PORT), BATON_DATA_DIR: DIR, BATON_PG_PORT: String(PG_PORT), DATABASE_URL: '', BATON_DEMO: '1', LOG_LEVEL: 'debug', BATON_ALLOWED_HOSTS: `127.0.0.1:${(echo.address() as AddressInfo).port}`, BATON_SCHEDULER: 'off', BATON_DEMO_API_PORT: '0', AUTH_SECRET: '', ENCRYPTION_KEY: '' },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  exited = new Promise((r) => server.once('exit', (code) => r(code)));
  const failed = exited.then((code) => `exited with ${code}: ${readFileSync(LOG, 'utf8').slice(-2000)}`);
  const up = expect.poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status, { timeout: 180_000, intervals: [500] }).toBe(200).then(() => 'up');
  expect(await Promise.race([up, failed])).toBe('up');
});

test.afterAll(async () => {
  echo?.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  rmSync(DIR, { recursive: true, force: true });
  rmSync(LOG, { force: true });
});

const flowDoc = (echoUrl: string) => JSON.stringify({
  version: 1,
  steps: [
    { id: 'hook', type: 'webhook-trigger', config: { auth: { kind: 'header', header: 'X-Hook-Key', token: WEBHOOK_TOKEN } }, position: { x: 0, y: 0 } },
    { id: 'call', type: 'http-request', config: { method: 'POST', url: echoUrl, headers: [{ name: 'X-Echo-Secret', value: HTTP_SECRET, secret: true }], body: '{{ input }}' }, position: { x: 250, y: 0 } },
    { id: 'reply', type: 'respond', config: { status: 200, body: '{{ steps.call.output }}' }, position: { x: 500, y: 0 } },
  ],
  edges: [{ from: 'hook', to: 'call', port: 'out' }, { from: 'call', to: 'reply', port: 'out' }],
});

type Seen = { where: string; text: string };


test('no planted secret is found anywhere after a scripted session; the control is found', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  const seen: Promise<Seen>[] = [];
  const fromBrowser = new Map<PwResponse, number>();
  const record = (where: string, text: Promise<string>) => seen.push(text.then((t) => ({ where, text: t }), () => ({ where, text: '' })));
  context.on('response', (r) => {
    fromBrowser.set(r, seen.length);
    const head = JSON.stringify(r.headers());
    // SSE streams end after the run's terminal event; bounded in case one does not.
    record(`${r.request().method()} ${r.url()}`, Promise.race([r.text(), new Promise<string>((res) => setTimeout(() => res(''), 20_000))]).then((body) => `${head}\n${body}`));
  });
  const snapshot = async (p: Page, where: string) => record(`html ${where}`, p.content());

  await signIn(page, ROLE_USERS.admin, DEMO_PASSWORD);
  await expect(page).not.toHaveURL(/sign-in/);

  // An API token: shown once, on purpose, in the answer of the action that creates it (left out of the scan).
  await page.goto('/settings/tokens');
  await page.getByLabel('Token name').fill('scan');
  await page.getByLabel('runs:write').check();
  const [created] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && !!r.request().headers()['next-action']),
    page.getByRole('button', { name: 'Create token' }).click(),
  ]);
  // Its recorded text is dropped below; every other response is scanned.
  const excluded = fromBrowser.get(created);
  expect(excluded).toBeDefined();
  const API_TOKEN = (await page.getByTestId('tokens.fresh').textContent())!.trim();
  expect(API_TOKEN.length).toBeGreaterThan(20);
  const SECRETS = [WEBHOOK_TOKEN, HTTP_SECRET, API_TOKEN, ...Object.values(CREDENTIAL_SECRETS)];

  // Every credential kind through the write-only form (the secrets go up in action requests; no answer may carry them back).
  const C = CREDENTIAL_SECRETS;
  await addCredential(page, 'Scan key', 'api_key', { 'API key': C.apiKey, 'Header name': 'X-Scan-Key' });
  await replaceCredentialSecret(page, 'Scan key', { 'API key': C.apiKeyReplaced });
  await addCredential(page, 'Scan bearer', 'bearer', { Token: C.bearer });
  await addCredential(page, 'Scan basic', 'basic', { Username: 'scan-user', Password: C.basic });
  await addCredential(page, 'Scan oauth', 'oauth2_client_credentials', { 'Token URL': 'https://idp.example.com/oauth/token', 'Client ID': 'scan-client', 'Client secret': C.clientSecret });

  // The flow, imported (its secrets sealed on the way in), published and activated.
  const name = `Scan ${Date.now()}`;
  await page.goto('/flows');
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a flow' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('…or paste the JSON').fill(flowDoc(`http://127.0.0.1:${(echo.address() as AddressInfo).port}/echo`));
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const flowId = page.url().split('/').pop()!;
  const production = (await page.getByTestId('editor.webhook-production').textContent())!.trim();
  const testUrl = (await page.getByTestId('editor.webhook-test').textContent())!.trim();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('dialog', { name: 'Publish a version' }).getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published version 1')).toBeVisible();
  await page.goto('/flows');
  // A controlled checkbox: it turns on once the action answered.
  await page.getByLabel(`Active: ${name}`).click();
  await expect(page.getByTestId(`flow-row.${name}`)).toContainText('On');

  // Production webhook: refused without its token, run with it.
  const api = context.request;
  const refused = await api.post(production, { data: { hello: 1 } });
  expect(refused.status()).toBe(401);
  record('webhook 401', refused.text());
  const hooked = await api.post(production, { data: { hello: 'world' }, headers: { 'X-Hook-Key': WEBHOOK_TOKEN } });
  expect(hooked.status()).toBe(200);
  record('webhook 200', hooked.text().then((b) => `${JSON.stringify(hooked.headers())}\n${b}`));
  const runIds = [hooked.headers()['x-baton-run-id']!];

  // The test URL, while the editor listens for a test event.
  await page.goto(`/flows/${flowId}`);
  await page.getByTestId('node.hook').click();
  await page.getByRole('button', { name: 'Listen for a test event' }).click();
  await expect(page.getByTestId('test-event.listening')).toContainText('s left');
  const tested = await api.post(testUrl, { data: { hello: 'test' }, headers: { 'X-Hook-Key': WEBHOOK_TOKEN } });
  expect(tested.status()).toBe(200);
  record('test webhook 200', tested.text());
  runIds.push(tested.headers()['x-baton-run-id']!);
  await expect(page.getByTestId('test-event.captured')).toContainText('"hello": "test"');
  await expect(page.getByTestId('editor.run-status')).toContainText('succeeded');
  await snapshot(page, 'editor');

  // The API, with the token.
  const auth = { authorization: `Bearer ${API_TOKEN}` };
  const started = await api.post(`/api/v1/flows/${flowId}/runs`, { data: { input: { via: 'api' } }, headers: auth });
  expect(started.status()).toBe(202);
  const apiRun = ((await started.json()) as { runId: string }).runId;
  runIds.push(apiRun);
  await expect.poll(async () => ((await (await api.get(`/api/v1/runs/${apiRun}`, { headers: auth })).json()) as { status: string }).status).toBe('succeeded');
  for (const path of [`/api/v1/runs/${apiRun}`, `/api/v1/runs?flowId=${flowId}`, '/api/v1/openapi.json']) {
    const res = await api.get(path, { headers: auth });
    expect(res.status()).toBe(200);
    record(`api ${path}`, res.text());
  }
  expect(echoed).toBe(3);

  // Pages, the step drawer, SSE and the whole-value downloads of every run.
  for (const id of runIds) {
    await page.goto(`/runs/${id}`);
    await expect(page.getByTestId('run.status')).toHaveText('succeeded');
    await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /call/ }).first().click();
    await expect(page.getByTestId('drawer.call.output')).toContainText('youSent');
    await snapshot(page, `/runs/${id}`);
    const sse = await api.get(`/api/runs/${id}/events`);
    expect(sse.status()).toBe(200);
    const stream = await sse.text();
    expect(stream).toContain('data:');
    record(`sse ${id}`, Promise.resolve(stream));
    for (const step of ['hook', 'call', 'reply']) {
      for (const part of ['input', 'output', 'error']) {
        const res = await api.get(`/api/runs/${id}/values?step=${step}&attempt=1&part=${part}`);
        record(`download ${id} ${step} ${part} ${res.status()}`, res.text());
      }
    }
  }
  for (const path of ['/', '/flows', `/flows/${flowId}`, '/runs', '/settings/tokens', '/admin/users', '/admin/credentials']) {
    await page.goto(path);
    await snapshot(page, path);
  }
  await context.close();
  const texts = (await Promise.all(seen)).filter((_, i) => i !== excluded);
  expect(texts.length).toBeGreaterThan(50);
  // The echoed secret really reached Baton: the step output holds the echo, masked.
  expect(texts.some((t) => t.text.includes('x-echo-x-echo-secret'))).toBe(true);

  const keys = JSON.parse(readFileSync(`${DIR}/secrets.json`, 'utf8')) as { authSecret: string; encryptionKey: string };
  const needles = [...SECRETS, keys.authSecret, keys.encryptionKey];
  const sql = postgres(DB_URL(), { max: 1, onnotice: () => {} });
  try {
    // Positive control, in a row: found where it was planted, then removed.
    await sql`update flows set description = ${`control ${HTTP_SECRET}`} where id = ${flowId}`;
    const planted = (await scanDatabase(sql, needles)).hits.filter((h) => h.where === 'public.flows.description');
    expect(planted).toEqual([{ secret: HTTP_SECRET, where: 'public.flows.description', count: 1 }]);
    await sql`update flows set description = '' where id = ${flowId}`;

    // Positive control, in a log line as the logger writes it: found, then removed.
    const size = statSync(LOG).size;
    appendFileSync(LOG, `${JSON.stringify({ t: new Date().toISOString(), level: 'info', msg: 'control', headers: { 'x-hook-key': WEBHOOK_TOKEN } })}\n`);
    const logged = readFileSync(LOG, 'utf8');
    expect(scanText('server log', logged.slice(size), needles)).toEqual([{ secret: WEBHOOK_TOKEN, where: 'server log' }]);
    expect(scanText('server log', logged, needles)).toContainEqual({ secret: WEBHOOK_TOKEN, where: 'server log' });
    truncateSync(LOG, size);

    // The real scan.
    const db = await scanDatabase(sql, needles);
    expect(db.columns.length).toBeGreaterThan(40);
    const log = readFileSync(LOG, 'utf8');
    expect(log).toContain('"level":"info"');
    const hits: SecretHit[] = [...db.hits, ...scanText('server log', log, needles), ...texts.flatMap((t) => scanText(t.where, t.text, needles))];
    expect(hits).toEqual([]);
  } finally {
    await sql.end();
  }
});
