'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { setCredentialGrants } from '@/lib/actions/credentials';
import type { CredentialSubject } from '@/lib/vault/types';

export type SubjectOption = CredentialSubject & { name: string };

const KIND_LABELS: Record<CredentialSubject['kind'], string> = { tool: 'Tools', model_provider: 'Model providers', mcp_server: 'MCP servers' };
const keyOf = (s: CredentialSubject) => `${s.kind}:${s.id}`;

/** Chooses exactly which tools (and later providers, MCP servers) may use a credential. */
export function GrantsDialog({ credential, subjects, open, onClose }: { credential: { id: string; name: string; grants: CredentialSubject[] }; subjects: SubjectOption[]; open: boolean; onClose: () => void }) {
  const [chosen, setChosen] = useState(() => new Set(credential.grants.map(keyOf)));
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const toast = useToast();
  const kinds = [...new Set(subjects.map((s) => s.kind))];
  return (
    <Dialog open={open} onClose={onClose} title={`Who may use ${credential.name}`}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const grants = subjects.filter((s) => chosen.has(keyOf(s))).map(({ kind, id }) => ({ kind, id }));
            const r = await setCredentialGrants({ id: credential.id, grants });
            if (!r.ok) return setError(r.error);
            setError(undefined);
            onClose();
            toast('Access saved');
          });
        }}
      >
        {subjects.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing can use a credential yet: register a tool first, then grant it this credential here.</p>
        ) : (
          kinds.map((kind) => (
            <fieldset key={kind} className="flex flex-col gap-1 text-sm">
              <legend className="mb-1 font-medium text-slate-700">{KIND_LABELS[kind]}</legend>
              {subjects
                .filter((s) => s.kind === kind)
                .map((s) => (
                  <label key={keyOf(s)} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={chosen.has(keyOf(s))}
                      onChange={(e) =>
                        setChosen((c) => {
                          const next = new Set(c);
                          if (e.target.checked) next.add(keyOf(s));
                          else next.delete(keyOf(s));
                          return next;
                        })
                      }
                    />
                    {s.name}
                  </label>
                ))}
            </fieldset>
          ))
        )}
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending || subjects.length === 0}>
            {pending ? 'Saving…' : 'Save access'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
