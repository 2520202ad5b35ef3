'use client';
import { useState } from 'react';
import { Table, Td } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { CREDENTIAL_KIND_LABELS } from '@/lib/vault/secret-schema';
import type { CredentialKind, CredentialSubject } from '@/lib/vault/types';
import { CredentialFormDialog } from './credential-form-dialog';
import { GrantsDialog, type SubjectOption } from './grants-dialog';
import { DeleteCredentialDialog, RenameCredentialDialog } from './rename-delete-dialogs';

/** A credential as the page may hold it: no secret, only the hint (where it goes, its last characters). */
export type CredentialRowView = { id: string; name: string; kind: CredentialKind; hint: Record<string, string>; grants: CredentialSubject[]; updated: string };
type Open = { id: string; dialog: 'replace' | 'grants' | 'rename' | 'delete' };

/** Where the secret goes and who it names, from the hint; the secret itself only ever as dots. */
function Details({ c }: { c: CredentialRowView }) {
  const h = c.hint;
  const where =
    c.kind === 'api_key' ? `${h.placement === 'query' ? 'Query parameter' : 'Header'} ${h.name ?? ''}` : c.kind === 'bearer' ? 'Authorization: Bearer' : c.kind === 'basic' ? `User ${h.username ?? ''}` : `${h.clientId ?? ''} at ${h.tokenUrl ?? ''}`;
  return (
    <div className="flex flex-col">
      <span>{where}</span>
      <span className="font-mono text-xs text-slate-500" data-testid={`credential-secret.${c.name}`}>
        {`••••••••${h.last4 ? h.last4.replace('…', '') : ''}`}
      </span>
    </div>
  );
}

export function CredentialsTable({ credentials, subjects }: { credentials: CredentialRowView[]; subjects: SubjectOption[] }) {
  const [open, setOpen] = useState<Open>();
  const nameOf = (g: CredentialSubject) => subjects.find((s) => s.kind === g.kind && s.id === g.id)?.name ?? `${g.kind} ${g.id.slice(0, 8)} (gone)`;
  const close = () => setOpen(undefined);
  const isOpen = (id: string, dialog: Open['dialog']) => open?.id === id && open.dialog === dialog;
  return (
    <Table label="Credentials" head={['Name', 'Kind', 'Details', 'Used by', 'Updated', '']}>
      {credentials.map((c) => (
        <tr key={c.id} data-testid={`credential-row.${c.name}`}>
          <Td>
            <span className="whitespace-nowrap font-medium">{c.name}</span>
          </Td>
          <Td>{CREDENTIAL_KIND_LABELS[c.kind]}</Td>
          <Td>
            <Details c={c} />
          </Td>
          <Td>{c.grants.length ? c.grants.map(nameOf).join(', ') : <span className="text-slate-500">Nobody</span>}</Td>
          <Td>
            <span className="whitespace-nowrap text-xs text-slate-500">{c.updated}</span>
          </Td>
          <Td>
            <div className="flex justify-end gap-2">
              {(['grants', 'replace', 'rename', 'delete'] as const).map((d) => (
                <Button key={d} variant={d === 'delete' ? 'ghost' : 'secondary'} className="whitespace-nowrap" onClick={() => setOpen({ id: c.id, dialog: d })}>
                  {{ grants: 'Access', replace: 'Replace secret', rename: 'Rename', delete: 'Delete' }[d]} <span className="sr-only">{c.name}</span>
                </Button>
              ))}
            </div>
            {isOpen(c.id, 'replace') ? <CredentialFormDialog open target={c} onClose={close} /> : null}
            {isOpen(c.id, 'grants') ? <GrantsDialog open credential={c} subjects={subjects} onClose={close} /> : null}
            {isOpen(c.id, 'rename') ? <RenameCredentialDialog open credential={{ ...c, usedBy: c.grants.length }} onClose={close} /> : null}
            {isOpen(c.id, 'delete') ? <DeleteCredentialDialog open credential={{ ...c, usedBy: c.grants.length }} onClose={close} /> : null}
          </Td>
        </tr>
      ))}
    </Table>
  );
}
