import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackServer, json } from '@/lib/testing/loopback';
import { sealFlowSecrets } from '@/lib/crypto/seal-flow-secrets';
import { STEP_RUNNERS } from './runners';
import { STEP_DEFINITIONS } from './definitions';
import { callStep } from './call-step';
import { maskSecretValues } from './secret-masking';
import type { AsyncRunner } from './runtime';
import { testRunContext } from '@/lib/testing/run-context';

const SECRET = 'echo-me-secret-93174';
let srv: Awaited<ReturnType<typeof loopbackServer>>;
beforeAll(async () => {
  process.env.ENCRYPTION_KEY = Buffer.alloc(32, 8).toString('base64');
  // Echoes the request's headers back, in its body and in a response header, as some services do.
  srv = await loopbackServer((call, res) => json(res, call.url === '/fail' ? 400 : 200, { youSent: call.headers }, { 'x-echo': String(call.headers['x-api-key'] ?? '') }));
});
afterAll(() => srv.close());

/** The step as stored: its secret header sealed by the same code that saves flows. */
const config = (path: string) => {
  const doc = sealFlowSecrets({ steps: [{ type: 'http-request', config: { method: 'GET', url: `${srv.url}${path}`, headers: [{ name: 'X-Api-Key', value: SECRET, secret: true }, { name: 'X-Plain', value: 'visible' }], timeoutMs: 5000, maxResponseBytes: 100_000 } }] });
  return doc.steps[0]!.config as never;
};
const runner = STEP_RUNNERS['http-request'] as AsyncRunner;
/** As the driver calls it: secret fields revealed for the runner only, masked in what comes back. */
const call = (path: string) => callStep(STEP_DEFINITIONS['http-request'], runner, config(path), null, testRunContext([`127.0.0.1:${srv.port}`]));

describe('an HTTP step never records the secret headers it sent', () => {
  it('masks a secret the service echoes in its body and headers', async () => {
    const out = await call('/ok');
    expect(srv.calls.at(-1)?.headers['x-api-key']).toBe(SECRET);
    expect(JSON.stringify(out.output)).not.toContain(SECRET);
    expect(out.output).toMatchObject({ status: 200, headers: { 'x-echo': '***' }, body: { youSent: { 'x-api-key': '***', 'x-plain': 'visible' } } });
  });

  it('masks it in the details of a failure too', async () => {
    const err = (await call('/fail').catch((e: unknown) => e)) as { details: unknown };
    expect(err).toMatchObject({ kind: 'NonRetriableError', details: { status: 400 } });
    expect(JSON.stringify(err.details)).not.toContain(SECRET);
  });
});

describe('maskSecretValues', () => {
  it('masks inside strings and keys at any depth, and leaves values without secrets as they are', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(500)}"x-${SECRET}-y"${'}'.repeat(500)}`) as unknown;
    expect(JSON.stringify(maskSecretValues(deep, [SECRET]))).toContain('"x-***-y"');
    expect(maskSecretValues({ [SECRET]: 1 }, [SECRET])).toEqual({ '***': 1 });
    const v = { a: [1, 'b'] };
    expect(maskSecretValues(v, [SECRET])).toBe(v);
    expect(maskSecretValues('with "quotes" and \\ slashes', ['"quotes"'])).toBe('with *** and \\ slashes');
  });
});
