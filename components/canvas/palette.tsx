'use client';
import { useMemo, useState } from 'react';
import { STEP_DEFINITIONS } from '@/lib/steps/definitions';
import { STEP_CATEGORIES } from '@/lib/steps/types';

export const DRAG_MIME = 'application/x-baton-step';

/** Step types by category: drag onto the canvas, or click (Enter) to add next to the selection. */
export function Palette({ onAdd, onCollapse }: { onAdd: (type: string) => void; onCollapse?: () => void }) {
  const [q, setQ] = useState('');
  const groups = useMemo(() => {
    const all = Object.values(STEP_DEFINITIONS).filter((d) => !q || `${d.label} ${d.description}`.toLowerCase().includes(q.toLowerCase()));
    return STEP_CATEGORIES.map((c) => ({ category: c, items: all.filter((d) => d.category === c) })).filter((g) => g.items.length);
  }, [q]);
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
              <li key={d.type}>
                <button
                  type="button"
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_MIME, d.type);
                    e.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={() => onAdd(d.type)}
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
