import { readFileSync } from 'node:fs';
import { test, expect, signIn, storageStateFor, DEMO_PASSWORD } from './fixtures';
import { newFlow, unique } from './pages/editor-page';

/**
 * Issue 22, items 6, 8 and 9 at the HTTP level of the production server: security headers and
 * a nonce CSP the editor (React Flow, CodeMirror) works under, JSON for unknown API paths,
 * server actions refused with a JSON 403/4xx, and sign-out ending only that session.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
/** The second e2e server runs with TRUST_PROXY=1, as behind a TLS-terminating proxy. */
const PROXIED = `http://localhost:${PORT + 1}`;

const actionId = (name: string) => {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as { node: Record<string, { exportedName: string }> };
  return Object.entries(manifest.node).find(([, v]) => v.exportedName === name)![0];
};
const signInCall = (origin?: Record<string, string>, body = '[{"email":"analyst@example.com","password":"wrong"}]') => ({
  headers: { 'next-action': actionId('signInWithPassword'), 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', ...origin },
  data: body,
  maxRedirects: 0,
});

test('pages carry a nonce CSP and the other security headers; plain HTTP gets no HSTS, whatever the client claims', async ({ request }) => {
  const res = await request.get('/sign-in', { headers: { 'x-forwarded-proto': 'https' } });
  const h = res.headers();
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(h['content-security-policy'] ?? '')?.[1];
  expect(nonce).toBeTruthy();
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy']).toContain("'strict-dynamic'");
  expect(h['content-security-policy']).not.toContain("script-src 'self' 'unsafe-inline'");
  // Next put the nonce on its own scripts.
  expect(await res.text()).toContain(`nonce="${nonce}"`);
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(h['strict-transport-security']).toBeUndefined();
  // A second request gets another nonce.
  const again = (await request.get('/sign-in')).headers()['content-security-policy'];
  expect(again).not.toContain(nonce!);
  // Auth.js's cookies stay plain-HTTP cookies: a forged X-Forwarded-Proto counts only behind TRUST_PROXY.
  const csrf = await request.get('/api/auth/csrf', { headers: { 'x-forwarded-proto': 'https' } });
  expect(csrf.headers()['set-cookie']).not.toMatch(/secure/i);
});

test('behind a trusted proxy that says https: HSTS, and Secure cookies', async ({ request }) => {
  const page = await request.get(`${PROXIED}/setup`, { headers: { 'x-forwarded-proto': 'https' } });
  expect(page.headers()['strict-transport-security']).toMatch(/max-age=\d{7,}/);
  expect(page.headers()['content-security-policy']).toContain('upgrade-insecure-requests');
  const csrf = await request.get(`${PROXIED}/api/auth/csrf`, { headers: { 'x-forwarded-proto': 'https' } });
  const cookies = csrf.headers()['set-cookie'] ?? '';
  expect(cookies).toMatch(/authjs\.csrf-token=[^;]+;.*Secure/i);
  const plain = await request.get(`${PROXIED}/api/auth/csrf`);
  expect(plain.headers()['strict-transport-security']).toBeUndefined();
});

test('webhooks and API answers carry the non-CSP security headers; an unknown API path is a JSON 404', async ({ request }) => {
  const hook = await request.post('/api/hooks/unknown-key-123456', { data: {} });
  expect(hook.status()).toBe(404);
  expect(hook.headers()['x-content-type-options']).toBe('nosniff');
  expect(hook.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
  for (const path of ['/api/nope', '/api/v1/nothing/here', '/api/hooks/bad']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(404);
    expect(res.headers()['content-type']).toContain('application/json');
    expect((await res.json()) as { error: string }).toEqual({ error: expect.stringContaining('No API endpoint') });
  }
  const wrongMethod = await request.delete('/api/v1/runs');
  expect(wrongMethod.status()).toBe(405);
  expect(((await wrongMethod.json()) as { error: string }).error).toContain('DELETE is not accepted at /api/v1/runs');
});

test('server actions: no Origin, a foreign Origin (forged forwarded host too) and a malformed body are refused with JSON', async ({ request, baseURL }) => {
  for (const headers of [{}, { origin: 'http://evil.example' }, { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }] as Record<string, string>[]) {
    const res = await request.post('/sign-in', signInCall(headers));
    expect(res.status(), JSON.stringify(headers)).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/Origin|another site/);
  }
  for (const body of ['garbage', '{"not":"an array"}', '["$@1"]', '['.repeat(5000) + ']'.repeat(5000)]) {
    const res = await request.post('/sign-in', signInCall({ origin: baseURL! }, body));
    expect(res.status(), body.slice(0, 20)).toBe(400);
    expect(((await res.json()) as { error: string }).error.length).toBeGreaterThan(10);
  }
  const unknown = await request.post('/sign-in', { ...signInCall({ origin: baseURL! }), headers: { ...signInCall().headers, origin: baseURL!, 'next-action': 'ab'.repeat(21) } });
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['content-type']).toContain('application/json');
  // The genuine call from this site still works (a form error, in React's format).
  const ok = await request.post('/sign-in', signInCall({ origin: baseURL! }));
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toContain('Email or password is incorrect.');
});

test.describe('with a session', () => {
  test.use({ storageState: storageStateFor('analyst') });

  test('the editor (React Flow canvas, CodeMirror fields) works under the CSP without a single violation', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    const ed = await newFlow(page, unique('CSP'));
    await page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: 'If', exact: true }).click();
    await expect(ed.node('condition_1')).toBeVisible();
    await ed.select('condition_1');
    await ed.inspector().getByLabel('Condition').fill('{{ upper("ab") }}');
    await expect(ed.inspector().getByTestId('expression.preview')).toContainText('= "AB"');
    await ed.saved();
    await page.reload();
    await expect(ed.node('condition_1')).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test('sign-out ends this session (a copied cookie stops working) and no other', async ({ browser }) => {
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const thief = await browser.newContext();
  try {
    const a = await laptop.newPage();
    await signIn(a, 'analyst@example.com', DEMO_PASSWORD);
    await expect(a).toHaveURL(/\/flows$/);
    const b = await phone.newPage();
    await signIn(b, 'analyst@example.com', DEMO_PASSWORD);
    await expect(b).toHaveURL(/\/flows$/);
    // Someone copies the laptop's session cookie.
    await thief.addCookies(await laptop.cookies());
    const c = await thief.newPage();
    await c.goto('/flows');
    await expect(c.getByRole('heading', { name: 'Flows' })).toBeVisible();

    await a.getByRole('button', { name: 'Sign out' }).click();
    await expect(a).toHaveURL(/\/sign-in$/);
    await c.goto('/flows');
    await expect(c).toHaveURL(/\/sign-in$/);
    await b.goto('/flows');
    await expect(b.getByRole('heading', { name: 'Flows' })).toBeVisible();
  } finally {
    await Promise.all([laptop.close(), phone.close(), thief.close()]);
  }
});
