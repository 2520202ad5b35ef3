import 'server-only';
import { createHash, createHmac } from 'node:crypto';
import { capText, defineBuiltin, object, ToolInputError } from './define';

const category = 'Crypto';
const ALGORITHMS = ['sha256', 'sha512', 'sha1', 'md5'] as const;
const ENCODINGS = ['hex', 'base64', 'base64url'] as const;
type Algorithm = (typeof ALGORITHMS)[number];
type Encoding = (typeof ENCODINGS)[number];

/** Hashing reads the whole text at once; 10 MB keeps one call from holding a core for long. */
const MAX_HASH_TEXT = 10_000_000;

const dataSchema = {
  type: 'string',
  title: 'Text',
  description: 'The text to hash, read as UTF-8 (or as bytes in the chosen input encoding).',
  maxLength: MAX_HASH_TEXT,
};
const inputEncodingSchema = { type: 'string', title: 'Text is', description: 'utf8 for plain text; hex or base64 when the text already holds bytes.', enum: ['utf8', 'hex', 'base64'], default: 'utf8' };
const algorithmSchema = { type: 'string', title: 'Algorithm', description: 'sha1 and md5 only for compatibility with old systems (checksums, ETags): they are broken for security.', enum: [...ALGORITHMS], default: 'sha256' };
const encodingSchema = { type: 'string', title: 'Output encoding', enum: [...ENCODINGS], default: 'hex' };
const outputSchema = object(
  { digest: { type: 'string', title: 'Digest' }, algorithm: { type: 'string', enum: [...ALGORITHMS] }, encoding: { type: 'string', enum: [...ENCODINGS] } },
  ['digest', 'algorithm', 'encoding'],
);

function bytesOf(field: string, text: string, encoding: 'utf8' | 'hex' | 'base64'): Buffer {
  capText(field, text, MAX_HASH_TEXT);
  if (encoding === 'hex' && !/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new ToolInputError(`${field} is not hex (pairs of 0-9, a-f)`);
  if (encoding === 'base64' && !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw new ToolInputError(`${field} is not base64`);
  return Buffer.from(text, encoding);
}

const hash = defineBuiltin<{ data: string; algorithm: Algorithm; encoding: Encoding; inputEncoding: 'utf8' | 'hex' | 'base64' }>({
  key: 'crypto.hash',
  name: 'Hash',
  category,
  description: 'Computes a SHA-256, SHA-512, SHA-1 or MD5 digest of a text, as hex or base64: for checksums, cache keys and de-duplication.',
  inputSchema: object({ data: dataSchema, algorithm: algorithmSchema, encoding: encodingSchema, inputEncoding: inputEncodingSchema }, ['data']),
  outputSchema,
  run: ({ data, algorithm, encoding, inputEncoding }) => ({
    digest: createHash(algorithm).update(bytesOf('data', data, inputEncoding)).digest(encoding),
    algorithm,
    encoding,
  }),
});

const hmac = defineBuiltin<{ data: string; key: string; algorithm: Algorithm; encoding: Encoding; inputEncoding: 'utf8' | 'hex' | 'base64'; keyEncoding: 'utf8' | 'hex' | 'base64' }>({
  key: 'crypto.hmac',
  name: 'HMAC signature',
  category,
  description: 'Signs a text with a secret key (HMAC with SHA-256, SHA-512, SHA-1 or MD5), as hex or base64: to sign webhooks and API requests or check a signature received. The key is a secret: store it in the vault, never in a flow.',
  inputSchema: object(
    {
      data: dataSchema,
      // writeOnly marks the field as a secret for generated forms; the registry will fill it from the vault.
      key: { type: 'string', title: 'Secret key', description: 'The shared secret. Secret: give it from a credential, not typed into the flow.', minLength: 1, maxLength: 10_000, writeOnly: true },
      algorithm: algorithmSchema,
      encoding: encodingSchema,
      inputEncoding: inputEncodingSchema,
      keyEncoding: { ...inputEncodingSchema, title: 'Key is' },
    },
    ['data', 'key'],
  ),
  outputSchema,
  run: ({ data, key, algorithm, encoding, inputEncoding, keyEncoding }) => ({
    digest: createHmac(algorithm, bytesOf('key', key, keyEncoding)).update(bytesOf('data', data, inputEncoding)).digest(encoding),
    algorithm,
    encoding,
  }),
});

export const HASH_TOOLS = [hash, hmac];
