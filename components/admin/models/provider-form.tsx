'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { createModelProvider, fetchModelProviderModels, updateModelProviderSettings } from '@/lib/actions/models';
import { PROVIDER_KIND_LABELS, PROVIDER_KINDS, type ProviderInput } from '@/lib/models/provider-schema';
import type { CredentialChoice, ProviderView } from './types';

const BASE_URL_HINT: Record<ProviderView['kind'], string> = {
  openai: 'Empty for api.openai.com',
  anthropic: 'Empty for api.anthropic.com',
  openai_compatible: 'e.g. http://127.0.0.1:11434/v1 (Ollama)',
};

/** "Add provider" and "Edit": the provider's settings; its key is a credential chosen from the vault. */
export function ProviderFormButton({ credentials, provider }: { credentials: CredentialChoice[]; provider?: ProviderView }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={provider ? 'secondary' : 'primary'} onClick={() => setOpen(true)} aria-label={provider ? `Edit ${provider.name}` : undefined}>
        {provider ? 'Edit' : 'Add provider'}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={provider ? `Edit ${provider.name}` : 'Add model provider'}>
        {open ? <ProviderForm credentials={credentials} provider={provider} onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function ProviderForm({ credentials, provider, onDone }: { credentials: CredentialChoice[]; provider?: ProviderView; onDone: () => void }) {
  const [kind, setKind] = useState<ProviderView['kind']>(provider?.kind ?? 'openai_compatible');
  const [models, setModels] = useState((provider?.models ?? []).join('\n'));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const toast = useToast();

  const fetchModels = () =>
    start(async () => {
      if (!provider) return;
      const r = await fetchModelProviderModels({ id: provider.id });
      if (!r.ok) return setError(r.error);
      if (!r.data.ok) return setError([r.data.error, r.data.hint].filter(Boolean).join(' '));
      setError(undefined);
      setModels(r.data.models.join('\n'));
    });

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const input: ProviderInput = {
          name: String(f.get('name') ?? ''),
          kind,
          baseUrl: String(f.get('baseUrl') ?? ''),
          credentialId: String(f.get('credentialId') ?? ''),
          models: models.split('\n').map((m) => m.trim()).filter(Boolean),
          defaultModel: String(f.get('defaultModel') ?? ''),
          enabled: f.get('enabled') === 'on',
        };
        start(async () => {
          const r = provider ? await updateModelProviderSettings({ id: provider.id, provider: input }) : await createModelProvider(input);
          if (!r.ok) {
            setErrors(r.fieldErrors ? Object.fromEntries(Object.entries(r.fieldErrors).map(([k, v]) => [k.replace(/^provider\./, ''), v])) : {});
            return setError(r.error);
          }
          toast(provider ? 'Provider saved' : 'Provider added');
          onDone();
        });
      }}
    >
      <Input label="Name" name="name" defaultValue={provider?.name} error={errors.name?.[0]} />
      <Select label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as ProviderView['kind'])} options={PROVIDER_KINDS.map((k) => ({ value: k, label: PROVIDER_KIND_LABELS[k] }))} />
      <Input label="Base URL" name="baseUrl" defaultValue={provider?.baseUrl} placeholder={BASE_URL_HINT[kind]} error={errors.baseUrl?.[0]} />
      <Select
        label="API key (credential)"
        name="credentialId"
        defaultValue={provider?.credentialId ?? ''}
        error={errors.credentialId?.[0]}
        options={[{ value: '', label: kind === 'openai_compatible' ? 'None (no key)' : 'None: choose one' }, ...credentials.map((c) => ({ value: c.id, label: `${c.name} (${c.kind})` }))]}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="provider-models" className="text-sm font-medium text-slate-700">Models (one per line)</label>
        <textarea id="provider-models" rows={4} value={models} onChange={(e) => setModels(e.target.value)} className="rounded-md border border-slate-300 px-3 py-2 font-mono text-sm" />
        {errors.models ? <p className="text-sm text-red-600">{errors.models[0]}</p> : null}
        {provider ? (
          <Button type="button" variant="ghost" className="self-start" disabled={pending} onClick={fetchModels}>
            Fetch models from the provider
          </Button>
        ) : (
          <p className="text-xs text-slate-500">Save first to fetch the provider’s model list.</p>
        )}
      </div>
      <Input label="Default model" name="defaultModel" defaultValue={provider?.defaultModel} error={errors.defaultModel?.[0]} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={provider?.enabled ?? true} /> Enabled
      </label>
      {error ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onDone}>Cancel</Button>
        <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save provider'}</Button>
      </div>
    </form>
  );
}
