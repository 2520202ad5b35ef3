'use client';
import { useCallback, useEffect, useState } from 'react';

type Panels = { palette: boolean; inspector: boolean };
const KEY = 'baton.editor.collapsed';

/** Which side panels of the editor are collapsed, remembered per browser. */
export function useCollapsedPanels() {
  const [collapsed, setCollapsed] = useState<Panels>({ palette: false, inspector: false });
  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Panels> | null;
      if (saved) setCollapsed({ palette: !!saved.palette, inspector: !!saved.inspector });
    } catch {
      /* nothing remembered */
    }
  }, []);
  const toggle = useCallback((panel: keyof Panels) => setCollapsed((c) => {
    const next = { ...c, [panel]: !c[panel] };
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      /* private mode: not remembered */
    }
    return next;
  }), []);
  return { collapsed, toggle };
}

/** The rail a collapsed panel leaves: one button that brings it back. */
export const RAIL = 'flex w-9 shrink-0 flex-col items-center border-slate-200 bg-white py-2';
