'use client';
import Link from 'next/link';
import { useTransition } from 'react';
import type { McpStatus } from './health-badge';
import { Table, Td } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { deleteMcpServer, refreshMcpServer, setMcpServerEnabled } from '@/lib/actions/mcp';
import { HealthBadge } from './health-badge';

export type McpServerListRow = {
  id: string;
  name: string;
  transport: 'stdio' | 'http';
  target: string;
  enabled: boolean;
  status: McpStatus;
  lastError: string | null;
  checkedAt: string | null;
  tools: { total: number; exposed: number };
};

export function McpServersTable({ servers }: { servers: McpServerListRow[] }) {
  const [pending, start] = useTransition();
  const toast = useToast();
  const refresh = (s: McpServerListRow) =>
    start(async () => {
      const r = await refreshMcpServer({ serverId: s.id });
      if (!r.ok) toast(r.error, 'error');
      else if (r.data.ok) toast(`${s.name}: ${r.data.tools.length} tools listed`);
      else toast(`${s.name}: ${r.data.error}`, 'error');
    });
  const act = (fn: () => Promise<{ ok: boolean; error?: string }>) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) toast(r.error ?? 'Failed', 'error');
    });
  return (
    <Table label="MCP servers" head={['Server', 'Connection', 'Health', 'Tools', '']}>
      {servers.map((s) => (
        <tr key={s.id} data-testid={`mcp.server.${s.name}`}>
          <Td>
            <Link href={`/admin/mcp/${s.id}`} className="font-medium text-brand-600 hover:underline">{s.name}</Link>
          </Td>
          <Td>
            <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase text-slate-600">{s.transport}</span>
            <code className="break-all text-xs text-slate-700">{s.target}</code>
          </Td>
          <Td>
            <div className="flex flex-col gap-1">
              <HealthBadge status={s.status} enabled={s.enabled} />
              {s.lastError ? <p className="max-w-md text-xs text-red-700" data-testid="mcp.lastError">{s.lastError}</p> : null}
              {s.checkedAt ? <p className="text-xs text-slate-500">checked {s.checkedAt}</p> : null}
            </div>
          </Td>
          <Td>{s.tools.exposed} of {s.tools.total} exposed</Td>
          <Td>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" disabled={pending || !s.enabled} onClick={() => refresh(s)}>Test / refresh</Button>
              <Button variant="ghost" disabled={pending} onClick={() => act(() => setMcpServerEnabled({ serverId: s.id, enabled: !s.enabled }))}>{s.enabled ? 'Disable' : 'Enable'}</Button>
              <Button
                variant="ghost"
                disabled={pending}
                onClick={() => {
                  if (window.confirm(`Delete MCP server ${s.name}? Its tool choices are deleted with it.`)) act(() => deleteMcpServer({ serverId: s.id }));
                }}
              >
                Delete
              </Button>
            </div>
          </Td>
        </tr>
      ))}
    </Table>
  );
}
