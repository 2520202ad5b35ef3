import type { ReactNode } from 'react';

/** The centred card of the pages before sign-in: sign-in, first-run set-up, invitation links. */
export function AuthCard({ title, lead, children }: { title: string; lead: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="mb-1 text-2xl font-semibold">{title}</h1>
        <p className="mb-6 text-sm text-slate-600">{lead}</p>
        {children}
      </div>
    </main>
  );
}
