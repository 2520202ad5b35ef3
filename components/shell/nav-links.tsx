'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@/components/ui/cx';
import { InboxBadge } from './inbox-badge';

export function NavLinks({ sections }: { sections: { href: string; label: string }[] }) {
  const path = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 px-3">
      {sections.map((s) => {
        const current = path === s.href || path.startsWith(s.href + '/');
        return (
          <Link key={s.href} href={s.href} aria-current={current ? 'page' : undefined} className={cx('flex items-center rounded-md px-3 py-2 text-sm', current ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-700 hover:bg-slate-100')}>
            {s.label}
            {s.href === '/inbox' ? <InboxBadge /> : null}
          </Link>
        );
      })}
    </nav>
  );
}
