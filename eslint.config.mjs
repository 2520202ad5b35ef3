import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', '.data/**', 'db/migrations/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'bench/out/**'] },
  js.configs.recommended,
  { files: ['**/*.mjs'], languageOptions: { globals: { URL: 'readonly', process: 'readonly', console: 'readonly', WebAssembly: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'no-console': 'error',
    },
  },
  {
    // The kernel stays pure: no framework, database, network, filesystem or timers.
    files: ['lib/engine/**/*.ts'],
    ignores: ['lib/engine/**/*.test.ts', 'lib/engine/testing/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['next', 'next/*', 'react', 'react-dom', 'postgres', 'drizzle-orm', 'drizzle-orm/*', 'graphile-worker', 'node:*', '@/db', '@/db/*', '@/lib/runs/*', '@/lib/steps/*/run', 'server-only'], message: 'lib/engine is the pure kernel: return commands, let lib/runs do the I/O.' },
        ],
      }],
      'no-restricted-globals': ['error', 'fetch', 'setTimeout', 'setInterval', 'process'],
    },
  },
  {
    // The data layer knows nothing above it: callers hand it plain values (hashes, loggers, flows to seed).
    files: ['db/**/*.ts'],
    ignores: ['db/**/*.test.ts', 'db/testing/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@/lib/*', '@/components/*', '@/app/*'], message: 'db/ must not import from lib/, components/ or app/: take plain values from the caller.' }],
      }],
    },
  },
  {
    // Components render; they never reach the database or server-only runners.
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@/db', '@/db/client', '@/db/queries/*', '@/db/seed*', '@/lib/runs/*', '@/lib/steps/*/run', '@/lib/server/*'], message: 'components/ must not import the database or server-only runners.' }],
      }],
    },
  },
);
