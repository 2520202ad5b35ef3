'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Table, Td } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { createToken, revokeToken } from '@/lib/actions/tokens';

const SCOPES = ['runs:read', 'runs:write', 'reviews:read', 'reviews:write'] as const;
type Row = { id: string; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revoked: boolean };

export function TokensPanel({ tokens }: { tokens: Row[] }) {
  const [pending, start] = useTransition();
  const [fresh, setFresh] = useState<string>();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const toast = useToast();
  const router = useRouter();
  return (
    <div className="flex flex-col gap-6">
      <form className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4" onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const scopes = SCOPES.filter((s) => f.get(s) === 'on');
        start(async () => {
          const r = await createToken({ name: String(f.get('name')), scopes: [...scopes] });
          if (!r.ok) return setErrors(r.fieldErrors ?? { name: [r.error] });
          setErrors({});
          setFresh(r.data.token);
          router.refresh();
        });
      }}>
        <Input label="Token name" name="name" error={errors.name?.[0]} />
        <fieldset className="flex gap-4 text-sm">
          <legend className="mb-1 font-medium text-slate-700">Scopes</legend>
          {SCOPES.map((s) => <label key={s} className="flex items-center gap-1"><input type="checkbox" name={s} defaultChecked={s === 'runs:read'} /> {s}</label>)}
        </fieldset>
        {errors.scopes ? <p className="text-sm text-red-600">{errors.scopes[0]}</p> : null}
        <Button type="submit" disabled={pending} className="self-start">Create token</Button>
        {fresh ? (
          <div role="status" className="rounded-md bg-emerald-50 p-3 text-sm">
            Copy it now; it will not be shown again: <code data-testid="tokens.fresh" className="break-all">{fresh}</code>
          </div>
        ) : null}
      </form>
      <Table label="Your API tokens" head={['Name', 'Token', 'Scopes', 'Last used', '']}>
        {tokens.map((t) => (
          <tr key={t.id}>
            <Td>{t.name}</Td>
            <Td><code>{t.prefix}…</code></Td>
            <Td>{t.scopes.join(', ')}</Td>
            <Td>{t.revoked ? 'revoked' : t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace('T', ' ') : 'never'}</Td>
            <Td>{t.revoked ? null : <Button variant="ghost" disabled={pending} onClick={() => start(async () => { const r = await revokeToken({ tokenId: t.id }); if (!r.ok) toast(r.error, 'error'); router.refresh(); })}>Revoke<span className="sr-only"> {t.name}</span></Button>}</Td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
