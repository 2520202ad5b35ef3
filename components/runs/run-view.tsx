'use client';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState, useTransition } from 'react';
import Link from 'next/link';
import { Background, Controls, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { cancelRunNow, rerunRun, resolveReview } from '@/lib/actions/runs';
import { useRouter } from 'next/navigation';
import type { FlowInput } from '@/lib/workflow/types';
import { deriveGraph } from '@/components/canvas/derive';
import { nodeTypes } from '@/components/canvas/step-node';
import { foldRunEvents, useRunStatus, TERMINAL, type RunView as View } from '@/components/canvas/use-run-status';
import { StepDrawer, type Attempt } from './step-drawer';
import { LiveOutput } from './live-output';
import { stepName } from '@/lib/workflow/diff';
import { formatTotal, totalUsage, totalsByStep, usageByAttempt } from '@/lib/query/run-usage';

type Props = {
  run: { id: string; flowId: string; flowName: string; status: string; isTest: boolean; triggerKind: string; version: number | null; startedAt: string; finishedAt: string | null; output: unknown; error: unknown };
  definition: FlowInput;
  /** The flow's current draft (for "Re-run from here"), when the viewer may start runs. */
  draft: FlowInput | null;
  attempts: Attempt[];
  /** run_events rows, decoded here with the event contract. */
  events: readonly unknown[];
  reviews: { id: string; stepId: string; reason: string; proposed: unknown; deadline: string | null }[];
  can: { cancel: boolean; review: boolean };
};

/** The live run: the flow read-only with each step's status streamed over SSE, a timeline and a step drawer. */
export function RunView(p: Props) {
  const initial = useMemo<View>(() => foldRunEvents({ status: p.run.status, steps: {}, lastEventId: 0 }, p.events), [p.events, p.run.status]);
  const live = useRunStatus(TERMINAL.has(p.run.status) ? null : p.run.id, initial) ?? initial;
  const usage = useRunUsage(p.attempts, p.events);
  const graph = useMemo(() => deriveGraph(p.definition, [], live.steps), [p.definition, live.steps]);
  // Each step's tokens and cost as a badge on its node (steps that called a model only).
  const nodes = useMemo(() => graph.nodes.map((n) => {
    const t = n.type === 'step' ? usage.byStep.get(n.id) : undefined;
    return t ? { ...n, data: { ...n.data, usage: formatTotal(t) } } : n;
  }), [graph.nodes, usage.byStep]);
  const edges = graph.edges;
  const [open, setOpen] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const timeline = useMemo(() => p.attempts.filter((a) => a.attempt > 0), [p.attempts]);
  useLiveRefresh(live.lastEventId, initial.lastEventId, TERMINAL.has(p.run.status));
  const name = (id: string) => stepName(p.definition, id);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Run of <Link className="text-brand-700 hover:underline" href={`/flows/${p.run.flowId}`}>{p.run.flowName}</Link></h1>
        <span data-testid="run.status" className="rounded bg-slate-100 px-2 py-1 text-sm font-medium">{live.status}</span>
        {p.run.isTest ? <span className="rounded bg-amber-100 px-2 py-1 text-xs text-amber-900">test run of the draft</span> : <span className="text-xs text-slate-500">version {p.run.version}</span>}
        {usage.total ? <span data-testid="run.usage" className="rounded bg-violet-50 px-2 py-1 text-xs text-violet-900">{formatTotal(usage.total)}</span> : null}
        <span className="text-xs text-slate-500">{p.run.triggerKind} · started {p.run.startedAt.slice(0, 19).replace('T', ' ')}</span>
        {p.can.cancel && TERMINAL.has(live.status) ? (
          <Button variant="secondary" disabled={pending} onClick={() => start(async () => { const r = await rerunRun({ runId: p.run.id }); if (!r.ok) return toast(r.error, 'error'); router.push(`/runs/${r.data.runId}`); })}>Run again</Button>
        ) : null}
        {p.can.cancel && !TERMINAL.has(live.status) ? (
          <Button variant="danger" disabled={pending} onClick={() => start(async () => { const r = await cancelRunNow({ runId: p.run.id }); if (!r.ok) toast(r.error, 'error'); })}>Cancel run</Button>
        ) : null}
      </div>
      {p.reviews.length && p.can.review ? p.reviews.map((r) => (
        <div key={r.id} role="region" aria-label="Review task" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p><strong>{name(r.stepId)}</strong> needs a decision: {r.reason}</p>
          <pre className="my-2 max-h-40 overflow-auto rounded bg-white p-2 text-xs">{JSON.stringify(r.proposed, null, 2)}</pre>
          <div className="flex gap-2">
            <Button disabled={pending} onClick={() => start(async () => { const x = await resolveReview({ taskId: r.id, decision: { action: 'approve' } }); if (!x.ok) toast(x.error, 'error'); else toast('Approved; the run resumes'); })}>Approve</Button>
            <Button variant="danger" disabled={pending} onClick={() => start(async () => { const x = await resolveReview({ taskId: r.id, decision: { action: 'reject' } }); if (!x.ok) toast(x.error, 'error'); else toast('Rejected'); })}>Reject</Button>
            <Link href={`/inbox/${r.id}`} className="self-center text-brand-600 hover:underline">Open in the inbox (edit, claim, comment) →</Link>
          </div>
        </div>
      )) : null}
      <div className="h-[55vh] rounded-lg border border-slate-200 bg-white">
        <ReactFlowProvider>
          <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} nodesDraggable={false} nodesConnectable={false} elementsSelectable onNodeClick={(_e, n) => setOpen(n.id)} fitView fitViewOptions={{ maxZoom: 1, padding: 0.3 }} aria-label="Run canvas">
            <Background gap={20} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </ReactFlowProvider>
      </div>
      <LiveOutput live={live.live} name={name} />
      {TERMINAL.has(p.run.status) && (p.run.output !== null || p.run.error !== null) ? (
        <section aria-label="Result" className="rounded-md border border-slate-200 bg-white p-3">
          <h2 className="mb-1 font-semibold">{p.run.error ? 'Error' : 'Output'}</h2>
          <pre data-testid="run.result" className="max-h-48 overflow-auto text-xs">{JSON.stringify(p.run.error ?? p.run.output, null, 2)}</pre>
        </section>
      ) : null}
      <section aria-label="Timeline">
        <h2 className="mb-2 font-semibold">Timeline</h2>
        <ol className="flex flex-col gap-1 text-sm">
          {timeline.map((a) => (
            <li key={`${a.stepId}:${a.attempt}`}>
              <button type="button" className="w-full rounded px-2 py-1 text-left hover:bg-slate-100" onClick={() => setOpen(a.stepId)}>
                <span className="inline-block w-56 truncate align-bottom"><span className="font-medium">{name(a.stepId)}</span>{name(a.stepId) !== a.stepId ? <span className="ml-1 font-mono text-xs text-slate-400">{a.stepId}</span> : null}</span>
                <span className="inline-block w-20 text-slate-500">#{a.attempt}</span>
                <span className="inline-block w-28">{a.status}</span>
                <span className="text-slate-500">{a.finishedAt ? `${new Date(a.finishedAt).getTime() - new Date(a.startedAt).getTime()} ms` : '…'}</span>
              </button>
            </li>
          ))}
        </ol>
        {timeline.length === 0 ? <p className="text-sm text-slate-500">{TERMINAL.has(live.status) ? 'No step ran.' : 'Waiting for the first step…'}</p> : null}
      </section>
      {open ? (
        <StepDrawer
          key={open}
          runId={p.run.id}
          stepId={open}
          name={name(open)}
          attempts={usage.attempts.filter((a) => a.stepId === open)}
          onClose={() => setOpen(null)}
          rerun={p.can.cancel && TERMINAL.has(live.status) ? {
            runId: p.run.id,
            isTest: p.run.isTest,
            pinnedLabel: p.run.version ? `version ${p.run.version}` : `the draft as it was on ${p.run.startedAt.slice(0, 16).replace('T', ' ')}`,
            pinned: p.definition.steps.find((s) => s.id === open),
            draft: p.draft?.steps.find((s) => s.id === open),
          } : undefined}
        />
      ) : null}
    </div>
  );
}

/** Tokens and cost: per attempt (rows + their StepSucceeded events), per step, for the run. */
function useRunUsage(attempts: Attempt[], events: readonly unknown[]) {
  return useMemo(() => {
    const split = usageByAttempt(events);
    const rows = attempts.map((a) => ({ ...a, tokens: a.tokens ?? null, costUsd: a.costUsd ?? null }));
    return {
      attempts: attempts.map((a) => {
        const u = split.get(`${a.stepId}:${a.attempt}`);
        return u ? { ...a, usage: u } : a;
      }),
      byStep: totalsByStep(rows),
      total: totalUsage(rows),
    };
  }, [attempts, events]);
}

/**
 * Keeps the server-rendered parts (timeline, attempts, result) in step with the live status: each
 * batch of new events refreshes them (at most every 400 ms, and once more at the end), so a new
 * run's page is live from its first event without a reload.
 */
function useLiveRefresh(lastEventId: number, renderedUpTo: number, finished: boolean) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (finished || lastEventId <= renderedUpTo || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      router.refresh();
    }, 400);
  }, [lastEventId, renderedUpTo, finished, router]);
  useEffect(() => () => clearTimeout(timer.current), []);
}
