import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { countUsers } from '@/db/queries/users';
import { SetupForm } from './setup-form';

export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if ((await countUsers(getDb())) > 0) redirect('/sign-in');
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="mb-1 text-2xl font-semibold">Welcome to Baton</h1>
        <p className="mb-6 text-sm text-slate-600">Create the first admin account for this installation.</p>
        <SetupForm />
      </div>
    </main>
  );
}
