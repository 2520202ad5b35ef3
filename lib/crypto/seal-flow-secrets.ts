import 'server-only';
import { getDefinition } from '@/lib/steps/definitions';
import { mapSecretFields } from '@/lib/steps/secret-fields';
import { isSealed, seal } from './secret-box';

type Doc = { steps?: { type?: string; config?: Record<string, unknown> }[]; settings?: { reviewWebhook?: { secret?: unknown } } };

/**
 * Encrypts every config field a step type declares secret (its definition's `secretFields`)
 * before a flow document is stored, so the database and exports only ever hold ciphertext.
 * So is the review webhook's signing secret in the flow's settings. Already-sealed values are
 * left as they are.
 */
export function sealFlowSecrets<T>(doc: T): T {
  const d = doc as Doc;
  if (!d || !Array.isArray(d.steps)) return doc;
  const hook = d.settings?.reviewWebhook;
  const settings = typeof hook?.secret === 'string' && !isSealed(hook.secret) ? { ...d.settings, reviewWebhook: { ...hook, secret: seal(hook.secret) } } : d.settings;
  return {
    ...(doc as object),
    ...(settings === d.settings ? {} : { settings }),
    steps: d.steps.map((s) => {
      const fields = typeof s?.type === 'string' ? getDefinition(s.type)?.secretFields : undefined;
      if (!fields || !s.config) return s;
      const config = mapSecretFields(s.config, fields, (v) => (isSealed(v) ? v : seal(v)));
      return config === s.config ? s : { ...s, config };
    }),
  } as T;
}
