'use client';
import type { FlowInput } from '@/lib/workflow/types';

import { FlowSelect } from './flow-choices';
import { ReviewWebhookFields } from './review-webhook-fields';

type Settings = NonNullable<FlowInput['settings']>;
const cls = 'mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm';

/** Flow settings: run time limit, concurrency, which runs to keep, the cost cap, and what happens when a production run fails. */
export function SettingsForm({ settings, onChange }: { settings: Settings; onChange: (s: Settings) => void }) {
  const set = (patch: Partial<Settings>) => {
    const next: Record<string, unknown> = { ...settings, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    onChange(next as Settings);
  };
  return (
    <div className="flex flex-col gap-3 text-sm">
      <label>Run time limit (seconds, empty = none)
        <input type="number" min={1} className={cls} value={settings.runTimeoutMs ? settings.runTimeoutMs / 1000 : ''} onChange={(e) => set({ runTimeoutMs: e.target.value ? Number(e.target.value) * 1000 : undefined })} />
      </label>
      <label>Concurrent production runs (empty = no limit; the excess queue)
        <input type="number" min={1} className={cls} value={settings.concurrency ?? ''} onChange={(e) => set({ concurrency: e.target.value ? Number(e.target.value) : undefined })} />
      </label>
      <div className="grid grid-cols-2 gap-2">
        <label>Keep runs
          <select className={cls} value={settings.retention?.keep ?? 'all'} onChange={(e) => set({ retention: e.target.value === 'all' && !settings.retention ? undefined : { keep: e.target.value as 'all' | 'failed' | 'none', days: settings.retention?.days ?? 30 } })}>
            <option value="all">all</option>
            <option value="failed">failed only</option>
            <option value="none">none</option>
          </select>
        </label>
        <label>…beyond (days)
          <input type="number" min={1} className={cls} disabled={!settings.retention} value={settings.retention?.days ?? ''} onChange={(e) => settings.retention && set({ retention: { ...settings.retention, days: Number(e.target.value) } })} />
        </label>
      </div>
      <label>Cost cap per run (USD, empty = none; model calls that may not fit are not made)
        <input type="number" min={0} step="0.01" className={cls} placeholder="e.g. 0.50" value={settings.maxCostPerRunUsd ?? ''} onChange={(e) => set({ maxCostPerRunUsd: e.target.value ? Number(e.target.value) : undefined })} />
      </label>
      <label>Error flow (started with the failure when a production run fails)
        <FlowSelect className={cls} value={settings.errorFlowId} onChange={(errorFlowId) => set({ errorFlowId })} empty="— none —" />
      </label>
      <label>Error webhook URL (POSTed the failure when a production run fails)
        <input className={cls} type="url" placeholder="https://hooks.example.com/baton" value={settings.errorWebhookUrl ?? ''} onChange={(e) => set({ errorWebhookUrl: e.target.value.trim() || undefined })} />
      </label>
      <ReviewWebhookFields hook={settings.reviewWebhook} onChange={(reviewWebhook) => set({ reviewWebhook })} />
    </div>
  );
}
