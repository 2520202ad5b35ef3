'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { createCredential, replaceCredentialSecret } from '@/lib/actions/credentials';
import { CREDENTIAL_KIND_LABELS, CREDENTIAL_KINDS } from '@/lib/vault/secret-schema';
import type { CredentialKind } from '@/lib/vault/types';
import { SecretFields, secretFromForm } from './secret-fields';

type Target = { id: string; name: string; kind: CredentialKind; hint: Record<string, string> };
type Failure = { error: string; fieldErrors?: Record<string, string[]> };

const kindOptions = CREDENTIAL_KINDS.map((k) => ({ value: k, label: CREDENTIAL_KIND_LABELS[k] }));

/**
 * New credential (no `target`) or a new secret for an existing one. The form posts the secret to
 * the server action once; nothing of it comes back: the page shows only the masked hint.
 */
export function CredentialFormDialog({ target, open, onClose }: { target?: Target; open: boolean; onClose: () => void }) {
  const [kind, setKind] = useState<CredentialKind>(target?.kind ?? 'api_key');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const toast = useToast();
  const close = () => {
    setErrors({});
    setError(undefined);
    onClose();
  };
  const fail = (r: Failure) => {
    setErrors(r.fieldErrors ?? {});
    setError(r.error);
  };
  const title = target ? `Replace the secret of ${target.name}` : 'New credential';
  return (
    <Dialog open={open} onClose={close} title={title}>
      {open ? (
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const f = new FormData(form);
            const secret = secretFromForm(kind, f) as never;
            start(async () => {
              const r = target ? await replaceCredentialSecret({ id: target.id, secret }) : await createCredential({ name: String(f.get('credentialName') ?? ''), secret });
              if (!r.ok) return fail(r);
              form.reset();
              close();
              toast(target ? 'Secret replaced' : 'Credential saved');
            });
          }}
        >
          {target ? null : <Input label="Name" name="credentialName" autoComplete="off" error={errors.name?.[0]} />}
          <Select label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as CredentialKind)} options={kindOptions} error={errors['secret.kind']?.[0]} />
          <SecretFields key={kind} kind={kind} errors={errors} hint={target && target.kind === kind ? target.hint : undefined} />
          <p className="text-xs text-slate-500">Stored encrypted. After saving, nobody can read it back here: you can only replace or delete it.</p>
          {error && !Object.keys(errors).length ? (
            <p role="alert" className="text-sm text-red-600">
              {error}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? 'Saving…' : target ? 'Replace secret' : 'Save credential'}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}

export function NewCredentialButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>New credential</Button>
      <CredentialFormDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
