/** `npm run db:seed`: seeds demo accounts and example flows into DATABASE_URL (idempotent). */
import { getDb, getDbHandle } from '@/db/client';
import { seedDemo } from '@/lib/server/seed-demo';
import { readLauncherConfig } from '@/lib/server/config';
import { DEMO_API_HOST } from '@/lib/server/demo-api';

if (!process.env.DATABASE_URL) {
  process.stderr.write('Set DATABASE_URL to the database to seed.\n');
  process.exit(2);
}
// The examples call the demo API where `npm start` with this environment serves it.
await seedDemo(getDb(), { demoApiUrl: `http://${DEMO_API_HOST}:${readLauncherConfig().demoApiPort}` });
await getDbHandle().sql.end();
process.stdout.write('seeded\n');
