import { describe, expect, it } from 'vitest';
import { credentialSecretSchema } from './secret-schema';
import { hintOf } from './hint';

const issues = (v: unknown) => {
  const r = credentialSecretSchema.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('credential secret validation (the form field errors)', () => {
  it('says which field to fix, per kind', () => {
    expect(issues({ kind: 'api_key', key: '', placement: 'header', name: 'X Key' })).toEqual({ key: 'Enter the key.', name: expect.stringContaining('header name') });
    expect(issues({ kind: 'api_key', key: 'k', placement: 'query', name: 'api key' })).toEqual({});
    expect(issues({ kind: 'bearer', token: 'a b' })).toEqual({ token: 'The token has no spaces.' });
    expect(issues({ kind: 'basic', username: 'a:b', password: 'line\nbreak' })).toEqual({ username: expect.stringContaining('colon'), password: expect.stringContaining('one line') });
    expect(issues({ kind: 'oauth2_client_credentials', tokenUrl: 'ftp://x/token', clientId: 'c', clientSecret: 's' })).toEqual({ tokenUrl: expect.stringContaining('http or https') });
    expect(issues({ kind: 'oauth2_client_credentials', tokenUrl: 'https://u:p@x/token', clientId: 'c', clientSecret: 's' })).toEqual({ tokenUrl: expect.stringContaining('not in the URL') });
    expect(issues({ kind: 'nope' })).toEqual({ kind: expect.stringContaining('Choose a kind') });
  });

  it('trims pasted keys, keeps passwords as typed, drops empty optional fields', () => {
    expect(credentialSecretSchema.parse({ kind: 'bearer', token: ' tok\n' })).toEqual({ kind: 'bearer', token: 'tok' });
    expect(credentialSecretSchema.parse({ kind: 'basic', username: 'u', password: ' pw ' })).toEqual({ kind: 'basic', username: 'u', password: ' pw ' });
    expect(credentialSecretSchema.parse({ kind: 'oauth2_client_credentials', tokenUrl: 'https://idp/t', clientId: 'c', clientSecret: 's', scope: '' })).not.toHaveProperty('scope', '');
  });
});

describe('hints', () => {
  it('show where a secret goes and its last four characters only when it is long enough', () => {
    expect(hintOf({ kind: 'api_key', key: 'abcdefghijkl1234', placement: 'header', name: 'X-Key' })).toEqual({ placement: 'header', name: 'X-Key', last4: '…1234' });
    expect(hintOf({ kind: 'bearer', token: 'short1234' })).toEqual({});
    expect(hintOf({ kind: 'basic', username: 'svc', password: 'password-long-9876' })).toEqual({ username: 'svc' });
  });
});
