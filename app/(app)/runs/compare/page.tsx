import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { getRunDetail } from '@/db/queries/runs';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { Table, Td } from '@/components/ui/table';
import { stepName } from '@/lib/workflow/diff';
import type { FlowInput } from '@/lib/workflow/types';

const uuid = /^[0-9a-f-]{36}$/;
type Detail = NonNullable<Awaited<ReturnType<typeof getRunDetail>>>;

/** The last attempt of each step of a run, keyed by step id. */
function lastAttempts(d: Detail) {
  const m = new Map<string, Detail['steps'][number]>();
  for (const s of d.steps) if (s.attempt > 0) m.set(s.stepId, s);
  return m;
}
const ms = (s?: Detail['steps'][number]) => (s?.finishedAt ? `${new Date(s.finishedAt).getTime() - new Date(s.startedAt).getTime()} ms` : '—');

/** Two runs side by side, per step: status, duration and whether the outputs differ. */
export default async function CompareRunsPage({ searchParams }: { searchParams: Promise<{ a?: string; b?: string }> }) {
  await requirePageRole(SECTIONS.runs.roles);
  const { a, b } = await searchParams;
  if (!uuid.test(a ?? '') || !uuid.test(b ?? '')) notFound();
  const [ra, rb] = await Promise.all([getRunDetail(getDb(), a!), getRunDetail(getDb(), b!)]);
  if (!ra || !rb) notFound();
  const sa = lastAttempts(ra);
  const sb = lastAttempts(rb);
  const ids = [...new Set([...sa.keys(), ...sb.keys()])];
  // The names the analyst gave, from B's version when A's lacks the step.
  const name = (id: string) => { const n = stepName(ra.run.definition as FlowInput, id); return n !== id ? n : stepName(rb.run.definition as FlowInput, id); };
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Compare runs</h1>
      <p className="text-sm text-slate-600">
        A: <Link className="text-brand-700 underline" href={`/runs/${ra.run.id}`}>{ra.run.flowName}</Link> ({ra.run.status}) · B: <Link className="text-brand-700 underline" href={`/runs/${rb.run.id}`}>{rb.run.flowName}</Link> ({rb.run.status})
      </p>
      <Table label="Steps compared" head={['Step', 'Status A', 'Status B', 'Duration A', 'Duration B', 'Output']}>
        {ids.map((id) => {
          const x = sa.get(id);
          const y = sb.get(id);
          const same = JSON.stringify(x?.output ?? null) === JSON.stringify(y?.output ?? null);
          return (
            <tr key={id} data-testid={`compare.${id}`}>
              <Td><span className="font-medium">{name(id)}</span>{name(id) !== id ? <span className="ml-1 font-mono text-xs text-slate-400">{id}</span> : null}</Td>
              <Td>{x?.status ?? '—'}</Td>
              <Td>{y?.status ?? '—'}</Td>
              <Td>{ms(x)}</Td>
              <Td>{ms(y)}</Td>
              <Td>
                {same ? <span className="text-slate-500">same</span> : (
                  <details>
                    <summary className="cursor-pointer text-amber-700">differs</summary>
                    <div className="mt-2 grid grid-cols-2 gap-2">
                      <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(x?.output ?? null, null, 2)}</pre>
                      <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(y?.output ?? null, null, 2)}</pre>
                    </div>
                  </details>
                )}
              </Td>
            </tr>
          );
        })}
      </Table>
    </section>
  );
}
