'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { Area, configFromForm, KindFields, type BuiltinChoice, type CredentialChoice } from './tool-kind-fields';
import { useToast } from '@/components/ui/toast';
import { createTool, updateTool } from '@/lib/actions/tools';
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

const pretty = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

/**
 * Register or edit a tool: an HTTP tool field by field, a code tool's source, or a built-in chosen
 * from the list (whose contracts come with it, so none are typed). Server field errors show under their field.
 */
export function ToolForm({ toolId, initial, builtins = [], credentials = [] }: { toolId?: string; initial: ToolFormValues; builtins?: BuiltinChoice[]; credentials?: CredentialChoice[] }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const router = useRouter();
  const toast = useToast();
  const builtin = initial.kind === 'builtin';
  const err = (key: string) => Object.entries(errors).filter(([k]) => k === `form.${key}` || k.startsWith(`form.${key}.`)).flatMap(([, v]) => v)[0];

  return (
    <form
      className="flex max-w-2xl flex-col gap-4"
      aria-label={toolId ? 'Edit tool' : 'Register a tool'}
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const text = (k: string) => String(f.get(k) ?? '');
        const config = configFromForm(initial.kind, f);
        const form = {
          name: text('name'),
          description: text('description'),
          category: text('category'),
          kind: initial.kind,
          accessRoles: ROLES_THAT_PLACE.filter((r) => f.get(`role-${r}`) === 'on'),
          approval: text('approval'),
          // A built-in's contracts are its implementation's: the server copies them.
          inputSchema: builtin ? {} : text('inputSchema'),
          outputSchema: builtin ? {} : text('outputSchema'),
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
      <KindFields kind={initial.kind} config={initial.config} err={err} builtins={builtins} credentials={credentials} />
      {builtin ? null : (
        <>
          <Area name="inputSchema" label="Input contract (JSON Schema)" defaultValue={pretty(initial.inputSchema)} error={err('inputSchema')} rows={6} mono />
          <Area name="outputSchema" label="Output contract (JSON Schema)" defaultValue={pretty(initial.outputSchema)} error={err('outputSchema')} rows={6} mono />
        </>
      )}
      <Input name="timeoutMs" type="number" label="Timeout (ms)" defaultValue={initial.timeoutMs} error={err('timeoutMs')} />
      <div><Button type="submit" disabled={pending}>{toolId ? 'Save as a new version' : 'Register tool'}</Button></div>
    </form>
  );
}
