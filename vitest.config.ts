import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const shared = {
  resolve: { alias: { '@/': root, 'server-only': `${root}node_modules/server-only/empty.js` } },
};

// next-auth imports 'next/server' without an extension, which Node's ESM resolver refuses.
const inlineNextAuth = { deps: { inline: ['next-auth', '@auth/core'] } };

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: 'unit', server: inlineNextAuth, include: ['lib/**/*.test.ts', 'db/**/*.test.ts', 'components/**/*.test.ts'], exclude: ['**/*.db.test.ts', 'node_modules/**'], environment: 'node' } },
      {
        ...shared,
        test: {
          name: 'db',
          server: inlineNextAuth,
          include: ['**/*.db.test.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          globalSetup: ['./db/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
