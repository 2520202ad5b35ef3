'use client';
import { useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Table, Td } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { useToast } from '@/components/ui/toast';
import { deleteRuns } from '@/lib/actions/runs';
import { queryKeys } from '@/lib/query/keys';
import type { RunListPage } from '@/lib/query/run-list-types';
import { formatTotal } from '@/lib/query/run-usage';

/** How often an open Runs list asks for news; TanStack Query pauses it while the tab is hidden. */
const REFRESH_MS = 2_000;

async function fetchRunPage(query: string): Promise<RunListPage> {
  const res = await fetch(`/api/runs${query ? `?${query}` : ''}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`The runs list could not be refreshed (${res.status})`);
  return (await res.json()) as RunListPage;
}

/**
 * Run history rows, live: seeded with the page the server rendered, then polled under the same
 * filters, so new runs and status changes appear without a reload. Select two to compare, or any
 * to delete.
 */
export function RunsTable({ initial, query, canDelete }: { initial: RunListPage; query: string; canDelete: boolean }) {
  const [picked, setPicked] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: queryKeys.runs.list(query),
    queryFn: () => fetchRunPage(query),
    initialData: initial,
    staleTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
  });
  const rows = data.rows;
  if (rows.length === 0) return <EmptyState title="No runs match">Runs of every flow, test and production, appear here as they start.</EmptyState>;
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
          await client.invalidateQueries({ queryKey: queryKeys.runs.all });
        })}>Delete selected ({picked.length})</Button>
      ) : null}
      </div>
      <Table label="Runs" head={['', 'Flow', 'Status', 'Trigger', 'Started', 'Duration', 'Cost']}>
        {rows.map((r) => (
          <tr key={r.id} data-testid={`run-row.${r.id}`}>
            <Td><input type="checkbox" aria-label={`Select run ${r.id.slice(0, 8)}`} checked={picked.includes(r.id)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, r.id] : p.filter((x) => x !== r.id)))} /></Td>
            <Td><Link className="text-brand-700 hover:underline" href={`/runs/${r.id}`}>{r.flowName}</Link>{r.isTest ? ' (test)' : ''}</Td>
            <Td>{r.status}</Td>
            <Td>{r.triggerKind}</Td>
            <Td>{r.startedAt.slice(0, 19).replace('T', ' ')}</Td>
            <Td>{r.durationMs === null ? '…' : `${r.durationMs} ms`}</Td>
            <Td><span data-testid={`run-row.${r.id}.cost`}>{r.tokens === null ? '—' : formatTotal({ tokens: r.tokens, costUsd: r.costUsd, calls: 1 })}</span></Td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
