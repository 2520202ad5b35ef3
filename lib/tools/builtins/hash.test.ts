import { describe, expect, it } from 'vitest';
import { outputProblems, runTool } from './test-helpers';

const run = async (key: string, input: unknown) => {
  const out = await runTool(key, input);
  expect(outputProblems(key, out)).toEqual([]);
  return out;
};

// Known answers: FIPS 180 "abc" vectors, RFC 1321 for MD5, RFC 4231 test case 2 for HMAC.
describe('crypto.hash', () => {
  it.each([
    ['sha256', 'hex', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha1', 'hex', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['md5', 'hex', '900150983cd24fb0d6963f7d28e17f72'],
    ['sha256', 'base64', 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='],
    ['sha256', 'base64url', 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0'],
  ])('%s as %s', async (algorithm, encoding, digest) => {
    expect(await run('crypto.hash', { data: 'abc', algorithm, encoding })).toEqual({ digest, algorithm, encoding });
  });
  it('defaults to SHA-256 hex and reads hex input as bytes', async () => {
    expect(await run('crypto.hash', { data: '616263', inputEncoding: 'hex' })).toMatchObject({ digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', algorithm: 'sha256', encoding: 'hex' });
    expect((await run('crypto.hash', { data: 'abc', algorithm: 'sha512' }) as { digest: string }).digest).toMatch(/^ddaf35a193617aba.{112}$/);
  });
  it('refuses an unknown algorithm and text that is not the encoding it claims', async () => {
    await expect(runTool('crypto.hash', { data: 'abc', algorithm: 'sha3' })).rejects.toThrow('Hash: algorithm must be one of "sha256", "sha512", "sha1", "md5"');
    await expect(runTool('crypto.hash', { data: 'xyz', inputEncoding: 'hex' })).rejects.toThrow('data is not hex');
    await expect(runTool('crypto.hash', { data: 'a b', inputEncoding: 'base64' })).rejects.toThrow('data is not base64');
  });
});

describe('crypto.hmac', () => {
  it('signs with the key (RFC 4231 case 2)', async () => {
    expect(await run('crypto.hmac', { data: 'what do ya want for nothing?', key: 'Jefe' })).toEqual({ digest: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', algorithm: 'sha256', encoding: 'hex' });
  });
  it('takes a key given as hex bytes', async () => {
    expect(await run('crypto.hmac', { data: 'what do ya want for nothing?', key: Buffer.from('Jefe').toString('hex'), keyEncoding: 'hex' })).toMatchObject({ digest: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' });
  });
  it('is described as secret, and its errors never repeat the key', async () => {
    const tool = (await import('./index')).builtinTool('crypto.hmac')!;
    expect(tool.description).toMatch(/secret/i);
    expect((tool.inputSchema.properties as Record<string, { writeOnly?: boolean }>).key?.writeOnly).toBe(true);
    const err = await runTool('crypto.hmac', { data: 'x', key: 'not-hex-SECRET', keyEncoding: 'hex' }).catch((e: Error) => e);
    expect((err as Error).message).toBe('key is not hex (pairs of 0-9, a-f)');
    await expect(runTool('crypto.hmac', { data: 'x' })).rejects.toThrow('HMAC signature: key is required');
  });
});
