import { requirePageRole } from '@/lib/auth/session';
import { ROLES } from '@/lib/auth/roles';
import { ChangePasswordForm } from '@/components/settings/change-password-form';

/** Who you are signed in as, and your password. Every role has an account. */
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const me = await requirePageRole(ROLES);
  const { changed } = await searchParams;
  return (
    <section className="flex max-w-md flex-col gap-6">
      <h1 className="text-2xl font-semibold">Account</h1>
      <dl className="grid grid-cols-[6rem_1fr] gap-y-1 text-sm">
        <dt className="text-slate-500">Name</dt>
        <dd>{me.name}</dd>
        <dt className="text-slate-500">Email</dt>
        <dd>{me.email}</dd>
        <dt className="text-slate-500">Roles</dt>
        <dd>{me.roles.join(', ')}</dd>
      </dl>
      <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 className="mb-4 text-lg font-semibold">Change password</h2>
        {changed ? (
          <p role="status" className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
            Password changed. Your other sessions were signed out.
          </p>
        ) : null}
        <ChangePasswordForm />
      </div>
    </section>
  );
}
