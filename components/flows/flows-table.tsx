'use client';
import { useMemo, useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Table, Td } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { useToast } from '@/components/ui/toast';
import { deleteFlow, duplicateFlow, renameFlow, setFlowActive } from '@/lib/actions/flows';
import type { ActionResult } from '@/lib/actions/define-action';
import { activationMessage } from './activation';

export type FlowRow = { id: string; name: string; tags: string[]; active: boolean; updatedAt: string; lastRunStatus: string | null };

export function FlowsTable({ rows }: { rows: FlowRow[] }) {
  const [q, setQ] = useState('');
  const [pending, start] = useTransition();
  const [confirm, setConfirm] = useState<FlowRow | null>(null);
  const [renaming, setRenaming] = useState<FlowRow | null>(null);
  const toast = useToast();
  const router = useRouter();
  const shown = useMemo(() => rows.filter((r) => !q || `${r.name} ${r.tags.join(' ')}`.toLowerCase().includes(q.toLowerCase())), [rows, q]);
  const act = <T,>(fn: () => Promise<ActionResult<T>>, done?: string | ((data: T) => string)) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) toast(r.error ?? 'Failed', 'error');
      else if (done) toast(typeof done === 'string' ? done : done(r.data));
      router.refresh();
    });

  return (
    <div className="flex flex-col gap-4">
      <input aria-label="Search flows" placeholder="Search by name or tag…" value={q} onChange={(e) => setQ(e.target.value)} className="w-72 rounded-md border border-slate-300 px-3 py-2 text-sm" />
      {shown.length === 0 ? (
        <EmptyState title={rows.length ? 'No flow matches your search' : 'No flows yet'}>{rows.length ? 'Try another word.' : 'Create a flow or import one.'}</EmptyState>
      ) : (
        <Table label="Flows" head={['Name', 'Tags', 'Active', 'Last run', 'Updated', '']}>
          {shown.map((f) => (
            <tr key={f.id} data-testid={`flow-row.${f.name}`}>
              <Td><Link className="font-medium text-brand-700 hover:underline" href={`/flows/${f.id}`}>{f.name}</Link></Td>
              <Td>{f.tags.map((t) => <span key={t} className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">{t}</span>)}</Td>
              <Td>
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={f.active} disabled={pending} onChange={(e) => act(() => setFlowActive({ flowId: f.id, active: e.target.checked }), (d) => activationMessage(d, f.name))} />
                  <span className="sr-only">Active: {f.name}</span>
                  {f.active ? 'On' : 'Off'}
                </label>
              </Td>
              <Td>{f.lastRunStatus ?? '—'}</Td>
              <Td>{f.updatedAt.slice(0, 16).replace('T', ' ')}</Td>
              <Td>
                <div className="flex gap-1">
                  <Button variant="ghost" onClick={() => setRenaming(f)}>Rename<span className="sr-only"> {f.name}</span></Button>
                  <Button variant="ghost" disabled={pending} onClick={() => act(() => duplicateFlow({ flowId: f.id }), 'Duplicated')}>Duplicate<span className="sr-only"> {f.name}</span></Button>
                  <Button variant="ghost" onClick={() => setConfirm(f)}>Delete<span className="sr-only"> {f.name}</span></Button>
                </div>
              </Td>
            </tr>
          ))}
        </Table>
      )}
      <Dialog open={!!confirm} onClose={() => setConfirm(null)} title="Delete flow">
        <p className="mb-4 text-sm">Delete <strong>{confirm?.name}</strong> with its versions and runs? This cannot be undone.</p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>Cancel</Button>
          <Button variant="danger" disabled={pending} onClick={() => { const f = confirm!; setConfirm(null); act(() => deleteFlow({ flowId: f.id }), 'Deleted'); }}>Delete</Button>
        </div>
      </Dialog>
      <Dialog open={!!renaming} onClose={() => setRenaming(null)} title="Rename flow">
        {renaming ? (
          <form className="flex flex-col gap-3" onSubmit={(e) => {
            e.preventDefault();
            const fd = new FormData(e.currentTarget);
            const f = renaming;
            setRenaming(null);
            act(() => renameFlow({ flowId: f.id, name: String(fd.get('name')), tags: String(fd.get('tags')).split(',').map((t) => t.trim()).filter(Boolean) }), 'Renamed');
          }}>
            <label className="text-sm">Name <input name="name" defaultValue={renaming.name} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1" /></label>
            <label className="text-sm">Tags (comma-separated) <input name="tags" defaultValue={renaming.tags.join(', ')} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1" /></label>
            <div className="flex justify-end gap-2"><Button type="button" variant="secondary" onClick={() => setRenaming(null)}>Cancel</Button><Button type="submit">Save</Button></div>
          </form>
        ) : null}
      </Dialog>
    </div>
  );
}
