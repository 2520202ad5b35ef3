import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { findOpenAccessLink } from '@/db/queries/access-links';
import { ChoosePasswordForm } from './choose-password-form';

export const dynamic = 'force-dynamic';
// The token is in the path: never send it to another site as a referrer.
export const metadata: Metadata = { title: 'Choose your password · Baton', referrer: 'no-referrer' };

/** Where an invitation or reset link lands: the person chooses their password, once. */
export default async function WelcomePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await findOpenAccessLink(getDb(), token);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        {link ? (
          <>
            <h1 className="mb-1 text-2xl font-semibold">{link.purpose === 'invite' ? `Welcome to Baton, ${link.name}` : 'Choose a new password'}</h1>
            <p className="mb-6 text-sm text-slate-600">
              Choose the password for <span className="font-medium text-slate-800">{link.email}</span>. This link works once.
            </p>
            <ChoosePasswordForm token={token} />
          </>
        ) : (
          <>
            <h1 className="mb-1 text-2xl font-semibold">This link is no longer valid</h1>
            <p className="mb-6 text-sm text-slate-600">It was used, replaced by a newer link, or expired. Ask your admin for a new one.</p>
            <Link href="/sign-in" className="text-sm font-medium text-blue-700 underline">Go to sign-in</Link>
          </>
        )}
      </div>
    </main>
  );
}
