import type { CredentialSecret } from './types';

/**
 * The last four characters of a secret, or nothing when the secret is too short for four
 * characters to leave most of it unknown (a 6-character password shown by 4 would be given away).
 */
export function lastFour(secret: string): string | undefined {
  return secret.length >= 12 ? `…${secret.slice(-4)}` : undefined;
}

const defined = (o: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined));

/** What the admin page may show of a secret: where it goes and who it names, never the secret. */
export function hintOf(secret: CredentialSecret): Record<string, string> {
  switch (secret.kind) {
    case 'api_key':
      return defined({ placement: secret.placement, name: secret.name, last4: lastFour(secret.key) });
    case 'bearer':
      return defined({ last4: lastFour(secret.token) });
    case 'basic':
      return defined({ username: secret.username });
    case 'oauth2_client_credentials':
      return defined({ tokenUrl: secret.tokenUrl, clientId: secret.clientId, scope: secret.scope, audience: secret.audience, last4: lastFour(secret.clientSecret) });
  }
}
