/** `npm run db:seed`: seeds demo accounts and example flows into DATABASE_URL (idempotent). */
import { getDb, getDbHandle } from '@/db/client';
import { seedDemo } from '@/lib/server/seed-demo';

if (!process.env.DATABASE_URL) {
  process.stderr.write('Set DATABASE_URL to the database to seed.\n');
  process.exit(2);
}
await seedDemo(getDb());
await getDbHandle().sql.end();
process.stdout.write('seeded\n');
