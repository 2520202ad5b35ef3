'use client';
import { useMemo, useState } from 'react';
import { STEP_DEFINITIONS } from '@/lib/steps/definitions';
import { STEP_CATEGORIES } from '@/lib/steps/types';
import { TOOL_PREFIX, useToolChoices } from './tool-choices';

export const DRAG_MIME = 'application/x-baton-step';

/** Step types by category: drag onto the canvas, or click (Enter) to add next to the selection. */
export function Palette({ onAdd, onCollapse }: { onAdd: (type: string) => void; onCollapse?: () => void }) {
  const [q, setQ] = useState('');
  const tools = useToolChoices();
  const groups = useMemo(() => {
    const match = (text: string) => !q || text.toLowerCase().includes(q.toLowerCase());
    const all = Object.values(STEP_DEFINITIONS).filter((d) => d.type !== 'tool-call' && match(`${d.label} ${d.description}`)).map((d) => ({ key: d.type, label: d.label, description: d.description, category: d.category as string }));
    const steps = STEP_CATEGORIES.map((c) => ({ category: c as string, items: all.filter((d) => d.category === c) }));
    // Registry tools this user may place, by their own categories: each drops as a Tool call step.
    const placeable = tools.filter((t) => t.placeable && t.enabled && t.approval !== 'deny' && match(`${t.name} ${t.description} ${t.category}`));
    const cats = [...new Set(placeable.map((t) => t.category))].sort();
    const toolGroups = cats.map((c) => ({ category: `Tools · ${c}`, items: placeable.filter((t) => t.category === c).map((t) => ({ key: `${TOOL_PREFIX}${t.id}`, label: t.name, description: t.description, category: c })) }));
    return [...steps, ...toolGroups].filter((g) => g.items.length);
  }, [q, tools]);
  return (
    <aside aria-label="Steps" className="flex w-44 shrink-0 flex-col gap-3 overflow-y-auto border-r border-slate-200 bg-white p-3">
      <div className="flex items-center gap-1">
        <input aria-label="Search steps" placeholder="Search steps…" value={q} onChange={(e) => setQ(e.target.value)} className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm" />
        {onCollapse ? <button type="button" aria-label="Hide steps" title="Hide steps" onClick={onCollapse} className="rounded px-1 text-slate-500 hover:bg-slate-100">«</button> : null}
      </div>
      {groups.map((g) => (
        <div key={g.category}>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{g.category}</h3>
          <ul className="flex flex-col gap-1">
            {g.items.map((d) => (
              <li key={d.key}>
                <button
                  type="button"
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_MIME, d.key);
                    e.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={() => onAdd(d.key)}
                  title={d.description}
                  className="w-full cursor-grab rounded-md border border-slate-200 px-2 py-1 text-left text-sm hover:bg-slate-50"
                >
                  {d.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </aside>
  );
}
