import Link from 'next/link';
import { getDb } from '@/db/client';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { toolFormChoices } from '@/lib/tools/form-choices';
import { ToolForm, type ToolFormValues } from '@/components/admin/tool-form';

const KINDS = { http: 'an HTTP tool', builtin: 'a built-in tool', code: 'a code tool' } as const;
type Kind = keyof typeof KINDS;

const CONFIG: Record<Kind, Record<string, unknown>> = {
  http: { method: 'GET', origin: '', path: '/' },
  builtin: { key: '' },
  code: { source: 'return input;' },
};

export default async function NewToolPage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  await requirePageRole(SECTIONS.tools.roles);
  const asked = (await searchParams).kind;
  const kind: Kind = asked === 'builtin' || asked === 'code' ? asked : 'http';
  const choices = await toolFormChoices(getDb());
  const initial: ToolFormValues = {
    name: '',
    description: '',
    category: 'General',
    kind,
    accessRoles: ['analyst'],
    approval: 'auto',
    inputSchema: { type: 'object', properties: {}, required: [] },
    outputSchema: { type: 'object' },
    timeoutMs: 30_000,
    config: CONFIG[kind],
  };
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Register {KINDS[kind]}</h1>
      <nav aria-label="Kind of tool" className="flex gap-4 text-sm">
        {(Object.keys(KINDS) as Kind[]).map((k) => (
          <Link key={k} href={`/admin/tools/new?kind=${k}`} aria-current={k === kind ? 'page' : undefined} className={k === kind ? 'font-semibold' : 'text-brand-700 hover:underline'}>
            {k === 'http' ? 'HTTP' : k === 'builtin' ? 'Built-in' : 'Code'}
          </Link>
        ))}
      </nav>
      <ToolForm key={kind} initial={initial} {...choices} />
    </section>
  );
}
