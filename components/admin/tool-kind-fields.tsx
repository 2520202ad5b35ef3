'use client';
import type { ReactNode } from 'react';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { HTTP_METHODS } from '@/lib/tools/config';

/** A built-in tool as the form offers it (the implementation stays on the server). */
export type BuiltinChoice = { key: string; name: string; category: string; description: string };
/** A vault credential as the form offers it: its name and kind, never its secret. */
export type CredentialChoice = { id: string; name: string; kind: string };

type Pair = { name: string; value: string; fromInput?: boolean };
type HttpConfig = { method?: string; origin?: string; path?: string; query?: Pair[]; headers?: Pair[]; body?: { mode: string }; credentialId?: string };
type FieldError = (key: string) => string | undefined;

const lines = (text: string, sep: string) =>
  text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const i = l.indexOf(sep);
    return i < 0 ? { name: l, value: '' } : { name: l.slice(0, i).trim(), value: l.slice(i + sep.length).trim() };
  });
const unlines = (pairs: Pair[] | undefined, sep: string) => (pairs ?? []).map((p) => `${p.name}${sep}${p.value}`).join('\n');

/** Reads the kind's config back from the submitted form. */
export function configFromForm(kind: 'http' | 'code' | 'builtin', f: FormData): Record<string, unknown> {
  const text = (k: string) => String(f.get(k) ?? '');
  if (kind === 'builtin') return { key: text('builtinKey') };
  if (kind === 'code') return { source: text('source') };
  return {
    method: text('method'),
    origin: text('origin'),
    path: text('path') || '/',
    query: lines(text('query'), '='),
    headers: [...lines(text('headers'), ':').map((h) => ({ ...h, fromInput: false })), ...lines(text('inputHeaders'), ':').map((h) => ({ ...h, fromInput: true }))],
    body: { mode: text('body') },
    ...(text('credentialId') ? { credentialId: text('credentialId') } : {}),
  };
}

/** The fields of one kind: HTTP field by field, a code tool's source, or the choice of a built-in. */
export function KindFields({ kind, config, err, builtins, credentials }: { kind: 'http' | 'code' | 'builtin'; config: Record<string, unknown>; err: FieldError; builtins: BuiltinChoice[]; credentials: CredentialChoice[] }): ReactNode {
  if (kind === 'builtin') {
    return (
      <Select
        name="builtinKey"
        label="Built-in tool (its input and output contracts come with it)"
        defaultValue={String(config.key ?? '')}
        error={err('config.key')}
        options={[{ value: '', label: 'Choose a built-in tool' }, ...builtins.map((b) => ({ value: b.key, label: `${b.category} · ${b.name} (${b.key})` }))]}
      />
    );
  }
  if (kind === 'code') {
    return <Area name="source" label="Code (a function body: read `input`, return the output; runs in the sandbox)" defaultValue={String(config.source ?? 'return input;')} error={err('config.source')} rows={8} mono />;
  }
  const cfg = config as HttpConfig;
  return (
    <>
      <Select name="method" label="Method" defaultValue={cfg.method ?? 'GET'} options={HTTP_METHODS.map((m) => ({ value: m, label: m }))} />
      <Input name="origin" label="Origin (scheme, host and port, fixed)" placeholder="https://api.example.com" defaultValue={cfg.origin ?? ''} error={err('config.origin')} />
      <Input name="path" label="Path ({field} fills one encoded segment)" placeholder="/items/{id}" defaultValue={cfg.path ?? '/'} error={err('config.path')} />
      <Area name="query" label="Query parameters (one per line: name={field})" defaultValue={unlines(cfg.query, '=')} error={err('config.query')} />
      <Area name="headers" label="Fixed headers (one per line: Name: value)" defaultValue={unlines(cfg.headers?.filter((h) => !h.fromInput), ': ')} error={err('config.headers')} />
      <Area name="inputHeaders" label="Input-driven headers (one per line: Name: {field})" defaultValue={unlines(cfg.headers?.filter((h) => h.fromInput), ': ')} />
      <Select name="body" label="Body" defaultValue={cfg.body?.mode ?? 'none'} options={[{ value: 'none', label: 'None' }, { value: 'input', label: 'The whole input as JSON' }]} />
      <Select
        name="credentialId"
        label="Credential (granted to this tool when saved)"
        defaultValue={cfg.credentialId ?? ''}
        error={err('config.credentialId')}
        options={[{ value: '', label: 'None' }, ...credentials.map((c) => ({ value: c.id, label: `${c.name} (${c.kind.replaceAll('_', ' ')})` }))]}
      />
    </>
  );
}

export function Area({ name, label, defaultValue, error, rows = 3, mono }: { name: string; label: string; defaultValue: string; error?: string; rows?: number; mono?: boolean }): ReactNode {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
      {label}
      <textarea name={name} rows={rows} defaultValue={defaultValue} aria-invalid={error ? true : undefined} className={`rounded-md border px-3 py-2 text-sm font-normal shadow-sm ${mono ? 'font-mono' : ''} ${error ? 'border-red-500' : 'border-slate-300'}`} />
      {error ? <span className="text-sm font-normal text-red-600">{error}</span> : null}
    </label>
  );
}
