import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDbHandle } from '@/db/client';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { loadTaskView } from '@/lib/inbox/task-view';
import { ASSIGNABLE_ROLES, assignablePeople } from '@/lib/inbox/queue';
import { TaskAssign } from '@/components/inbox/task-assign';
import { kindView } from '@/lib/inbox/kinds';
import { showJson } from '@/lib/json/ui-value';
import { TaskActions } from '@/components/inbox/task-actions';
import { TaskComments } from '@/components/inbox/task-comments';
import { TaskStateBadge, deadlineText } from '@/components/inbox/task-bits';

/** One task: why it is here, the step's input and proposed output, the decision, comments. */
export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageRole(SECTIONS.inbox.roles);
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const sql = getDbHandle().sql;
  const [t, people] = await Promise.all([loadTaskView(sql, id), assignablePeople(sql)]);
  if (!t) notFound();
  const pre = 'max-h-80 overflow-auto rounded-md bg-slate-50 p-3 text-xs';
  // Each kind says what its proposal is and what an edit replaces (a tool approval: the call's input).
  const view = kindView(t.kind);
  return (
    <article className="flex flex-col gap-5" aria-labelledby="task-title">
      <Link href="/inbox" className="text-sm text-brand-600 hover:underline">← Inbox</Link>
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 id="task-title" className="text-2xl font-semibold">{t.step.name}</h1>
        <span className="text-slate-500">{t.flow.name} · <span data-testid="task.kind">{view.label}</span> · {t.priority} priority · deadline {deadlineText(t.deadline)}{t.tier > 1 ? ' · tier 2' : ''}<span data-testid="task.assignee">{t.assignee.userId ? ` · assigned to ${t.assignee.name ?? 'someone'}` : t.assignee.role ? ` · assigned to the ${t.assignee.role} role` : ''}</span></span>
        <TaskStateBadge item={t} />
        <Link href={`/runs/${t.runId}`} className="ml-auto text-sm text-brand-600 hover:underline">Open the live run →</Link>
      </header>
      <section aria-label="Why it is here" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
        <h2 className="font-medium">Why it is here</h2>
        {t.step.instructions ? <p data-testid="task.instructions" className="whitespace-pre-wrap">{t.step.instructions}</p> : <p data-testid="task.reason">{t.reason}</p>}
        {t.why ? <p data-testid="task.confidence">Confidence <strong>{JSON.stringify(t.why.confidence)}</strong> is below the threshold <strong>{t.why.threshold}</strong>.</p> : null}
        {t.attempts.some((a) => a.error) ? (
          <ol className="mt-2 list-decimal pl-5" aria-label="Attempts">
            {t.attempts.map((a) => <li key={a.attempt}>Attempt {a.attempt}: {a.status}{a.error ? ` — ${(a.error as { message?: string }).message ?? JSON.stringify(a.error)}` : ''}</li>)}
          </ol>
        ) : null}
        {t.state === 'decided' ? <p className="mt-2">Decided{t.resolvedBy ? ` by ${t.resolvedBy}` : ''}: {(t.resolution as { action?: string } | null)?.action}</p> : null}
      </section>
      {t.context ? (
        <section aria-label="Context"><h2 className="mb-1 font-medium">Context</h2>{'value' in t.context ? <pre data-testid="task.context" className={pre}>{showJson(t.context.value)}</pre> : <p role="note" className="text-sm text-slate-600">{t.context.error}</p>}</section>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-label="Step input"><h2 className="mb-1 font-medium">Input</h2><pre className={pre}>{showJson(t.input)}</pre></section>
        <section aria-label={view.subject}><h2 className="mb-1 font-medium">{view.subject}</h2><pre data-testid="task.proposed" className={pre}>{showJson(t.proposed)}</pre></section>
      </div>
      <TaskActions task={{ id: t.id, state: t.state, claimedBy: t.claimedBy, proposed: t.proposed, ports: t.step.ports, outputSchema: t.step.outputSchema, edits: view.edits }} me={user.id} isAdmin={user.roles.includes('admin')} />
      {t.state === 'open' || t.state === 'claimed' ? <TaskAssign taskId={t.id} assignee={{ userId: t.assignee.userId, role: t.assignee.role }} people={people} roles={ASSIGNABLE_ROLES} /> : null}
      <TaskComments taskId={t.id} comments={t.comments} />
    </article>
  );
}
