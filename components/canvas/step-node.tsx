'use client';
import { memo } from 'react';
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { cx } from '@/components/ui/cx';
import { NoteNode, type NoteNodeType } from './note-node';

export type StepNodeData = {
  label: string;
  typeLabel: string;
  category: string;
  ports: string[];
  /** Ports its edges still use though the step no longer has them. */
  dangling: string[];
  hasInput: boolean;
  hasError: boolean;
  issues: string[];
  badges: string[];
  disabled: boolean;
  status?: string;
  detail?: string;
  /** In a run: the step's tokens and cost ("120 tokens · $0.0004", or "cost unknown"). */
  usage?: string;
};
export type StepNodeType = Node<StepNodeData, 'step'>;
/** Everything the canvas draws: steps and sticky notes. */
export type CanvasNode = StepNodeType | NoteNodeType;

const CATEGORY: Record<string, string> = {
  Triggers: 'border-l-emerald-500',
  Data: 'border-l-sky-500',
  Flow: 'border-l-violet-500',
  Actions: 'border-l-amber-500',
  Output: 'border-l-rose-500',
};
const STATUS: Record<string, string> = {
  running: 'ring-2 ring-sky-400 animate-pulse',
  retrying: 'ring-2 ring-amber-400',
  waiting: 'ring-2 ring-amber-400',
  succeeded: 'ring-2 ring-emerald-500',
  failed: 'ring-2 ring-red-500',
  cancelled: 'ring-2 ring-slate-400',
  skipped: 'opacity-60',
};

/** One generic node for every step type: the definition decides ports, the data decides looks. */
function StepNodeView({ id, data, selected }: NodeProps<StepNodeType>) {
  const outs = [...data.ports, ...data.dangling];
  return (
    <div
      data-testid={`node.${id}`}
      aria-label={`Step ${data.label}`}
      // Room for every output handle and its name (a Switch with many cases grows taller).
      style={outs.length > 2 ? { minHeight: (outs.length + 1) * 16 } : undefined}
      className={cx(
        'w-48 rounded-md border border-l-4 bg-white px-3 py-2 text-left shadow-sm',
        CATEGORY[data.category] ?? 'border-l-slate-400',
        selected ? 'border-brand-500 shadow-md' : 'border-slate-300',
        data.issues.length ? 'border-red-500' : '',
        data.status ? STATUS[data.status] : '',
        data.disabled ? 'opacity-50' : '',
      )}
    >
      {data.hasInput ? <Handle type="target" position={Position.Left} id="in" className="!h-3 !w-3 !bg-slate-500" /> : null}
      <div className="truncate text-sm font-medium" title={data.label}>{data.label}</div>
      {/* The status shares the type's line, so the name keeps the whole width. */}
      <div className="flex items-center justify-between gap-2 text-xs text-slate-500">
        <span className="truncate">{data.typeLabel}{data.disabled ? ' · disabled' : ''}</span>
        {data.status ? <span data-testid={`node.${id}.status`} className="shrink-0 text-[10px] font-medium tracking-wide text-slate-600 uppercase">{data.status}</span> : null}
      </div>
      {data.detail ? <div className="mt-1 truncate text-[11px] text-slate-600">{data.detail}</div> : null}
      {data.usage ? <div data-testid={`node.${id}.usage`} className="mt-1 truncate rounded bg-violet-50 px-1 text-[10px] text-violet-900" title={data.usage}>{data.usage}</div> : null}
      {data.badges.length ? (
        <div className="mt-1 flex flex-wrap gap-1">
          {data.badges.map((b) => <span key={b} className="rounded bg-slate-100 px-1 text-[10px] text-slate-600">{b}</span>)}
        </div>
      ) : null}
      {data.issues.length ? <div role="note" className="mt-1 text-[11px] text-red-600">{data.issues[0]}{data.issues.length > 1 ? ` (+${data.issues.length - 1})` : ''}</div> : null}
      {outs.map((p, i) => {
        const missing = data.dangling.includes(p);
        return (
          <Handle key={p} type="source" position={Position.Right} id={p} isConnectableStart={!missing} data-dangling={missing ? 'true' : undefined} style={{ top: `${((i + 1) / (outs.length + 1)) * 100}%` }} className={cx('!h-3 !w-3', missing ? '!border-2 !border-red-600 !bg-white' : '!bg-brand-500')} title={missing ? `"${p}" no longer exists: reconnect or delete this connection` : p}>
            {outs.length > 1 || missing ? <span className={cx('pointer-events-none absolute left-3 -translate-y-1/2 text-[10px] whitespace-nowrap', missing ? 'font-medium text-red-600' : 'text-slate-500')}>{missing ? `${p} (missing)` : p}</span> : null}
          </Handle>
        );
      })}
      {data.hasError ? <Handle type="source" position={Position.Bottom} id="error" className="!h-3 !w-3 !bg-red-500" title="error" /> : null}
    </div>
  );
}

export const StepNode = memo(StepNodeView);
export const nodeTypes = { step: StepNode, note: NoteNode };
