'use client';
import { useEffect, useId, useState } from 'react';

type Row = { name: string; value: unknown; secret?: boolean };
const cls = 'min-w-0 rounded-md border border-slate-300 px-2 py-1 font-mono text-xs';
/** Values are text (with {{ }}); a value that was something else shows as JSON until edited. */
const show = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

function toRows(value: unknown, shape: 'list' | 'map'): Row[] {
  if (shape === 'list') return Array.isArray(value) ? (value as Row[]) : [];
  return Object.entries((value && typeof value === 'object' ? value : {}) as Record<string, unknown>).map(([name, v]) => ({ name, value: v }));
}

/**
 * Name → value rows for headers and assignments, instead of a raw JSON box: `list` holds
 * `[{name, value}]` (HTTP headers, with an optional secret flag; "set fields" assignments), `map`
 * an object (a response's headers). The example shows as the first row's placeholder.
 */
export function KeyValueField({ label, hint, example, value, onChange, shape, secrets }: { label: string; hint?: string; example?: string; value: unknown; onChange: (v: unknown) => void; shape: 'list' | 'map'; secrets?: boolean }) {
  const id = useId();
  const toValue = (rs: Row[]) => (shape === 'list' ? rs : Object.fromEntries(rs.filter((r) => r.name).map((r) => [r.name, r.value])));
  // Rows live here too, so a map's row keeps showing while its name is still empty.
  const [rows, setRows] = useState<Row[]>(() => toRows(value, shape));
  useEffect(() => {
    setRows((cur) => (JSON.stringify(toValue(cur)) === JSON.stringify(value ?? toValue([])) ? cur : toRows(value, shape)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, shape]);
  const emit = (next: Row[]) => {
    setRows(next);
    onChange(toValue(next));
  };
  const set = (i: number, patch: Partial<Row>) => emit(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const [exName, exValue] = (example ?? '').split(' = ');
  return (
    <fieldset className="flex flex-col gap-1" aria-labelledby={`${id}-l`}>
      <legend id={`${id}-l`} className="text-xs font-medium text-slate-600">{label}</legend>
      {rows.map((r, i) => (
        <div key={i} className="flex items-center gap-1">
          <input aria-label={`${label} ${i + 1} name`} className={`${cls} w-2/5`} value={r.name} placeholder={i === 0 ? exName : 'name'} onChange={(e) => set(i, { name: e.target.value })} />
          <span className="text-slate-400">=</span>
          <input aria-label={`${label} ${i + 1} value`} className={`${cls} flex-1`} type={r.secret ? 'password' : 'text'} value={show(r.value)} placeholder={i === 0 ? exValue : 'value or {{ expression }}'} onChange={(e) => set(i, { value: e.target.value })} />
          {secrets ? (
            <label className="flex items-center gap-0.5 text-[10px] text-slate-500" title="Stored encrypted, never shown in runs">
              <input type="checkbox" checked={!!r.secret} onChange={(e) => set(i, { secret: e.target.checked || undefined })} />secret
            </label>
          ) : null}
          <button type="button" aria-label={`Remove ${label} ${i + 1}`} className="px-1 text-slate-500 hover:text-red-600" onClick={() => emit(rows.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" className="self-start text-xs text-brand-600 hover:underline" onClick={() => emit([...rows, { name: '', value: '' }])}>+ Add {rows.length ? 'another' : 'one'}</button>
      {hint || (example && !rows.length) ? <p className="text-[11px] text-slate-500">{hint ?? `e.g. ${example}`}</p> : null}
    </fieldset>
  );
}
