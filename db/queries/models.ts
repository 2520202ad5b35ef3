import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { modelPrices, modelProviders, type ModelPriceRow, type ModelProviderKind, type ModelProviderRow } from '@/db/schema';

export type ModelProviderInput = {
  name: string;
  kind: ModelProviderKind;
  baseUrl: string | null;
  credentialId: string | null;
  models: string[];
  defaultModel: string | null;
  enabled: boolean;
};

/** A price as numbers (USD per million tokens); `cachedInputPerMillion` null = unknown. */
export type ModelPrice = { model: string; inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion: number | null };

export async function listModelProviders(db: Db): Promise<ModelProviderRow[]> {
  return db.select().from(modelProviders).orderBy(asc(modelProviders.name));
}

export async function findModelProvider(db: Db, id: string): Promise<ModelProviderRow | undefined> {
  const [row] = await db.select().from(modelProviders).where(eq(modelProviders.id, id));
  return row;
}

/** Null when the name is taken (the unique constraint decides, not a prior read). */
export async function insertModelProvider(db: Db, p: ModelProviderInput): Promise<ModelProviderRow | null> {
  const [row] = await db.insert(modelProviders).values(p).onConflictDoNothing({ target: modelProviders.name }).returning();
  return row ?? null;
}

/** Undefined when no such provider; throws the unique violation (23505) when the new name is taken. */
export async function updateModelProvider(db: Db, id: string, p: ModelProviderInput): Promise<ModelProviderRow | undefined> {
  const [row] = await db
    .update(modelProviders)
    .set({ ...p, updatedAt: sql`now()` })
    .where(eq(modelProviders.id, id))
    .returning();
  return row;
}

/** Its prices go with it (cascade). */
export async function deleteModelProvider(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(modelProviders).where(eq(modelProviders.id, id)).returning({ id: modelProviders.id });
  return rows.length > 0;
}

const toPrice = (r: ModelPriceRow): ModelPrice => ({
  model: r.model,
  inputPerMillion: Number(r.inputPerMillion),
  outputPerMillion: Number(r.outputPerMillion),
  cachedInputPerMillion: r.cachedInputPerMillion === null ? null : Number(r.cachedInputPerMillion),
});

export async function listModelPrices(db: Db, providerId: string): Promise<ModelPrice[]> {
  const rows = await db.select().from(modelPrices).where(eq(modelPrices.providerId, providerId)).orderBy(asc(modelPrices.model));
  return rows.map(toPrice);
}

export async function findModelPrice(db: Db, providerId: string, model: string): Promise<ModelPrice | null> {
  const [row] = await db
    .select()
    .from(modelPrices)
    .where(and(eq(modelPrices.providerId, providerId), eq(modelPrices.model, model)));
  return row ? toPrice(row) : null;
}

/** Replaces the provider's whole price table in one transaction (the form edits it as one). */
export async function replaceModelPrices(db: Db, providerId: string, prices: ModelPrice[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(modelPrices).where(eq(modelPrices.providerId, providerId));
    if (!prices.length) return;
    await tx.insert(modelPrices).values(
      prices.map((p) => ({
        providerId,
        model: p.model,
        inputPerMillion: String(p.inputPerMillion),
        outputPerMillion: String(p.outputPerMillion),
        cachedInputPerMillion: p.cachedInputPerMillion === null ? null : String(p.cachedInputPerMillion),
      })),
    );
  });
}

