import { describe, expect, it } from 'vitest';
import type { Hit } from './hits';
import { classChanges, entropy, findSecrets, findUrls } from './secrets';

const found = (find: (t: string) => Hit[], text: string) =>
  find(text)
    .sort((a, b) => a.start - b.start)
    .map((h) => `${h.rule}:${text.slice(h.start, h.end)}`);

// Made-up values in each provider's shape (none is a real credential).
const OPENAI = 'sk-proj-Qx7bT2mVx9LpW4sN7bK1yH3fD6gJ0cE5aZ';
const ANTHROPIC = 'sk-ant-api03-Zq8rT2mVx9LpW4sN7bK1yH3fD6gJ0cE5_x-Yw';
const GITHUB = `ghp_${'a1B2c3D4e5'.repeat(3)}F6g7H8`;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('secrets by shape', () => {
  it('finds each provider key shape, with the rule that names it', () => {
    const text = `keys: ${OPENAI}, ${ANTHROPIC}, ${GITHUB}, github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz, AKIAIOSFODNN7EXAMPLE, xoxb-123456789012-abcdefABCDEF, sk_live_4eC39HqLyjWDarjtT1zdp7dc, AIzaSyA-1234567890abcdefghijklmnopqrstu, ${JWT}`;
    expect(found(findSecrets, text)).toEqual([
      `openai-key:${OPENAI}`,
      `anthropic-key:${ANTHROPIC}`,
      `github-token:${GITHUB}`,
      'github-token:github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'aws-access-key-id:AKIAIOSFODNN7EXAMPLE',
      'slack-token:xoxb-123456789012-abcdefABCDEF',
      'stripe-key:sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      'google-api-key:AIzaSyA-1234567890abcdefghijklmnopqrstu',
      `jwt:${JWT}`,
    ]);
  });
  it('finds the value of an AWS secret key and of password/api_key assignments, not the key name', () => {
    const text = 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\npassword: "hunter2!x"\n{"api_key": "abc123def456"}';
    expect(found(findSecrets, text)).toEqual([
      'aws-secret-key:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'credential-assignment:hunter2!x',
      'credential-assignment:abc123def456',
    ]);
  });
  it('finds a private key block whole, and a truncated one through its base64 lines only', () => {
    const text =
      'a\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc==\n-----END RSA PRIVATE KEY-----\nb, then -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQQ==\nthat was cut.';
    expect(found(findSecrets, text)).toEqual([
      'private-key:-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc==\n-----END RSA PRIVATE KEY-----',
      'private-key:-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nQQ==',
    ]);
  });
  it('reports a named key once (no extra "high-entropy" finding for the same span)', () => {
    expect(findSecrets(`token ${OPENAI}`).map((h) => h.rule)).toEqual(['openai-key']);
  });
});

describe('high-entropy tokens', () => {
  it('finds a random token with no known prefix, also in a query string', () => {
    expect(found(findSecrets, 'callback https://x.io/cb?key=Zq8rT2mVx9LpW4sN7bK1yH3fD6gJ0cE5&x=1')).toEqual(['high-entropy:Zq8rT2mVx9LpW4sN7bK1yH3fD6gJ0cE5']);
  });
  it('ignores ids and names: UUIDs, hex digests, CamelCase identifiers, file paths, long base64 data', () => {
    const text = [
      'id 123e4567-e89b-12d3-a456-426614174000',
      'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'commit 3f2a9c1b7e4d5a6f8b9c0d1e2f3a4b5c6d7e8f90',
      'class AbstractSingletonProxyFactoryBean2024 and Base64EncoderV2FactoryImplementation',
      'path /usr/local/lib/node_modules/typescript/lib/tsserver.js',
      `img data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk'.repeat(4)}`,
    ].join('\n');
    expect(found(findSecrets, text)).toEqual([]);
  });
  it('measures entropy and class changes as documented', () => {
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
    expect(classChanges('aA1aA1')).toBe(1);
    expect(classChanges('Abcdef')).toBeCloseTo(0.2);
  });
});

describe('URLs', () => {
  it('finds http(s) and www links; trailing punctuation and an unbalanced bracket stay outside', () => {
    expect(found(findUrls, 'See https://example.com/a_(b) and (https://x.io/p?q=1). Also www.test.org, or HTTP://EXAMPLE.COM/X!')).toEqual([
      'url:https://example.com/a_(b)',
      'url:https://x.io/p?q=1',
      'url:www.test.org',
      'url:HTTP://EXAMPLE.COM/X',
    ]);
  });
  it('ignores bare domains, e-mail domains and file names', () => {
    expect(found(findUrls, 'example.com, jane@www.example.com, report.final.pdf, ftp is not covered: ftp://x.org')).toEqual([]);
  });
});
