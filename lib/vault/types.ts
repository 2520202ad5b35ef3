import type { HttpPort } from '@/lib/steps/runtime';

/**
 * The vault's contract with the parts that use credentials (registry tools, model providers,
 * MCP servers). A credential's secret leaves the vault only through `reveal`, only for a subject
 * it is granted to, and only on the server; callers put it on the wire and nowhere else.
 */

export type CredentialKind = 'api_key' | 'bearer' | 'basic' | 'oauth2_client_credentials';

/** The decrypted payload of each kind. Fields that are not secret (where a key goes) live here too. */
export type CredentialSecret =
  | { kind: 'api_key'; key: string; placement: 'header' | 'query'; name: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | {
      kind: 'oauth2_client_credentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
      audience?: string;
      /** How the client authenticates at the token endpoint: HTTP Basic (default, RFC 6749 §2.3.1) or form fields. */
      clientAuth?: 'basic' | 'post';
    };

/** Who may use a credential: a grant names one of these. */
export type CredentialSubject = { kind: 'tool' | 'model_provider' | 'mcp_server'; id: string };

/** What the browser and the API may see of a credential: never the secret. */
export type CredentialSummary = {
  id: string;
  name: string;
  kind: CredentialKind;
  /** Non-secret hints, e.g. `{ placement: 'header', name: 'X-Api-Key', last4: '…a1b2' }`. */
  hint: Record<string, string>;
  grants: CredentialSubject[];
  updatedAt: string;
};

export type Vault = {
  /** Throws a CredentialError (missing, not granted to `subject`) — never returns another subject's secret. */
  reveal: (credentialId: string, subject: CredentialSubject) => Promise<CredentialSecret>;
};

/**
 * Puts a credential on an outgoing request (header, query value, Authorization) — for OAuth2
 * client credentials it fetches (through `http`, the guarded port) and caches the access token
 * until shortly before it expires. Every value it adds is a secret the caller must mask.
 */
export type ApplyCredential = (
  secret: CredentialSecret,
  request: { url: URL; headers: Headers },
  ctx: { http: HttpPort; signal: AbortSignal; cacheKey: string },
) => Promise<{
  secrets: string[];
  /**
   * Names of the headers it set: pass them as the guard's `secretHeaders`, so a redirect to
   * another origin drops them (authorization is always dropped; a custom API-key header is not).
   */
  secretHeaders: string[];
}>;
