/** `npm run db:migrate`: applies migrations to DATABASE_URL. */
import { migrateDatabase } from '@/db/migrate';
import { quietGraphileLogger } from '@/lib/log/graphile-logger';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('Set DATABASE_URL to the database to migrate (npm start migrates the embedded one itself).\n');
  process.exit(2);
}
await migrateDatabase(url, { queueLogger: quietGraphileLogger() });
process.stdout.write('migrated\n');
