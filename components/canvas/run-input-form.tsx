'use client';
import { useEffect, useId, useMemo, useState } from 'react';
import type { JsonSchema } from '@/lib/workflow/contracts';
import { fieldText, inputFields, readField, type InputField } from '@/lib/workflow/input-fields';
import { JsonField } from './json-field';

/**
 * The input of a test run: a form generated from the trigger's schema (a manual trigger's input
 * schema, a webhook's body schema), or JSON when there is none or the user prefers it. Reports
 * the value, or null while a field is invalid; server-side field errors show under their field.
 */
export function RunInputForm({ schema, serverErrors, onValue }: { schema?: JsonSchema; serverErrors?: Record<string, string[]>; onValue: (v: unknown | null) => void }) {
  const fields = useMemo(() => inputFields(schema), [schema]);
  const [asJson, setAsJson] = useState(!fields);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries((fields ?? []).map((f) => [f.name, fieldText(f, f.defaultValue)])));
  const [json, setJson] = useState<unknown>({});
  const [touched, setTouched] = useState<Record<string, boolean>>({});

  const read = useMemo(() => {
    const value: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    for (const f of fields ?? []) {
      const r = readField(f, texts[f.name] ?? '');
      if (r.error) errors[f.name] = r.error;
      else if (r.value !== undefined) value[f.name] = r.value;
    }
    return { value, errors };
  }, [fields, texts]);

  useEffect(() => {
    if (asJson || !fields) onValue(json);
    else onValue(Object.keys(read.errors).length ? null : read.value);
  }, [asJson, fields, json, read, onValue]);

  const toJson = () => {
    setJson(read.value);
    setAsJson(true);
  };
  const toForm = () => {
    const obj = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    setTexts(Object.fromEntries((fields ?? []).map((f) => [f.name, fieldText(f, obj[f.name])])));
    setAsJson(false);
  };

  return (
    <div className="flex flex-col gap-3">
      {fields ? (
        <div className="flex justify-end">
          <button type="button" className="text-xs text-brand-600 underline" onClick={asJson ? toForm : toJson}>{asJson ? 'Edit as a form' : 'Edit as JSON'}</button>
        </div>
      ) : null}
      {asJson || !fields ? (
        <>
          <JsonField label="Input (the trigger's output, as JSON)" value={json} onChange={setJson} rows={6} />
          {serverErrors ? Object.entries(serverErrors).map(([k, m]) => <p key={k} className="text-sm text-red-600">{k === '_' ? '' : `${k}: `}{m.join('; ')}</p>) : null}
        </>
      ) : (
        fields.map((f) => (
          <FieldInput key={f.name} f={f} text={texts[f.name] ?? ''} error={(touched[f.name] ? read.errors[f.name] : undefined) ?? serverErrors?.[f.name]?.join('; ')}
            onChange={(t) => { setTexts((m) => ({ ...m, [f.name]: t })); setTouched((m) => ({ ...m, [f.name]: true })); }} />
        ))
      )}
    </div>
  );
}

function FieldInput({ f, text, error, onChange }: { f: InputField; text: string; error?: string; onChange: (t: string) => void }) {
  const id = useId();
  const label = `${f.label}${f.required ? ' *' : ''}`;
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': `${id}-help ${id}-error` } as const;
  const box = `rounded-md border px-3 py-2 text-sm ${error ? 'border-red-500' : 'border-slate-300'}`;
  return (
    <div className="flex flex-col gap-1">
      {f.kind === 'boolean' ? (
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input {...common} type="checkbox" checked={text === 'true'} onChange={(e) => onChange(String(e.target.checked))} /> {label}
        </label>
      ) : (
        <label htmlFor={id} className="text-sm font-medium text-slate-700">{label}</label>
      )}
      {f.kind === 'choice' ? (
        <select {...common} className={`${box} bg-white`} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {f.options!.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      ) : f.kind === 'json' ? (
        <textarea {...common} rows={3} spellCheck={false} className={`${box} font-mono text-xs`} value={text} onChange={(e) => onChange(e.target.value)} />
      ) : f.kind !== 'boolean' ? (
        <input {...common} className={box} inputMode={f.kind === 'text' ? undefined : 'decimal'} value={text} onChange={(e) => onChange(e.target.value)} />
      ) : null}
      {f.help ? <p id={`${id}-help`} className="text-xs text-slate-500">{f.help}</p> : null}
      {error ? <p id={`${id}-error`} className="text-sm text-red-600">{error}</p> : null}
    </div>
  );
}
