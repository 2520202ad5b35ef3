import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { countUsers } from '@/db/queries/users';
import { getCurrentUser } from '@/lib/auth/session';
import { isDatabaseUnavailable, withinDbWait } from '@/lib/server/db-availability';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from './sign-in-form';

export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  let state: 'setup' | 'signed-in' | 'form' | 'no-database';
  try {
    state = (await withinDbWait(countUsers(getDb()))) === 0 ? 'setup' : (await withinDbWait(getCurrentUser())) ? 'signed-in' : 'form';
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    state = 'no-database';
  }
  if (state === 'setup') redirect('/setup');
  if (state === 'signed-in') redirect('/');
  if (state === 'no-database') {
    // Until the server's gate answers 503 (it does once a check confirms the outage).
    return (
      <AuthCard title="Baton cannot reach its database" lead="Signing in needs PostgreSQL, which does not answer right now. Reload this page in a few seconds.">
        <p role="alert" className="text-sm text-slate-600">Nothing is wrong with your account.</p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Sign in to Baton" lead="Visual orchestration that runs durably.">
      <SignInForm />
    </AuthCard>
  );
}
