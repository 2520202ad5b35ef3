import { getDb } from '@/db/client';
import { listApiTokens } from '@/lib/api/tokens';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { TokensPanel } from '@/components/settings/tokens-panel';

export default async function TokensPage() {
  const user = await requirePageRole(SECTIONS.tokens.roles);
  const tokens = await listApiTokens(getDb(), user.id);
  return (
    <section className="flex max-w-3xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">API tokens</h1>
      <p className="text-sm text-slate-600">Tokens let scripts use the <a className="text-brand-700 underline" href="/api/v1/openapi.json">Baton API</a> as you, limited to the scopes you pick. Your roles still apply.</p>
      <TokensPanel tokens={tokens.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, scopes: t.scopes, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revoked: !!t.revokedAt }))} />
    </section>
  );
}
