'use client';
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

type Guarded = { pending: () => boolean; flush: () => Promise<void>; state: string };

/**
 * Leaving the editor never loses an edit silently. An in-app link clicked while a change waits for
 * its autosave first saves it, then navigates (or asks, if the save did not go through); closing
 * or reloading the tab with a change pending makes the browser ask (it cannot wait for a save).
 */
export function useLeaveGuard(autosave: Guarded) {
  const router = useRouter();
  const { pending, flush } = autosave;
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!pending()) return;
      void flush(); // saved if the user stays
      e.preventDefault();
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || !pending()) return;
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
      const url = new URL(a.href, location.href);
      if (url.origin !== location.origin || (url.pathname === location.pathname && url.search === location.search)) return;
      // Before Next's Link sees the click: save, then go.
      e.preventDefault();
      e.stopPropagation();
      void flush().then(() => {
        if (pending() && !confirm('Your last changes could not be saved. Leave anyway and lose them?')) return;
        router.push(url.pathname + url.search + url.hash);
      });
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
    };
  }, [pending, flush, router]);
}
