import { describe, expect, it } from 'vitest';
import { nextHop, type OutboundRequest } from './redirect';

const req = (url: string, more: Partial<OutboundRequest> = {}): OutboundRequest => ({
  url: new URL(url),
  method: 'GET',
  headers: { authorization: 'a', cookie: 'c', 'proxy-authorization': 'p', host: 'h', 'x-key': 'k', accept: 'x' },
  ...more,
});
const kept = (r: OutboundRequest) => Object.keys(r.headers).sort();

describe('nextHop', () => {
  it.each([
    ['scheme', 'http://api.test:8080/a', 'https://api.test:8080/b'],
    ['host', 'http://api.test/a', 'http://other.test/b'],
    ['port', 'http://api.test/a', 'http://api.test:81/b'],
    ['subdomain', 'http://api.test/a', 'http://x.api.test/b'],
  ])('a change of %s drops credentials and the secret headers', (_what, from, to) => {
    expect(kept(nextHop(req(from), 302, to, ['X-Key']))).toEqual(['accept']);
  });

  it('keeps them within the origin (the default port written or not)', () => {
    expect(kept(nextHop(req('http://api.test/a'), 302, 'http://API.test:80/b', ['x-key']))).toEqual(['accept', 'authorization', 'cookie', 'host', 'proxy-authorization', 'x-key']);
  });

  it('resolves a relative location against the current URL', () => {
    expect(nextHop(req('http://api.test/a/b?q'), 301, '../c', []).url.toString()).toBe('http://api.test/c');
  });
});
