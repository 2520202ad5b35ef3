import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

type Secrets = { authSecret: string; encryptionKey: string };

/**
 * Fills AUTH_SECRET and ENCRYPTION_KEY from the environment or from <dataDir>/secrets.json,
 * generating that file (mode 0600) on first start. Secrets never live in the repository.
 */
export function ensureSecrets(dataDir: string): void {
  const file = join(dataDir, 'secrets.json');
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
  const next: Secrets = {
    authSecret: stored.authSecret ?? randomBytes(32).toString('base64url'),
    encryptionKey: stored.encryptionKey ?? randomBytes(32).toString('base64'),
  };
  if (next.authSecret !== stored.authSecret || next.encryptionKey !== stored.encryptionKey) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(next, null, 2), { mode: 0o600 });
  }
  // An empty variable counts as unset (an empty key would sign sessions with nothing).
  if (!process.env.AUTH_SECRET) process.env.AUTH_SECRET = next.authSecret;
  if (!process.env.ENCRYPTION_KEY) process.env.ENCRYPTION_KEY = next.encryptionKey;
}
