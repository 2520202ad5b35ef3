import { describe, expect, it } from 'vitest';
import { httpToolConfigSchema, type HttpToolConfigInput } from '../config';
import { buildHttpRequest } from './request';

const config = (over: Partial<HttpToolConfigInput> = {}) =>
  httpToolConfigSchema.parse({
    method: 'POST',
    origin: 'https://api.example.com:8443',
    path: '/users/{id}/posts',
    query: [{ name: 'q', value: '{q}' }],
    headers: [
      { name: 'X-Tenant', value: '{tenant}', fromInput: true },
      { name: 'X-Fixed', value: '{tenant}' },
    ],
    body: { mode: 'template', template: { title: '{title}', n: '{n}', note: 'by {tenant}' } },
    ...over,
  });

const HOSTILE = ['../../admin', '..', '.', '%2e%2e', '@evil.example', '//evil.example/x', 'http://evil.example/', 'https://evil.example:443', 'a/../../b', 'x?y=1#z', '\\\\evil.example', 'evil.example:80'];

describe('buildHttpRequest: the origin is fixed whatever the input', () => {
  it.each(HOSTILE)('path input %j stays on the registered origin, inside one encoded segment', (id) => {
    let url: URL;
    try {
      url = buildHttpRequest(config(), { id, q: id, tenant: 't', title: 'x', n: 1 }, 'k').url;
    } catch (err) {
      // Refusing a segment that would climb out of the path is also a correct outcome, and a clear one.
      expect((err as Error & { kind: string }).kind).toBe('ContractError');
      expect((err as Error).message).toMatch(/path segment/);
      return;
    }
    expect(url.origin).toBe('https://api.example.com:8443');
    expect(url.host).toBe('api.example.com:8443');
    expect(url.pathname).toBe(`/users/${encodeURIComponent(id)}/posts`);
    expect(url.searchParams.get('q')).toBe(id);
    expect([...url.searchParams.keys()]).toEqual(['q']);
  });

  it('refuses . and .. segments with a ContractError that names the problem', () => {
    for (const id of ['..', '.']) expect(() => buildHttpRequest(config(), { id, tenant: 't' }, 'k')).toThrow(/path segment/);
  });

  it('a CR/LF in an input-driven header value is refused, not sent', () => {
    expect(() => buildHttpRequest(config(), { id: '1', tenant: 'a\r\nHost: evil.example' }, 'k')).toThrow(/line break/);
  });

  it('a header not marked input-driven is sent exactly as written', () => {
    const r = buildHttpRequest(config(), { id: '1', tenant: 'acme', title: 'hi', n: 2 }, 'key-1');
    expect(r.headers['x-tenant']).toBe('acme');
    expect(r.headers['x-fixed']).toBe('{tenant}');
    expect(r.headers['idempotency-key']).toBe('key-1');
  });

  it('fills the body template keeping types, and leaves an absent optional query value out', () => {
    const r = buildHttpRequest(config(), { id: '7', tenant: 'acme', title: 'hi', n: 2 }, 'k');
    expect(JSON.parse(r.body!)).toEqual({ title: 'hi', n: 2, note: 'by acme' });
    expect(r.url.search).toBe('');
    expect(r.headers['content-type']).toBe('application/json');
  });

  it('a missing path field is an input contract problem naming the field', () => {
    expect(() => buildHttpRequest(config(), { tenant: 't' }, 'k')).toThrow(/input\.id: is needed for the path/);
  });
});

describe('httpToolConfigSchema', () => {
  it.each([
    ['https://api.example.com/v1', 'Only scheme, host and port'],
    ['ftp://api.example.com', 'Use http or https'],
    ['https://user:pw@api.example.com', 'no user name or password'],
    ['not a url', 'Enter a URL'],
  ])('refuses origin %j', (origin, message) => {
    const r = httpToolConfigSchema.safeParse({ origin, path: '/' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain(message);
  });

  it('refuses a path with a query, a .. segment, or a Host header', () => {
    expect(httpToolConfigSchema.safeParse({ origin: 'https://a.example', path: '/x?y=1' }).success).toBe(false);
    expect(httpToolConfigSchema.safeParse({ origin: 'https://a.example', path: '/x/../y' }).success).toBe(false);
    expect(httpToolConfigSchema.safeParse({ origin: 'https://a.example', headers: [{ name: 'Host', value: 'evil' }] }).success).toBe(false);
  });

  it('stores the canonical origin', () => {
    expect(httpToolConfigSchema.parse({ origin: 'HTTPS://API.Example.com:443/' }).origin).toBe('https://api.example.com');
  });
});
