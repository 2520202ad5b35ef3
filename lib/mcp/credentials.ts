import type { CredentialSecret } from '@/lib/vault/types';
import { McpConfigError } from './errors';

/** What a server's credential puts on the connection: headers on each HTTP request, or variables in a stdio child's environment. */
export type McpCredential = { headers?: Record<string, string>; env?: Record<string, string> };

/** Variables a credential may not be put in: they would change how the child runs, not what it is told. */
const RESERVED_ENV = /^(PATH|HOME|NODE_OPTIONS|NODE_PATH|LD_.*|DYLD_.*|PYTHON(PATH|HOME|STARTUP)|ENCRYPTION_KEY|AUTH_SECRET|DATABASE_URL)$/;
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

export function envNameProblem(name: string): string | null {
  if (!ENV_NAME.test(name)) return 'Use capital letters, digits and underscores, e.g. GITHUB_TOKEN';
  if (RESERVED_ENV.test(name)) return `${name} is reserved: choose the name the server reads its key from, e.g. API_KEY`;
  return null;
}

/**
 * Maps a revealed secret onto an HTTP MCP connection's headers. OAuth2 client credentials need a
 * token fetched first (the vault's `applyCredential` does that); a query-placed key would put the
 * secret in every URL the server logs, so both are refused here with a clear message.
 */
export function credentialHeaders(secret: CredentialSecret): Record<string, string> {
  switch (secret.kind) {
    case 'bearer':
      return { authorization: `Bearer ${secret.token}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${secret.username}:${secret.password}`).toString('base64')}` };
    case 'api_key':
      if (secret.placement !== 'header') throw new McpConfigError('An MCP server takes an API key in a header, not in the query string');
      return { [secret.name.toLowerCase()]: secret.key };
    case 'oauth2_client_credentials':
      throw new McpConfigError('OAuth2 client credentials for MCP servers are not supported yet: use a bearer token or an API key header');
  }
}

/** Maps a revealed secret onto a stdio child's environment: the key or token in `envName`. */
export function credentialEnv(secret: CredentialSecret, envName: string): Record<string, string> {
  const problem = envNameProblem(envName);
  if (problem) throw new McpConfigError(`Credential variable: ${problem}`);
  switch (secret.kind) {
    case 'bearer':
      return { [envName]: secret.token };
    case 'api_key':
      return { [envName]: secret.key };
    case 'basic':
      return { [`${envName}_USERNAME`]: secret.username, [`${envName}_PASSWORD`]: secret.password };
    case 'oauth2_client_credentials':
      throw new McpConfigError('OAuth2 client credentials cannot be handed to a stdio server: use an API key or a token');
  }
}
