'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';

/**
 * The editor's less frequent actions (layout, notes, settings, export, shortcuts) behind one
 * "More" button, so the toolbar fits one line at 1440 px. Closes on a pick, Escape or a click outside.
 */
export function ToolbarMore({ items }: { items: { label: string; onClick: () => void; shortcut?: string }[] }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => !box.current?.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);
  return (
    <div ref={box} className="relative">
      <Button variant="ghost" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen((o) => !o)}>More ▾</Button>
      {open ? (
        <div role="group" aria-label="More actions" className="absolute right-0 z-50 mt-1 flex w-48 flex-col rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {items.map((i): ReactNode => (
            <button key={i.label} type="button" aria-keyshortcuts={i.shortcut} className="px-3 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100" onClick={() => { setOpen(false); i.onClick(); }}>
              {i.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
