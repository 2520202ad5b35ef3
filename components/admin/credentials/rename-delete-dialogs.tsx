'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { deleteCredential, renameCredential } from '@/lib/actions/credentials';

type Target = { id: string; name: string; usedBy: number };

export function RenameCredentialDialog({ credential, open, onClose }: { credential: Target; open: boolean; onClose: () => void }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const toast = useToast();
  return (
    <Dialog open={open} onClose={onClose} title={`Rename ${credential.name}`}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get('name') ?? '');
          start(async () => {
            const r = await renameCredential({ id: credential.id, name });
            if (!r.ok) {
              setErrors(r.fieldErrors ?? {});
              return setError(r.error);
            }
            onClose();
            toast('Credential renamed');
          });
        }}
      >
        <Input label="Name" name="name" defaultValue={credential.name} autoComplete="off" error={errors.name?.[0]} />
        {error && !errors.name ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            Rename
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteCredentialDialog({ credential, open, onClose }: { credential: Target; open: boolean; onClose: () => void }) {
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const toast = useToast();
  return (
    <Dialog open={open} onClose={onClose} title={`Delete ${credential.name}?`}>
      <div className="flex flex-col gap-4 text-sm">
        <p>
          The secret is destroyed.{' '}
          {credential.usedBy ? `${credential.usedBy} ${credential.usedBy === 1 ? 'subject uses' : 'subjects use'} it and will fail until given another credential.` : 'Nothing is granted to use it.'}
        </p>
        {error ? <p role="alert" className="text-red-600">{error}</p> : null}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await deleteCredential({ id: credential.id });
                if (!r.ok) return setError(r.error);
                onClose();
                toast('Credential deleted');
              })
            }
          >
            Delete
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
