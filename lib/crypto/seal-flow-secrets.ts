import 'server-only';
import { isSealed, seal } from './secret-box';

type Doc = { steps?: { type?: string; config?: Record<string, unknown> }[] };

/**
 * Encrypts header values marked secret in HTTP steps, and webhook tokens and HMAC secrets, before a flow document is stored, so the
 * database and exports only ever hold ciphertext. Already-sealed values are left as they are.
 */
export function sealFlowSecrets<T>(doc: T): T {
  const d = doc as Doc;
  if (!d || !Array.isArray(d.steps)) return doc;
  return {
    ...(doc as object),
    steps: d.steps.map((s) => {
      const auth = s?.config?.auth as { token?: unknown; secret?: unknown } | undefined;
      if (s?.type === 'webhook-trigger' && auth) {
        const sealIt = (v: unknown) => (typeof v === 'string' && v !== '' && !isSealed(v) ? seal(v) : v);
        return { ...s, config: { ...s.config, auth: { ...auth, ...(auth.token !== undefined ? { token: sealIt(auth.token) } : {}), ...(auth.secret !== undefined ? { secret: sealIt(auth.secret) } : {}) } } };
      }
      const headers = s?.config?.headers;
      if (s?.type !== 'http-request' || !Array.isArray(headers)) return s;
      return {
        ...s,
        config: {
          ...s.config,
          headers: headers.map((h: { secret?: boolean; value?: unknown }) =>
            h?.secret && typeof h.value === 'string' && h.value !== '' && !isSealed(h.value) ? { ...h, value: seal(h.value) } : h,
          ),
        },
      };
    }),
  } as T;
}
