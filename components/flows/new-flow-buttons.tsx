'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { createFlow, importFlow } from '@/lib/actions/flows';

/** "New flow" and "Import" on the flows page. Import errors are listed by location; nothing is created. */
export function NewFlowButtons() {
  const [open, setOpen] = useState<'new' | 'import' | null>(null);
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const router = useRouter();
  const close = () => { setOpen(null); setErrors({}); setError(undefined); };
  return (
    <div className="flex gap-2">
      <Button variant="secondary" onClick={() => setOpen('import')}>Import</Button>
      <a className="inline-flex items-center rounded-md px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50" href="/api/flows/export" download>Export all</a>
      <Button onClick={() => setOpen('new')}>New flow</Button>
      <Dialog open={open === 'new'} onClose={close} title="New flow">
        <form className="flex flex-col gap-3" onSubmit={(e) => {
          e.preventDefault();
          const name = String(new FormData(e.currentTarget).get('name'));
          start(async () => {
            const r = await createFlow({ name });
            if (!r.ok) return setErrors(r.fieldErrors ?? { name: [r.error] });
            close();
            router.push(`/flows/${r.data.id}`);
          });
        }}>
          <Input label="Name" name="name" error={errors.name?.[0]} autoFocus />
          <div className="flex justify-end gap-2"><Button type="button" variant="secondary" onClick={close}>Cancel</Button><Button type="submit" disabled={pending}>Create</Button></div>
        </form>
      </Dialog>
      <Dialog open={open === 'import'} onClose={close} title="Import a flow">
        <form className="flex flex-col gap-3" onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          start(async () => {
            const file = fd.get('file') as File | null;
            const document = file && file.size ? await file.text() : String(fd.get('document') ?? '');
            const r = await importFlow({ name: String(fd.get('name')), document });
            if (!r.ok) {
              setError(r.error);
              return setErrors(r.fieldErrors ?? {});
            }
            close();
            router.push(`/flows/${r.data.id}`);
          });
        }}>
          <Input label="Name" name="name" error={errors.name?.[0]} />
          <label className="text-sm">Flow file (JSON) <input name="file" type="file" accept="application/json,.json" className="mt-1 block text-sm" /></label>
          <label className="text-sm">…or paste the JSON <textarea name="document" rows={5} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs" /></label>
          {error ? (
            <div role="alert" className="text-sm text-red-700">
              <p>{error}</p>
              <ul className="list-disc pl-5">{(errors.document ?? []).map((m) => <li key={m}>{m}</li>)}</ul>
            </div>
          ) : null}
          <div className="flex justify-end gap-2"><Button type="button" variant="secondary" onClick={close}>Cancel</Button><Button type="submit" disabled={pending}>Import</Button></div>
        </form>
      </Dialog>
    </div>
  );
}
