'use client';
import { useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Table, Td } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { deleteRuns } from '@/lib/actions/runs';

type Row = { id: string; flowName: string; status: string; isTest: boolean; triggerKind: string; startedAt: string; durationMs: number | null };

/** Run history rows: select two to compare, or any to delete. */
export function RunsTable({ rows, canDelete }: { rows: Row[]; canDelete: boolean }) {
  const [picked, setPicked] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  return (
    <div className="flex flex-col gap-2">
      <div className="flex gap-2">
      <Button variant="secondary" disabled={picked.length !== 2} onClick={() => router.push(`/runs/compare?a=${picked[0]}&b=${picked[1]}`)}>Compare 2 selected</Button>
      {canDelete ? (
        <Button variant="secondary" className="self-start" disabled={!picked.length || pending} onClick={() => start(async () => {
          const r = await deleteRuns({ runIds: picked });
          if (!r.ok) return toast(r.error, 'error');
          toast(`Deleted ${r.data.deleted} run(s)`);
          setPicked([]);
          router.refresh();
        })}>Delete selected ({picked.length})</Button>
      ) : null}
      </div>
      <Table label="Runs" head={['', 'Flow', 'Status', 'Trigger', 'Started', 'Duration']}>
        {rows.map((r) => (
          <tr key={r.id} data-testid={`run-row.${r.id}`}>
            <Td><input type="checkbox" aria-label={`Select run ${r.id.slice(0, 8)}`} checked={picked.includes(r.id)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, r.id] : p.filter((x) => x !== r.id)))} /></Td>
            <Td><Link className="text-brand-700 hover:underline" href={`/runs/${r.id}`}>{r.flowName}</Link>{r.isTest ? ' (test)' : ''}</Td>
            <Td>{r.status}</Td>
            <Td>{r.triggerKind}</Td>
            <Td>{r.startedAt.slice(0, 19).replace('T', ' ')}</Td>
            <Td>{r.durationMs === null ? '…' : `${r.durationMs} ms`}</Td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
