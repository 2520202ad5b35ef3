import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { testRunContext } from '@/lib/testing/run-context';
import type { HttpPort } from '@/lib/steps/runtime';
import { createApplyCredential } from './apply';
import type { CredentialSecret } from './types';

type Server = Awaited<ReturnType<typeof loopbackServer>>;
let api: Server;
let idp: Server;
let http: HttpPort;
/** What the token endpoint answers next; the test sets it. */
let tokenAnswer: (n: number) => { status: number; body: unknown } = (n) => ({ status: 200, body: { access_token: `tok-${n}`, token_type: 'Bearer', expires_in: 3600 } });
/** Holds token answers back until released, so concurrent calls truly overlap. */
let gate: Promise<void> = Promise.resolve();

beforeAll(async () => {
  api = await loopbackServer((call, res) => json(res, 200, { url: call.url, authorization: call.headers.authorization ?? null, key: call.headers['x-api-key'] ?? null }));
  idp = await loopbackServer((_call, res) => {
    const n = idp.calls.length;
    void gate.then(() => {
      const a = tokenAnswer(n);
      json(res, a.status, a.body);
    });
  });
  http = testRunContext([`127.0.0.1:${api.port}`, `127.0.0.1:${idp.port}`]).http;
});
afterAll(async () => {
  await api.close();
  await idp.close();
});
beforeEach(() => {
  idp.calls.length = 0;
  gate = Promise.resolve();
  tokenAnswer = (n) => ({ status: 200, body: { access_token: `tok-${n}`, token_type: 'Bearer', expires_in: 3600 } });
});

const signal = new AbortController().signal;
/** Applies the credential to a request for the API server, sends it, returns what the server saw and the secrets reported. */
async function send(apply: ReturnType<typeof createApplyCredential>, secret: CredentialSecret, cacheKey = 'cred-1') {
  const request = { url: new URL(`${api.url}/things?x=1`), headers: new Headers({ accept: 'application/json' }) };
  const { secrets, secretHeaders } = await apply(secret, request, { http, signal, cacheKey });
  const res = await http(request.url, { headers: Object.fromEntries(request.headers) }, { maxBytes: 10_000, timeoutMs: 5000, secretHeaders });
  return { seen: JSON.parse(res.body.toString()) as { url: string; authorization: string | null; key: string | null }, secrets, secretHeaders };
}

const oauth: CredentialSecret = { kind: 'oauth2_client_credentials', tokenUrl: '', clientId: 'baton-client', clientSecret: 'cs-very-secret-0042', scope: 'read write' };
const oauthAt = () => ({ ...oauth, tokenUrl: `${idp.url}/oauth/token` });

describe('applyCredential: static kinds', () => {
  it('puts an API key in the named header', async () => {
    const { seen, secrets, secretHeaders } = await send(createApplyCredential(), { kind: 'api_key', key: 'k-123 /+', placement: 'header', name: 'X-Api-Key' });
    expect(seen.key).toBe('k-123 /+');
    expect(secretHeaders).toEqual(['x-api-key']);
    expect(seen.url).toBe('/things?x=1');
    expect(secrets).toContain('k-123 /+');
  });

  it('puts an API key in a query value, and reports its encoded forms for masking', async () => {
    const { seen, secrets } = await send(createApplyCredential(), { kind: 'api_key', key: 'k 1/+', placement: 'query', name: 'api_key' });
    expect(new URL(seen.url, 'http://x').searchParams.get('api_key')).toBe('k 1/+');
    expect(new URL(seen.url, 'http://x').searchParams.get('x')).toBe('1');
    const rawQuery = seen.url.split('api_key=')[1]!;
    expect(secrets.some((s) => rawQuery.startsWith(s))).toBe(true);
  });

  it('sends a bearer token', async () => {
    const { seen, secrets } = await send(createApplyCredential(), { kind: 'bearer', token: 'bt-abcdef' });
    expect(seen.authorization).toBe('Bearer bt-abcdef');
    expect(secrets).toEqual(['bt-abcdef']);
  });

  it('sends basic auth and reports both the encoded pair and the password', async () => {
    const { seen, secrets } = await send(createApplyCredential(), { kind: 'basic', username: 'ana', password: 'pw: é!' });
    const encoded = Buffer.from('ana:pw: é!').toString('base64');
    expect(seen.authorization).toBe(`Basic ${encoded}`);
    expect(secrets).toEqual(expect.arrayContaining([encoded, 'pw: é!']));
  });
});

describe('applyCredential: OAuth2 client credentials', () => {
  it('fetches a token with the client credentials and sends it as a bearer', async () => {
    const { seen, secrets } = await send(createApplyCredential(), oauthAt());
    expect(seen.authorization).toBe('Bearer tok-1');
    expect(secrets).toEqual(['tok-1']);
    const call = idp.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.url).toBe('/oauth/token');
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({ grant_type: 'client_credentials', scope: 'read write' });
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from('baton-client:cs-very-secret-0042').toString('base64')}`);
  });

  it('can send the client credentials as form fields instead', async () => {
    await send(createApplyCredential(), { ...oauthAt(), clientAuth: 'post' });
    expect(idp.calls[0]!.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(idp.calls[0]!.body).get('client_secret')).toBe('cs-very-secret-0042');
  });

  it('caches the token: one token request for many calls', async () => {
    const apply = createApplyCredential();
    for (let i = 0; i < 5; i++) expect((await send(apply, oauthAt())).seen.authorization).toBe('Bearer tok-1');
    expect(idp.calls).toHaveLength(1);
  });

  it('refreshes shortly before expires_in, then caches the new token', async () => {
    let now = 1_000_000;
    const apply = createApplyCredential({ now: () => now });
    tokenAnswer = (n) => ({ status: 200, body: { access_token: `tok-${n}`, expires_in: 600 } });
    expect((await send(apply, oauthAt())).seen.authorization).toBe('Bearer tok-1');
    now += 600_000 - 31_000; // still inside the lifetime minus the 30 s margin
    expect((await send(apply, oauthAt())).seen.authorization).toBe('Bearer tok-1');
    now += 2_000; // inside the margin: refreshed before it can expire in flight
    expect((await send(apply, oauthAt())).seen.authorization).toBe('Bearer tok-2');
    expect((await send(apply, oauthAt())).seen.authorization).toBe('Bearer tok-2');
    expect(idp.calls).toHaveLength(2);
  });

  it('concurrent calls share one token request', async () => {
    const apply = createApplyCredential();
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    const all = Promise.all(Array.from({ length: 8 }, () => send(apply, oauthAt())));
    await idp.waitForCalls(1);
    release();
    const results = await all;
    expect(results.map((r) => r.seen.authorization)).toEqual(Array(8).fill('Bearer tok-1'));
    expect(idp.calls).toHaveLength(1);
  });

  it('keeps tokens apart per cache key, and a replaced secret does not reuse the old token', async () => {
    const apply = createApplyCredential();
    expect((await send(apply, oauthAt(), 'a')).seen.authorization).toBe('Bearer tok-1');
    expect((await send(apply, oauthAt(), 'b')).seen.authorization).toBe('Bearer tok-2');
    expect((await send(apply, { ...oauthAt(), clientSecret: 'cs-rotated-0043' }, 'a')).seen.authorization).toBe('Bearer tok-3');
  });

  it('a token endpoint error is a clear CredentialError without the client secret, and the next call tries again', async () => {
    const apply = createApplyCredential();
    // A careless endpoint that echoes what it was sent.
    tokenAnswer = () => ({ status: 401, body: { error: 'invalid_client', error_description: 'bad secret cs-very-secret-0042 for baton-client' } });
    const err = (await send(apply, oauthAt()).then(
      () => new Error('expected a refusal'),
      (e: unknown) => e,
    )) as Error;
    expect(err).toMatchObject({ name: 'CredentialError', code: 'token-endpoint' });
    expect(err.message).toContain(`OAuth2 token endpoint 127.0.0.1:${idp.port} refused the client credentials with HTTP 401: invalid_client`);
    expect(err.message).not.toContain('cs-very-secret-0042');
    tokenAnswer = (n) => ({ status: 200, body: { access_token: `tok-${n}`, expires_in: 60 } });
    expect((await send(apply, oauthAt())).seen.authorization).toBe('Bearer tok-2');
  });

  it('an answer without access_token, and an unreachable endpoint, are clear errors', async () => {
    tokenAnswer = () => ({ status: 200, body: { token_type: 'Bearer' } });
    await expect(send(createApplyCredential(), oauthAt())).rejects.toMatchObject({ code: 'token-endpoint', message: expect.stringContaining('without an access_token') });
    // Not on the allow-list: the guard refuses before connecting.
    const blocked = { ...oauth, tokenUrl: `http://127.0.0.1:${api.port + 1}/token` };
    await expect(send(createApplyCredential(), blocked)).rejects.toMatchObject({ code: 'token-endpoint', message: expect.stringContaining('could not be reached') });
  });
});
