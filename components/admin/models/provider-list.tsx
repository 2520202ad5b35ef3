'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { removeModelProvider, testModelProvider } from '@/lib/actions/models';
import type { ConnectionTest } from '@/lib/models/admin-checks';
import { PROVIDER_KIND_LABELS } from '@/lib/models/provider-schema';
import { PricesEditor } from './prices-editor';
import { ProviderFormButton } from './provider-form';
import type { CredentialChoice, ProviderView } from './types';

export function ProviderList({ providers, credentials }: { providers: ProviderView[]; credentials: CredentialChoice[] }) {
  if (!providers.length) {
    return <p className="rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-600">No model provider yet. AI steps fail until an admin adds one.</p>;
  }
  return (
    <ul className="flex flex-col gap-4">
      {providers.map((p) => (
        <ProviderCard key={p.id} provider={p} credentials={credentials} />
      ))}
    </ul>
  );
}

function ProviderCard({ provider: p, credentials }: { provider: ProviderView; credentials: CredentialChoice[] }) {
  const [test, setTest] = useState<ConnectionTest | { ok: false; error: string; hint?: string }>();
  const [pending, start] = useTransition();
  const toast = useToast();
  const credential = credentials.find((c) => c.id === p.credentialId);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`provider.${p.name}`} aria-label={`Provider ${p.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">
            {p.name} {p.enabled ? null : <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-normal">disabled</span>}
          </h2>
          <p className="text-sm text-slate-600">
            {PROVIDER_KIND_LABELS[p.kind]} · {p.baseUrl || 'vendor endpoint'} · key: {credential ? credential.name : p.credentialId ? 'unknown credential' : 'none'}
          </p>
          <p className="text-sm text-slate-600">
            Default model: {p.defaultModel || '—'} · {p.models.length} model{p.models.length === 1 ? '' : 's'}
          </p>
        </div>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() =>
              start(async () => {
                setTest(undefined);
                const r = await testModelProvider({ id: p.id });
                setTest(r.ok ? r.data : { ok: false, error: r.error });
              })
            }
          >
            {pending ? 'Testing…' : 'Test connection'}
          </Button>
          <ProviderFormButton credentials={credentials} provider={p} />
          <Button
            variant="danger"
            aria-label={`Delete ${p.name}`}
            disabled={pending}
            onClick={() => {
              if (!window.confirm(`Delete provider ${p.name} and its prices? Steps that name it will fail.`)) return;
              start(async () => {
                const r = await removeModelProvider({ id: p.id });
                toast(r.ok ? 'Provider deleted' : r.error, r.ok ? 'info' : 'error');
              });
            }}
          >
            Delete
          </Button>
        </div>
      </div>
      {test ? <TestResult result={test} /> : null}
      <PricesEditor providerId={p.id} models={p.models} prices={p.prices} />
    </li>
  );
}

function TestResult({ result }: { result: ConnectionTest }) {
  if (!result.ok) {
    return (
      <div role="alert" data-testid="connection-test" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800">
        <p>{result.error}</p>
        {result.hint ? <p className="mt-1 font-medium">{result.hint}</p> : null}
      </div>
    );
  }
  return (
    <div role="status" data-testid="connection-test" className="mt-3 rounded-md bg-green-50 p-3 text-sm text-green-900">
      <p>
        Connected: <span className="font-mono">{result.model}</span> answered “{result.answer}”
      </p>
      <p>
        {result.latencyMs} ms · {result.inputTokens} input + {result.outputTokens} output tokens · cost {result.costUsd === null ? 'unknown (no price set)' : `$${result.costUsd.toFixed(6)}`}
      </p>
    </div>
  );
}
