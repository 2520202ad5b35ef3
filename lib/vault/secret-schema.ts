import { z } from 'zod';
import type { CredentialKind, CredentialSecret, CredentialSubject } from './types';

/** Labels for the kinds, in the order the admin page offers them. */
export const CREDENTIAL_KIND_LABELS = {
  api_key: 'API key',
  bearer: 'Bearer token',
  basic: 'Basic auth',
  oauth2_client_credentials: 'OAuth2 client credentials',
} as const satisfies Record<CredentialKind, string>;

export const CREDENTIAL_KINDS = Object.keys(CREDENTIAL_KIND_LABELS) as CredentialKind[];

// A header value with a line break or NUL would split the request: refused at entry.
// Pasted keys often carry a trailing newline: trimmed, except passwords (spaces may be meant).
const headerSafe = (label: string, trim = true) =>
  (trim ? z.string().trim() : z.string())
    .min(1, `Enter the ${label}.`)
    .max(8192, `The ${label} is longer than 8192 characters.`)
    .refine((v) => !/[\r\n\0]/.test(v), `The ${label} must be on one line.`);
// RFC 9110 token characters: what a header name may be made of.
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const apiKey = z
  .object({
    kind: z.literal('api_key'),
    key: headerSafe('key'),
    placement: z.enum(['header', 'query'], { message: 'Choose where the key goes: a header or a query parameter.' }),
    name: z.string().trim().min(1, 'Enter the header or query parameter name.').max(200, 'At most 200 characters.'),
  })
  .refine((s) => s.placement === 'query' || headerName.test(s.name), { path: ['name'], message: 'A header name has letters, digits and - _ . only (no spaces or colons).', when: (p) => !p.issues.some((i) => i.path?.[0] === 'name') });

const bearer = z.object({ kind: z.literal('bearer'), token: headerSafe('token').refine((v) => !/\s/.test(v), 'The token has no spaces.') });

const basic = z.object({
  kind: z.literal('basic'),
  username: headerSafe('username', false).refine((v) => !v.includes(':'), 'A basic-auth username cannot contain a colon.'),
  password: headerSafe('password', false),
});

const optional = z
  .string()
  .trim()
  .max(2000, 'At most 2000 characters.')
  .optional()
  .transform((v) => (v ? v : undefined));

const oauth2 = z.object({
  kind: z.literal('oauth2_client_credentials'),
  tokenUrl: z
    .string()
    .trim()
    .pipe(z.url({ message: 'Enter the token endpoint as a full URL (https://…).' }))
    .refine((u) => /^https?:$/.test(new URL(u).protocol), 'The token endpoint must be http or https.')
    .refine((u) => !new URL(u).username && !new URL(u).password, 'Put the client id and secret in their fields, not in the URL.'),
  clientId: headerSafe('client id'),
  clientSecret: headerSafe('client secret'),
  scope: optional,
  audience: optional,
  clientAuth: z.enum(['basic', 'post']).optional(),
});

/** A credential's secret as entered by an admin, or as unsealed from the database. */
export const credentialSecretSchema = z.discriminatedUnion('kind', [apiKey, bearer, basic, oauth2], {
  message: 'Choose a kind: API key, bearer token, basic auth or OAuth2 client credentials.',
}) satisfies z.ZodType<CredentialSecret>;

export const credentialNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(100, 'At most 100 characters.')
  .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 0x20), 'A name has no control characters.');

export const credentialSubjectSchema: z.ZodType<CredentialSubject> = z.object({
  kind: z.enum(['tool', 'model_provider', 'mcp_server']),
  id: z.string().min(1).max(200),
});
