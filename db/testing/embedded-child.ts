/** Test helper process: starts an embedded cluster and idles, so a test can SIGKILL it. */
import { startEmbeddedPostgres } from '@/db/embedded';

const [dataDir, port] = process.argv.slice(2);
await startEmbeddedPostgres({ dataDir: dataDir!, port: Number(port), quiet: true });
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
