import 'server-only';
import type { ApplyCredential } from './types';
import { OAuth2TokenCache } from './oauth2-token';

/**
 * Builds an applyCredential with its own OAuth2 token cache and clock (tests pass a fake clock;
 * the product uses the process-wide `applyCredential` below).
 */
export function createApplyCredential(opts: { now?: () => number } = {}): ApplyCredential & { tokens: OAuth2TokenCache } {
  const tokens = new OAuth2TokenCache(opts.now);
  const apply: ApplyCredential = async (secret, request, ctx) => {
    switch (secret.kind) {
      case 'api_key':
        if (secret.placement === 'header') request.headers.set(secret.name, secret.key);
        else request.url.searchParams.set(secret.name, secret.key);
        return { secrets: withEncodings(secret.key), secretHeaders: secret.placement === 'header' ? [secret.name.toLowerCase()] : [] };
      case 'bearer':
        request.headers.set('authorization', `Bearer ${secret.token}`);
        return { secrets: [secret.token], secretHeaders: ['authorization'] };
      case 'basic': {
        const encoded = Buffer.from(`${secret.username}:${secret.password}`).toString('base64');
        request.headers.set('authorization', `Basic ${encoded}`);
        return { secrets: [encoded, ...withEncodings(secret.password)], secretHeaders: ['authorization'] };
      }
      case 'oauth2_client_credentials': {
        const token = await tokens.token(secret, ctx.cacheKey, ctx.http, ctx.signal);
        request.headers.set('authorization', `Bearer ${token}`);
        return { secrets: [token], secretHeaders: ['authorization'] };
      }
    }
  };
  return Object.assign(apply, { tokens });
}

/** A value and the URL-encoded form it takes in a query string, so a masker finds either. */
const withEncodings = (v: string) => [...new Set([v, encodeURIComponent(v), new URLSearchParams({ v }).toString().slice(2)])];

/**
 * Puts a credential on an outgoing request; OAuth2 access tokens are cached per process (keyed by
 * `ctx.cacheKey`, e.g. the credential id, and the secret). Returns every secret value it added.
 */
export const applyCredential = createApplyCredential();
