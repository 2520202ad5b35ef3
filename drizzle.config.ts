import { defineConfig } from 'drizzle-kit';

// Only `db:generate` uses this: migrations are generated from the schema, never written by hand.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
