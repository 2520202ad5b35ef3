'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { deleteModelProvider, findModelProvider, insertModelProvider, replaceModelPrices, updateModelProvider } from '@/db/queries/models';
import { defineAction, UserError } from '@/lib/actions/define-action';
import { fetchModelList, testConnection } from '@/lib/models/admin-checks';
import { providerConfigOf } from '@/lib/models/db-port';
import { pricesInputSchema, providerInputSchema } from '@/lib/models/provider-schema';
import { adminCheckDeps, grantProviderCredential } from '@/lib/models/server';
import { deleteGrantsOfSubject } from '@/db/queries/credentials';
import { saveDailyCap } from '@/db/queries/budgets';
import { dailyCapInputSchema, dailyCapOf } from '@/lib/budgets/daily-cap-schema';

const ADMIN = { roles: ['admin'] } as const;
const PAGE = '/admin/models';
const byId = z.object({ id: z.string().uuid() });

const nameTaken = () => new UserError('A provider with this name already exists.', { name: ['This name is already taken.'] });
const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/** Admin adds a model provider (its key is a vault credential chosen by reference). */
export const createModelProvider = defineAction(ADMIN, providerInputSchema, async (input, _actor, { change }) => {
  const row = await change(async (tx, audit) => {
    const r = await insertModelProvider(tx, input);
    if (!r) throw nameTaken();
    // Choosing the credential is what grants it to this provider (and takes back an earlier one).
    await grantProviderCredential(tx, r.id, r.credentialId);
    audit({ action: 'model_provider.create', target: r.id, details: { name: r.name, kind: r.kind, baseUrl: r.baseUrl, credentialId: r.credentialId } });
    return r;
  });
  revalidatePath(PAGE);
  return { id: row.id };
});

export const updateModelProviderSettings = defineAction(ADMIN, z.object({ id: z.string().uuid(), provider: providerInputSchema }), async ({ id, provider }, _actor, { change }) => {
  try {
    await change(async (tx, audit) => {
      const r = await updateModelProvider(tx, id, provider);
      if (!r) throw new UserError('That provider no longer exists.');
      await grantProviderCredential(tx, id, r.credentialId);
      audit({ action: 'model_provider.update', target: id, details: { name: r.name, kind: r.kind, baseUrl: r.baseUrl, credentialId: r.credentialId } });
    });
  } catch (err) {
    if (isUniqueViolation(err) || isUniqueViolation((err as { cause?: unknown })?.cause)) throw nameTaken();
    throw err;
  }
  revalidatePath(PAGE);
  return { id };
});

export const removeModelProvider = defineAction(ADMIN, byId, async ({ id }, _actor, { change }) => {
  await change(async (tx, audit) => {
    const p = await findModelProvider(tx, id);
    if (!p) throw new UserError('That provider no longer exists.');
    await deleteModelProvider(tx, id);
    await deleteGrantsOfSubject(tx, { kind: 'model_provider', id });
    audit({ action: 'model_provider.delete', target: id, details: { name: p.name } });
  });
  revalidatePath(PAGE);
  return { id };
});

/** Replaces the provider's price table (USD per million input, output and cached-input tokens). */
export const setModelPrices = defineAction(ADMIN, pricesInputSchema, async ({ providerId, prices }, _actor, { change }) => {
  await change(async (tx, audit) => {
    if (!(await findModelProvider(tx, providerId))) throw new UserError('That provider no longer exists.');
    await replaceModelPrices(tx, providerId, prices);
    audit({ action: 'model_provider.prices', target: providerId, details: { models: prices.map((p) => p.model) } });
  });
  revalidatePath(PAGE);
  return { count: prices.length };
});

/** One tiny call to the saved provider: its answer, latency and tokens, or its error in words. */
export const testModelProvider = defineAction(ADMIN, byId, async ({ id }) => {
  const db = getDb();
  const row = await findModelProvider(db, id);
  if (!row) throw new UserError('That provider no longer exists.');
  return testConnection(providerConfigOf(row), adminCheckDeps(db));
});

/** The saved provider's model list (GET …/models), for the form to fill in. */
export const fetchModelProviderModels = defineAction(ADMIN, byId, async ({ id }) => {
  const db = getDb();
  const row = await findModelProvider(db, id);
  if (!row) throw new UserError('That provider no longer exists.');
  return fetchModelList(providerConfigOf(row), adminCheckDeps(db));
});

/** The installation's daily cost cap (USD) across all runs; empty for none. */
export const setDailyCostCap = defineAction(ADMIN, dailyCapInputSchema, async (input, _actor, { change }) => {
  const capUsd = dailyCapOf(input);
  await change(async (tx, audit) => {
    await saveDailyCap(tx, capUsd);
    audit({ action: 'budget.daily_cap', target: 'daily', details: { capUsd } });
  });
  revalidatePath(PAGE);
  return { capUsd };
});
