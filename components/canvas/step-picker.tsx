'use client';
import { useMemo, useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { STEP_DEFINITIONS } from '@/lib/steps/definitions';

/** The keyboard way to add a step ("/", like n8n's Tab): type to filter, Enter to add. */
export function StepPicker({ open, onClose, onPick }: { open: boolean; onClose: () => void; onPick: (type: string) => void }) {
  const [q, setQ] = useState('');
  const matches = useMemo(() => Object.values(STEP_DEFINITIONS).filter((d) => `${d.label} ${d.category} ${d.description}`.toLowerCase().includes(q.toLowerCase())), [q]);
  const pick = (type: string) => {
    setQ('');
    onPick(type);
  };
  return (
    <Dialog open={open} onClose={() => { setQ(''); onClose(); }} title="Add a step">
      <form onSubmit={(e) => { e.preventDefault(); if (matches[0]) pick(matches[0].type); }}>
        <input autoFocus aria-label="Find a step type" value={q} onChange={(e) => setQ(e.target.value)} className="mb-3 w-full rounded-md border border-slate-300 px-2 py-1" placeholder="Type to search, Enter to add" />
      </form>
      <ul className="flex max-h-72 flex-col gap-1 overflow-y-auto">
        {matches.map((d) => (
          <li key={d.type}>
            <button type="button" onClick={() => pick(d.type)} className="w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100">
              <strong>{d.label}</strong> <span className="text-xs text-slate-500">{d.category}</span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

export const SHORTCUTS: [string, string][] = [
  ['/', 'Add a step (searchable picker)'],
  ['Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y)', 'Undo / redo'],
  ['Ctrl+C / Ctrl+V', 'Copy / paste selected steps (also into another flow)'],
  ['Ctrl+D', 'Duplicate selected steps'],
  ['Delete / Backspace', 'Delete the selection'],
  ['Shift+drag, Ctrl+click', 'Select several steps'],
];
