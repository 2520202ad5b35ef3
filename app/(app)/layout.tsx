import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { sectionsFor } from '@/lib/auth/nav';
import { AppShell } from '@/components/shell/app-shell';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return (
    <AppShell user={{ name: user.name, email: user.email, roles: user.roles }} sections={sectionsFor(user.roles).map(({ href, label }) => ({ href, label }))}>
      {children}
    </AppShell>
  );
}
