import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { findOpenAccessLink } from '@/lib/auth/access-links';
import { AuthCard } from '@/components/auth/auth-card';
import { ChoosePasswordForm } from './choose-password-form';

export const dynamic = 'force-dynamic';
// The token is in the path: never send it to another site as a referrer.
export const metadata: Metadata = { title: 'Choose your password · Baton', referrer: 'no-referrer' };

/** Where an invitation or reset link lands: the person chooses their password, once. */
export default async function WelcomePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await findOpenAccessLink(getDb(), token);
  if (!link) {
    return (
      <AuthCard title="This link is no longer valid" lead="It was used, replaced by a newer link, or expired. Ask your admin for a new one.">
        <Link href="/sign-in" className="text-sm font-medium text-blue-700 underline">Go to sign-in</Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={link.purpose === 'invite' ? `Welcome to Baton, ${link.name}` : 'Choose a new password'}
      lead={<>Choose the password for <span className="font-medium text-slate-800">{link.email}</span>. This link works once.</>}
    >
      <ChoosePasswordForm token={token} />
    </AuthCard>
  );
}
