'use client';
import type { StepInput } from '@/lib/workflow/types';
import { JsonField } from './json-field';

type P = NonNullable<StepInput['policy']>;
const num = (v: string) => (v === '' ? undefined : Number(v));
const cls = 'w-full rounded-md border border-slate-300 px-2 py-1 text-sm';

/** The step's policy: timeout, retries, alternatives, confidence threshold and escalation. */
export function PolicyForm({ policy, onChange, stepType }: { policy: P | undefined; onChange: (p: P | undefined) => void; stepType?: string }) {
  const p = policy ?? {};
  const set = (patch: P) => {
    const next = { ...p, ...patch };
    for (const k of Object.keys(next) as (keyof P)[]) if (next[k] === undefined) delete next[k];
    onChange(Object.keys(next).length ? next : undefined);
  };
  const retry = p.retry;
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-semibold">When things go wrong</legend>
      <label className="text-xs font-medium text-slate-600">Timeout (ms)
        <input type="number" className={cls} value={p.timeoutMs ?? ''} onChange={(e) => set({ timeoutMs: num(e.target.value) })} />
      </label>
      <div className="grid grid-cols-2 gap-2">
        <label className="text-xs font-medium text-slate-600">Attempts
          <input type="number" min={1} className={cls} value={retry?.maxAttempts ?? ''} onChange={(e) => set({ retry: e.target.value === '' ? undefined : { maxAttempts: Number(e.target.value), initialIntervalMs: retry?.initialIntervalMs ?? 1000, backoffCoefficient: 2, maxIntervalMs: 60_000, jitter: 0.2, nonRetryable: [] } })} />
        </label>
        <label className="text-xs font-medium text-slate-600">First backoff (ms)
          <input type="number" min={0} className={cls} disabled={!retry} value={retry?.initialIntervalMs ?? ''} onChange={(e) => retry && set({ retry: { ...retry, initialIntervalMs: Number(e.target.value) } })} />
        </label>
      </div>
      <div className="grid grid-cols-2 gap-2">
        <label className="text-xs font-medium text-slate-600">Confidence path
          <input className={cls} placeholder="e.g. confidence" value={p.confidence?.path ?? ''} onChange={(e) => set({ confidence: e.target.value ? { path: e.target.value, threshold: p.confidence?.threshold ?? 0.8 } : undefined })} />
        </label>
        <label className="text-xs font-medium text-slate-600">Threshold
          <input type="number" step="0.05" min={0} max={1} className={cls} disabled={!p.confidence} value={p.confidence?.threshold ?? ''} onChange={(e) => p.confidence && set({ confidence: { ...p.confidence, threshold: Number(e.target.value) } })} />
        </label>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={!!p.escalation} onChange={(e) => set({ escalation: e.target.checked ? { reason: 'Needs a human decision', deadlineMs: 86_400_000, onTimeout: 'fail' } : undefined })} />
        Escalate to a reviewer when all else fails
      </label>
      {p.escalation ? (
        // Every review policy field (priority, assignee, N of M, second tier, the context to show) in one place.
        <JsonField label="Escalation (reason, deadlineMs, onTimeout, priority, assignee, approvals, secondTier, show)" value={p.escalation} onChange={(v) => v !== undefined && set({ escalation: v as P['escalation'] })} rows={5} />
      ) : null}
      <JsonField label="Alternatives (ordered; each merges its config over the step's)" value={p.alternatives} onChange={(v) => set({ alternatives: v as P['alternatives'] })} rows={3} />
      {stepType === 'tool-call' ? (
        // Only a Tool call step can be ordered by live figures: its alternatives name registry tools.
        <label className="text-sm">
          Order of the tool and its alternatives
          <select data-testid="policy.order" className={cls} value={p.order ?? 'listed'} onChange={(e) => set({ order: e.target.value === 'auto' ? 'auto' : undefined })}>
            <option value="listed">As listed</option>
            <option value="auto">Auto: highest live success rate first (ties: lower p50 latency)</option>
          </select>
        </label>
      ) : null}
    </fieldset>
  );
}
