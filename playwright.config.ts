import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${PORT}`;
/** Embedded PostgreSQL ports follow E2E_PORT, so checkouts side by side can run e2e at once. */
const PG_PORT = 54349 + (PORT - 3100) * 2;

/**
 * E2E against the real app: the production build served by the same launcher as `npm start`,
 * on a fresh embedded database of its own (.data/e2e), in Debian's Chromium.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // A stray .only must not turn a CI run into a run of one test.
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, dependencies: ['setup'], testIgnore: /(first-admin|launcher|db-down)\.spec\.ts/ },
    // A second installation without demo accounts: the first visit creates the admin.
    { name: 'first-run', use: { ...devices['Desktop Chrome'], baseURL: `http://localhost:${PORT + 1}` }, testMatch: /first-admin\.spec\.ts/ },
    // `npm start` itself, started, killed and stopped by the test (ports 3102-3103, PG 54351-54353).
    { name: 'launcher', use: { ...devices['Desktop Chrome'] }, testMatch: /launcher\.spec\.ts/ },
    // `npm start` while its PostgreSQL is killed and restarted (ports 3214-3215, PG 54611-54613).
    { name: 'db-down', testMatch: /db-down\.spec\.ts/ },
  ],
  webServer: [{
    command: 'rm -rf .data/e2e && node --import tsx --import ./scripts/hooks/server-only.mjs scripts/start.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PORT: String(PORT), BATON_DATA_DIR: '.data/e2e', BATON_PG_PORT: String(PG_PORT), DATABASE_URL: '', BATON_DEMO: '1', LOG_LEVEL: 'warn', BATON_ALLOWED_HOSTS: '127.0.0.1', BATON_MCP_STDIO_ALLOW: `node ${process.cwd()}/lib/mcp/testing/fixture-server.mjs` },
  }, {
    command: 'rm -rf .data/e2e-first && node --import tsx --import ./scripts/hooks/server-only.mjs scripts/start.ts',
    url: `http://localhost:${PORT + 1}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
    // TRUST_PROXY=1 as behind a TLS-terminating proxy (e2e/security.spec.ts checks HSTS and Secure cookies there).
    env: { PORT: String(PORT + 1), BATON_DATA_DIR: '.data/e2e-first', BATON_PG_PORT: String(PG_PORT + 1), DATABASE_URL: '', BATON_DEMO: '0', LOG_LEVEL: 'warn', BATON_SCHEDULER: 'off', TRUST_PROXY: '1' },
  }],
});
