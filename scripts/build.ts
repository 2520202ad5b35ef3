/** `npm run build`: a production build stamped with its source fingerprint, so `npm start` reuses it. */
import { ensureProductionBuild } from '@/lib/server/build';

await ensureProductionBuild(process.cwd(), { force: true });
