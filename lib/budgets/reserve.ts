import 'server-only';
import type { Sql } from '@/db/client';
import { readDailyCap, reserveCost, settleCost } from '@/db/queries/budgets';
import { BudgetExceededError } from '@/lib/steps/errors';

/** USD per million tokens; null where the price table has no entry. */
export type TokenPrice = { inputPerM: number; outputPerM: number; cachedInputPerM?: number } | null;

export type CallEstimate = { model: string; price: TokenPrice; inputTokens: number; maxOutputTokens: number };

/** A held reservation: settle it with the call's actual cost, or with null when it was never sent. */
export type CostHold = { settle: (actualUsd: number | null) => Promise<void> };

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/** The most a call can cost: every prompt token at the input price plus `maxOutputTokens` of output. */
export function worstCaseUsd(e: CallEstimate): number | null {
  if (!e.price) return null;
  return (e.inputTokens * e.price.inputPerM + e.maxOutputTokens * e.price.outputPerM) / 1_000_000;
}

/**
 * Before a model call: holds its worst case against the run's cap (a flow setting) and the
 * day's cap (an installation setting), atomically in PostgreSQL, so parallel runs never spend
 * past either. A call that does not fit, or whose price is unknown while a cap applies, throws
 * BudgetExceededError and is not made; the step's policy decides what happens next.
 */
export async function holdCost(sql: Sql, a: { key: string; runId: string; runCapUsd: number | null; now: Date; call: CallEstimate }): Promise<CostHold> {
  const dayCapUsd = await readDailyCap(sql);
  const worst = worstCaseUsd(a.call);
  const capped = a.runCapUsd !== null || dayCapUsd !== null;
  if (worst === null) {
    if (capped) throw new BudgetExceededError(`The model ${a.call.model} has no price, and this run is under a cost cap: add its price in Admin → Models`);
    return { settle: async () => {} };
  }
  if (!capped) return { settle: async () => {} };
  const r = await reserveCost(sql, { key: a.key, runId: a.runId, day: a.now.toISOString().slice(0, 10), amountUsd: worst, runCapUsd: a.runCapUsd, dayCapUsd });
  if (!r.ok) {
    const which = r.scope === 'run' ? "This run's cost cap" : "Today's cost cap";
    throw new BudgetExceededError(
      `${which} of ${usd(r.capUsd)} does not cover this call: ${usd(r.usedUsd)} spent or held, and ${a.call.model} may cost up to ${usd(worst)} here`,
    );
  }
  return { settle: (actualUsd) => settleCost(sql, { key: a.key, actualUsd }) };
}
