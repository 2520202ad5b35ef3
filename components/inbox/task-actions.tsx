'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { claimReviewTask, decideReviewTask, releaseReviewTask } from '@/lib/actions/inbox';
import type { ReviewDecision } from '@/lib/engine/review-decision';
import { queryKeys } from '@/lib/query/keys';
import { showJson } from '@/lib/json/ui-value';
import type { InboxItem } from '@/lib/inbox/types';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { RejectDialog } from './reject-dialog';

type Props = {
  task: { id: string; state: InboxItem['state']; claimedBy: InboxItem['claimedBy']; proposed: unknown; ports: string[]; outputSchema: Record<string, unknown> | null; edits: 'output' | 'input' };
  me: string;
  isAdmin: boolean;
};

/** Claim/release and the decisions: approve, reject with a reason, edit then approve, choose a branch. */
export function TaskActions({ task, me, isAdmin }: Props) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]> | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(() => showJson(task.proposed));
  const [rejecting, setRejecting] = useState(false);
  const [port, setPort] = useState(task.ports.find((p) => p !== 'out') ?? task.ports[0] ?? 'out');
  const toast = useToast();
  const router = useRouter();
  const qc = useQueryClient();
  const open = task.state === 'open' || task.state === 'claimed';
  const mine = task.claimedBy?.id === me;
  const branches = task.ports.filter((p) => p !== 'error');

  const done = async (text: string) => {
    setMessage({ tone: 'ok', text });
    toast(text);
    await qc.invalidateQueries({ queryKey: queryKeys.inbox.all });
    router.refresh();
  };
  const call = <T,>(work: () => Promise<{ ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string[]> }>, ok: (d: T) => string) =>
    start(async () => {
      setFieldErrors(null);
      const r = await work();
      if (!r.ok) {
        setMessage({ tone: 'error', text: r.error });
        setFieldErrors(r.fieldErrors ?? null);
        return;
      }
      await done(ok(r.data));
    });
  const decide = (decision: ReviewDecision) =>
    call(
      () => decideReviewTask({ taskId: task.id, decision }),
      (d) => (d.status === 'approval-recorded' ? `Approval recorded: ${d.approvals} of ${d.required}` : 'Decided; the run resumes'),
    );

  const approveEdited = () => {
    let output: unknown;
    try {
      output = JSON.parse(draft);
    } catch {
      setFieldErrors(null);
      return setMessage({ tone: 'error', text: `The edited ${task.edits} is not valid JSON.` });
    }
    decide({ action: 'edit', output });
  };

  return (
    <section aria-label="Decision" className="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span data-testid="task.holder">{task.claimedBy ? (mine ? 'You hold this task.' : `Held by ${task.claimedBy.name ?? 'another reviewer'}.`) : 'Nobody holds this task.'}</span>
        {open && !task.claimedBy ? <Button variant="secondary" disabled={pending} onClick={() => call(() => claimReviewTask({ taskId: task.id }), () => 'Claimed: the task is yours')}>Claim</Button> : null}
        {open && task.claimedBy && (mine || isAdmin) ? <Button variant="secondary" disabled={pending} onClick={() => call(() => releaseReviewTask({ taskId: task.id }), () => 'Released to the queue')}>Release</Button> : null}
      </div>
      {open ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button disabled={pending} onClick={() => decide({ action: 'approve' })}>Approve</Button>
          <Button variant="danger" disabled={pending} onClick={() => setRejecting(true)}>Reject…</Button>
          <Button variant="secondary" disabled={pending} aria-expanded={editing} onClick={() => setEditing((e) => !e)}>Edit {task.edits}</Button>
          {branches.length > 1 ? (
            <span className="flex items-center gap-2 text-sm">
              <label className="flex items-center gap-1">Branch<select value={port} onChange={(e) => setPort(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1">{branches.map((p) => <option key={p}>{p}</option>)}</select></label>
              <Button variant="secondary" disabled={pending} onClick={() => decide({ action: 'branch', port })}>Continue on branch</Button>
            </span>
          ) : null}
        </div>
      ) : null}
      {open && editing ? (
        <div className="flex flex-col gap-2">
          <label className="flex flex-col gap-1 text-sm">
            Edited {task.edits} (JSON{task.outputSchema && task.edits === 'output' ? ', checked against the step’s output contract' : ''})
            <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={10} spellCheck={false} className="rounded-md border border-slate-300 px-2 py-1 font-mono text-xs" aria-invalid={!!fieldErrors} aria-describedby="edit-errors" />
          </label>
          {fieldErrors ? (
            <ul id="edit-errors" aria-label="Field errors" className="list-disc pl-5 text-sm text-red-700">
              {Object.entries(fieldErrors).map(([path, msgs]) => <li key={path} data-testid={`task.field-error.${path}`}>{path === '_' ? task.edits : path} {msgs.join('; ')}</li>)}
            </ul>
          ) : null}
          <Button className="self-start" disabled={pending} onClick={approveEdited}>Approve edited {task.edits}</Button>
        </div>
      ) : null}
      {message ? <p role={message.tone === 'error' ? 'alert' : 'status'} data-testid="task.message" className={message.tone === 'error' ? 'text-sm text-red-700' : 'text-sm text-emerald-700'}>{message.text}</p> : null}
      <RejectDialog open={rejecting} count={1} onCancel={() => setRejecting(false)} onReject={(comment) => { setRejecting(false); decide({ action: 'reject', comment }); }} />
    </section>
  );
}
