'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { setModelPrices } from '@/lib/actions/models';
import type { ProviderView } from './types';

type Row = { model: string; inputPerMillion: string; outputPerMillion: string; cachedInputPerMillion: string };
const toRow = (p: ProviderView['prices'][number]): Row => ({
  model: p.model,
  inputPerMillion: String(p.inputPerMillion),
  outputPerMillion: String(p.outputPerMillion),
  cachedInputPerMillion: p.cachedInputPerMillion === null ? '' : String(p.cachedInputPerMillion),
});
const COLUMNS = [
  ['inputPerMillion', 'Input'],
  ['outputPerMillion', 'Output'],
  ['cachedInputPerMillion', 'Cached input'],
] as const;

/** The provider's price table, edited as a whole (USD per million tokens). A model left out has an unknown price. */
export function PricesEditor({ providerId, models, prices }: { providerId: string; models: string[]; prices: ProviderView['prices'] }) {
  const [rows, setRows] = useState<Row[]>(prices.map(toRow));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, start] = useTransition();
  const toast = useToast();
  const unpriced = models.filter((m) => !rows.some((r) => r.model === m));
  const set = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const err = (i: number, field: string) => errors[`prices.${i}.${field}`]?.[0];

  return (
    <details className="mt-3" open={prices.length > 0}>
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Prices (USD per million tokens)</summary>
      <form
        className="mt-2 flex flex-col gap-2"
        aria-label="Prices"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await setModelPrices({ providerId, prices: rows });
            if (!r.ok) return (setErrors(r.fieldErrors ?? {}), toast(r.error, 'error'));
            setErrors({});
            toast('Prices saved');
          });
        }}
      >
        <table className="text-sm">
          <thead>
            <tr className="text-left text-slate-600">
              <th className="pr-2 font-medium">Model</th>
              {COLUMNS.map(([, label]) => <th key={label} className="pr-2 font-medium">{label}</th>)}
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td className="pr-2 align-top">
                  <input aria-label={`Model of price row ${i + 1}`} value={r.model} onChange={(e) => set(i, { model: e.target.value })} className="w-48 rounded border border-slate-300 px-2 py-1 font-mono" />
                  {err(i, 'model') ? <p className="text-red-600">{err(i, 'model')}</p> : null}
                </td>
                {COLUMNS.map(([field, label]) => (
                  <td key={field} className="pr-2 align-top">
                    <input
                      aria-label={`${label} price of ${r.model || `row ${i + 1}`}`}
                      inputMode="decimal"
                      value={r[field]}
                      placeholder={field === 'cachedInputPerMillion' ? 'as input' : ''}
                      onChange={(e) => set(i, { [field]: e.target.value })}
                      className="w-24 rounded border border-slate-300 px-2 py-1"
                    />
                    {err(i, field) ? <p className="text-red-600">{err(i, field)}</p> : null}
                  </td>
                ))}
                <td className="align-top">
                  <Button type="button" variant="ghost" aria-label={`Remove price of ${r.model || `row ${i + 1}`}`} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {unpriced.length ? <p className="text-xs text-slate-500">No price (cost unknown): {unpriced.join(', ')}</p> : null}
        <div className="flex gap-2">
          <Button type="button" variant="secondary" onClick={() => setRows((rs) => [...rs, { model: unpriced[0] ?? '', inputPerMillion: '', outputPerMillion: '', cachedInputPerMillion: '' }])}>
            Add price
          </Button>
          <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save prices'}</Button>
        </div>
      </form>
    </details>
  );
}
