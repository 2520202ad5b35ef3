'use client';
import { useState, useTransition } from 'react';
import { Table, Td } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { setMcpToolExposed } from '@/lib/actions/mcp';

type ToolRow = { name: string; title: string | null; description: string; exposed: boolean; inputSchema: Record<string, unknown>; outputSchema: Record<string, unknown> | null };

const Schema = ({ label, schema }: { label: string; schema: Record<string, unknown> }) => (
  <details className="text-xs">
    <summary className="cursor-pointer text-slate-600">{label}</summary>
    <pre className="mt-1 max-h-64 max-w-xl overflow-auto rounded bg-slate-50 p-2">{JSON.stringify(schema, null, 2)}</pre>
  </details>
);

/** The tools a server listed, each with its schemas and the admin's expose choice (optimistic, reverted on refusal). */
export function McpToolsTable({ serverId, tools }: { serverId: string; tools: ToolRow[] }) {
  const [pending, start] = useTransition();
  const [exposed, setExposed] = useState<Record<string, boolean>>({});
  const toast = useToast();
  const isExposed = (t: ToolRow) => exposed[t.name] ?? t.exposed;
  const toggle = (t: ToolRow, value: boolean) => {
    setExposed((m) => ({ ...m, [t.name]: value }));
    start(async () => {
      const r = await setMcpToolExposed({ serverId, tool: t.name, exposed: value });
      if (!r.ok) {
        setExposed((m) => ({ ...m, [t.name]: !value }));
        toast(r.error, 'error');
      }
    });
  };
  return (
    <Table label="Tools" head={['Exposed', 'Tool', 'Schemas']}>
      {tools.map((t) => (
        <tr key={t.name} data-testid={`mcp.tool.${t.name}`}>
          <Td>
            <input type="checkbox" aria-label={`Expose ${t.name}`} checked={isExposed(t)} disabled={pending} onChange={(e) => toggle(t, e.target.checked)} />
          </Td>
          <Td>
            <p className="font-mono text-sm font-medium">{t.name}</p>
            {t.title ? <p className="text-sm text-slate-800">{t.title}</p> : null}
            <p className="max-w-xl whitespace-pre-line text-xs text-slate-600">{t.description}</p>
          </Td>
          <Td>
            <div className="flex flex-col gap-1">
              <Schema label={Object.keys((t.inputSchema.properties as object) ?? {}).length ? 'Input schema' : 'Input schema (no parameters)'} schema={t.inputSchema} />
              {t.outputSchema ? <Schema label="Output schema" schema={t.outputSchema} /> : null}
            </div>
          </Td>
        </tr>
      ))}
    </Table>
  );
}
