'use client';
import { useState, useTransition, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { createTool, updateTool } from '@/lib/actions/tools';
import { HTTP_METHODS } from '@/lib/tools/config';
import { ROLES_THAT_PLACE } from '@/lib/tools/form';

/** What the form edits, as the page loads it (an HTTP tool's config, or any kind's as JSON). */
export type ToolFormValues = {
  name: string;
  description: string;
  category: string;
  kind: 'http' | 'code' | 'builtin';
  accessRoles: string[];
  approval: 'auto' | 'needs_approval' | 'deny';
  inputSchema: unknown;
  outputSchema: unknown;
  timeoutMs: number;
  config: Record<string, unknown>;
};

type Pair = { name: string; value: string; fromInput?: boolean };
const lines = (text: string, sep: string) =>
  text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const i = l.indexOf(sep);
    return i < 0 ? { name: l, value: '' } : { name: l.slice(0, i).trim(), value: l.slice(i + sep.length).trim() };
  });
const unlines = (pairs: Pair[] | undefined, sep: string) => (pairs ?? []).map((p) => `${p.name}${sep}${p.value}`).join('\n');
const pretty = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

/** Register or edit a tool: an HTTP tool field by field; other kinds' config as JSON. Server field errors show under their field. */
export function ToolForm({ toolId, initial }: { toolId?: string; initial: ToolFormValues }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const router = useRouter();
  const toast = useToast();
  const http = initial.kind === 'http';
  const cfg = initial.config as { method?: string; origin?: string; path?: string; query?: Pair[]; headers?: Pair[]; body?: { mode: string }; credentialId?: string };
  const err = (key: string) => Object.entries(errors).filter(([k]) => k === `form.${key}` || k.startsWith(`form.${key}.`)).flatMap(([, v]) => v)[0];

  return (
    <form
      className="flex max-w-2xl flex-col gap-4"
      aria-label={toolId ? 'Edit tool' : 'Register a tool'}
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const text = (k: string) => String(f.get(k) ?? '');
        const config = http
          ? {
              method: text('method'),
              origin: text('origin'),
              path: text('path') || '/',
              query: lines(text('query'), '='),
              headers: [...lines(text('headers'), ':').map((h) => ({ ...h, fromInput: false })), ...lines(text('inputHeaders'), ':').map((h) => ({ ...h, fromInput: true }))],
              body: { mode: text('body') },
              ...(text('credentialId') ? { credentialId: text('credentialId') } : {}),
            }
          : parseJson(text('config'));
        const form = {
          name: text('name'),
          description: text('description'),
          category: text('category'),
          kind: initial.kind,
          accessRoles: ROLES_THAT_PLACE.filter((r) => f.get(`role-${r}`) === 'on'),
          approval: text('approval'),
          inputSchema: text('inputSchema'),
          outputSchema: text('outputSchema'),
          timeoutMs: Number(text('timeoutMs')),
          config,
        };
        start(async () => {
          const r = toolId ? await updateTool({ toolId, form: form as never }) : await createTool({ form: form as never });
          if (!r.ok) {
            setErrors(r.fieldErrors ?? {});
            setError(r.error);
            return;
          }
          setErrors({});
          setError(undefined);
          toast(toolId ? `Saved as version ${r.data.version}` : 'Tool registered');
          router.push(`/admin/tools/${r.data.id}`);
          router.refresh();
        });
      }}
    >
      {error ? <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-700">{error}</p> : null}
      <Input name="name" label="Name" defaultValue={initial.name} error={err('name')} required />
      <Area name="description" label="Description (what a person, and later a model, reads to choose it)" defaultValue={initial.description} error={err('description')} rows={2} />
      <Input name="category" label="Category" defaultValue={initial.category} error={err('category')} />
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium text-slate-700">Who may place it in a flow (admins always may)</legend>
        <div className="flex gap-4">
          {ROLES_THAT_PLACE.map((r) => (
            <label key={r} className="flex items-center gap-1 text-sm"><input type="checkbox" name={`role-${r}`} defaultChecked={initial.accessRoles.includes(r)} /> {r}</label>
          ))}
        </div>
      </fieldset>
      <Select name="approval" label="Approval" defaultValue={initial.approval} options={[{ value: 'auto', label: 'Automatic' }, { value: 'needs_approval', label: 'Needs approval' }, { value: 'deny', label: 'Deny (no flow may call it)' }]} />
      {http ? (
        <>
          <Select name="method" label="Method" defaultValue={cfg.method ?? 'GET'} options={HTTP_METHODS.map((m) => ({ value: m, label: m }))} />
          <Input name="origin" label="Origin (scheme, host and port, fixed)" placeholder="https://api.example.com" defaultValue={cfg.origin ?? ''} error={err('config.origin')} />
          <Input name="path" label="Path ({field} fills one encoded segment)" placeholder="/items/{id}" defaultValue={cfg.path ?? '/'} error={err('config.path')} />
          <Area name="query" label="Query parameters (one per line: name={field})" defaultValue={unlines(cfg.query, '=')} error={err('config.query')} />
          <Area name="headers" label="Fixed headers (one per line: Name: value)" defaultValue={unlines(cfg.headers?.filter((h) => !h.fromInput), ': ')} error={err('config.headers')} />
          <Area name="inputHeaders" label="Input-driven headers (one per line: Name: {field})" defaultValue={unlines(cfg.headers?.filter((h) => h.fromInput), ': ')} />
          <Select name="body" label="Body" defaultValue={cfg.body?.mode ?? 'none'} options={[{ value: 'none', label: 'None' }, { value: 'input', label: 'The whole input as JSON' }]} />
          <Input name="credentialId" label="Credential id (optional)" defaultValue={cfg.credentialId ?? ''} error={err('config.credentialId')} />
        </>
      ) : (
        <Area name="config" label="Configuration (JSON)" defaultValue={pretty(initial.config)} error={err('config')} rows={6} mono />
      )}
      <Area name="inputSchema" label="Input contract (JSON Schema)" defaultValue={pretty(initial.inputSchema)} error={err('inputSchema')} rows={6} mono />
      <Area name="outputSchema" label="Output contract (JSON Schema)" defaultValue={pretty(initial.outputSchema)} error={err('outputSchema')} rows={6} mono />
      <Input name="timeoutMs" type="number" label="Timeout (ms)" defaultValue={initial.timeoutMs} error={err('timeoutMs')} />
      <div><Button type="submit" disabled={pending}>{toolId ? 'Save as a new version' : 'Register tool'}</Button></div>
    </form>
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function Area({ name, label, defaultValue, error, rows = 3, mono }: { name: string; label: string; defaultValue: string; error?: string; rows?: number; mono?: boolean }): ReactNode {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
      {label}
      <textarea name={name} rows={rows} defaultValue={defaultValue} aria-invalid={error ? true : undefined} className={`rounded-md border px-3 py-2 text-sm font-normal shadow-sm ${mono ? 'font-mono' : ''} ${error ? 'border-red-500' : 'border-slate-300'}`} />
      {error ? <span className="text-sm font-normal text-red-600">{error}</span> : null}
    </label>
  );
}
