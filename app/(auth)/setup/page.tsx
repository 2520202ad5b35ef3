import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { countUsers } from '@/db/queries/users';
import { AuthCard } from '@/components/auth/auth-card';
import { SetupForm } from './setup-form';

export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if ((await countUsers(getDb())) > 0) redirect('/sign-in');
  return (
    <AuthCard title="Welcome to Baton" lead="Create the first admin account for this installation.">
      <SetupForm />
    </AuthCard>
  );
}
