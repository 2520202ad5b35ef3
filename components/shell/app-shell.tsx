import type { ReactNode } from 'react';
import Link from 'next/link';
import { NavLinks } from './nav-links';
import { SignOutButton } from './sign-out-button';

type Props = { user: { name: string; email: string; roles: string[] }; sections: { href: string; label: string }[]; children: ReactNode };

/** The frame of every signed-in page: navigation for the user's roles, who is signed in, sign-out. */
export function AppShell({ user, sections, children }: Props) {
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="px-5 py-4 text-lg font-semibold tracking-tight">Baton</div>
        <NavLinks sections={sections} />
        <div className="mt-auto border-t border-slate-200 p-4 text-sm">
          <p className="font-medium">{user.name}</p>
          <p className="truncate text-slate-500">{user.email}</p>
          <p className="mt-1 text-xs text-slate-500" data-testid="shell.roles">{user.roles.join(' · ')}</p>
          <div className="flex items-baseline gap-4">
            <Link href="/settings/account" className="mt-3 text-sm text-brand-600 hover:underline">Account</Link>
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-8">{children}</main>
    </div>
  );
}
