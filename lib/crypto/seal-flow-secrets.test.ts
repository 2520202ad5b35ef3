import { beforeAll, describe, expect, it } from 'vitest';
import { sealFlowSecrets } from './seal-flow-secrets';
import { isSealed, unseal } from './secret-box';

beforeAll(() => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64');
});

describe('sealFlowSecrets', () => {
  it('encrypts secret header values once and leaves the rest alone', () => {
    const doc = { version: 1, steps: [{ id: 'h', type: 'http-request', config: { url: 'x', headers: [{ name: 'Authorization', value: 'Bearer abc', secret: true }, { name: 'Accept', value: 'json' }] } }], edges: [] };
    const sealed = sealFlowSecrets(doc);
    const headers = sealed.steps[0]!.config.headers;
    expect(isSealed(headers[0]!.value)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('Bearer abc');
    expect(unseal(headers[0]!.value as string)).toBe('Bearer abc');
    expect(headers[1]!.value).toBe('json');
    expect(sealFlowSecrets(sealed).steps[0]!.config.headers[0]!.value).toBe(headers[0]!.value);
  });

  it('encrypts the review webhook secret in the settings once, keeping its URL', () => {
    const doc = { version: 1, steps: [], edges: [], settings: { concurrency: 2, reviewWebhook: { url: 'https://hooks.example.com/r', secret: 'hook-secret-1' } } };
    const sealed = sealFlowSecrets(doc);
    expect(JSON.stringify(sealed)).not.toContain('hook-secret-1');
    expect(sealed.settings).toMatchObject({ concurrency: 2, reviewWebhook: { url: 'https://hooks.example.com/r' } });
    expect(unseal(sealed.settings.reviewWebhook.secret)).toBe('hook-secret-1');
    expect(sealFlowSecrets(sealed).settings.reviewWebhook.secret).toBe(sealed.settings.reviewWebhook.secret);
  });
});
