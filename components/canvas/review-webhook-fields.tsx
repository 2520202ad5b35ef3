'use client';
import type { FlowInput } from '@/lib/workflow/types';

type Hook = NonNullable<NonNullable<FlowInput['settings']>['reviewWebhook']>;
const cls = 'mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm';
/** Sealed values start with this (lib/crypto/secret-box); the browser only ever holds the ciphertext. */
const SEALED = 'enc:v1:';

/**
 * The review webhook: a URL told of every new review task, and an optional signing secret. A saved
 * secret comes back sealed, so the field shows that one is set and only takes a replacement.
 */
export function ReviewWebhookFields({ hook, onChange }: { hook: Hook | undefined; onChange: (h: Hook | undefined) => void }) {
  const sealed = typeof hook?.secret === 'string' && hook.secret.startsWith(SEALED);
  return (
    <>
      <label>Review webhook URL (POSTed each new review task of this flow)
        <input className={cls} type="url" placeholder="https://hooks.example.com/review" value={hook?.url ?? ''} onChange={(e) => {
          const url = e.target.value.trim();
          onChange(url ? { ...hook, url } : undefined);
        }} />
      </label>
      <label>Review webhook secret (signs the body: X-Baton-Signature: sha256=…)
        <input className={cls} type="password" autoComplete="new-password" disabled={!hook} placeholder={sealed ? 'set (stored encrypted); type to replace' : 'none'}
          value={sealed ? '' : (hook?.secret ?? '')} onChange={(e) => hook && onChange({ url: hook.url, ...(e.target.value ? { secret: e.target.value } : {}) })} />
      </label>
      {sealed && hook ? <button type="button" className="self-start text-xs text-slate-600 underline" onClick={() => onChange({ url: hook.url })}>Remove the secret</button> : null}
    </>
  );
}
