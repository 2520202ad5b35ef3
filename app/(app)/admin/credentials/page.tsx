import { getDb } from '@/db/client';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { listCredentialSummaries } from '@/lib/vault/vault';
import { listGrantableSubjects } from '@/lib/vault/subjects';
import { EmptyState } from '@/components/ui/empty-state';
import { CredentialsTable } from '@/components/admin/credentials/credentials-table';
import { NewCredentialButton } from '@/components/admin/credentials/credential-form-dialog';

/** Formatted here, not in the browser, so server and client render the same text. */
const utcMinute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Admin → Credentials: summaries only (the vault never hands this page a secret). */
export default async function CredentialsPage() {
  await requirePageRole(SECTIONS.credentials.roles);
  const db = getDb();
  const [credentials, subjects] = await Promise.all([listCredentialSummaries(db), listGrantableSubjects(db)]);
  return (
    <section className="flex flex-col gap-6">
      <div className="flex items-center justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Credentials</h1>
          <p className="text-sm text-slate-600">API keys, tokens and passwords that tools use. Encrypted at rest; after saving they can be replaced or deleted, never read back.</p>
        </div>
        <NewCredentialButton />
      </div>
      {credentials.length ? (
        <CredentialsTable credentials={credentials.map(({ id, name, kind, hint, grants, updatedAt }) => ({ id, name, kind, hint, grants, updated: utcMinute(updatedAt) }))} subjects={subjects} />
      ) : (
        <EmptyState title="No credentials yet">Add the API key or token a tool needs, then choose which tools may use it.</EmptyState>
      )}
    </section>
  );
}
