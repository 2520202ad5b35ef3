import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { countUsers } from '@/db/queries/users';
import { getCurrentUser } from '@/lib/auth/session';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from './sign-in-form';

export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  if ((await countUsers(getDb())) === 0) redirect('/setup');
  if (await getCurrentUser()) redirect('/');
  return (
    <AuthCard title="Sign in to Baton" lead="Visual orchestration that runs durably.">
      <SignInForm />
    </AuthCard>
  );
}
