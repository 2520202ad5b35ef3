import { getDb, getSql } from '@/db/client';
import { dayUsedUsd, readDailyCap } from '@/db/queries/budgets';
import { listModelPrices, listModelProviders } from '@/db/queries/models';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { credentialChoices } from '@/lib/models/server';
import { ProviderList } from '@/components/admin/models/provider-list';
import { ProviderFormButton } from '@/components/admin/models/provider-form';
import { DailyCapForm } from '@/components/admin/models/daily-cap-form';

/** Admin → Models: providers (keys by vault reference, never the key itself), their models and prices. */
export default async function ModelsPage() {
  await requirePageRole(SECTIONS.models.roles);
  const db = getDb();
  const [providers, credentials] = await Promise.all([listModelProviders(db), credentialChoices(db)]);
  const prices = await Promise.all(providers.map((p) => listModelPrices(db, p.id)));
  const [capUsd, usedToday] = await Promise.all([readDailyCap(getSql()), dayUsedUsd(getSql(), new Date().toISOString().slice(0, 10))]);
  return (
    <section className="flex flex-col gap-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Models</h1>
        <ProviderFormButton credentials={credentials} />
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        Providers answer the AI steps. Calls go through the outbound guard: a provider on this machine or a private network (a local Ollama, vLLM or LM Studio) needs its
        host:port in BATON_ALLOWED_HOSTS. Prices are USD per million tokens; a model without a price shows its cost as unknown.
      </p>
      <DailyCapForm capUsd={capUsd} dayUsedUsd={usedToday} />
      <ProviderList
        credentials={credentials}
        providers={providers.map((p, i) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
          baseUrl: p.baseUrl ?? '',
          credentialId: p.credentialId ?? '',
          models: p.models,
          defaultModel: p.defaultModel ?? '',
          enabled: p.enabled,
          prices: prices[i]!,
        }))}
      />
    </section>
  );
}
