import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { runs, stepRuns } from '@/db/schema';
import { emptyFlow } from '@/lib/workflow/new-flow';
import { listRuns } from './runs';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('listRuns usage totals', () => {
  it("sums each run's model tokens and cost; one attempt without a price keeps the cost unknown, a run without model calls has none", async () => {
    const flow = await insertPublishedFlow(t.db, emptyFlow(), { name: 'usage' });
    const run = async (at: string, attempts: { tokens: number | null; costUsd: number | null }[]) => {
      const id = randomUUID();
      await t.db.insert(runs).values({ id, flowId: flow.flowId, versionId: flow.versionId, status: 'succeeded', triggerKind: 'manual', trigger: {}, startedAt: new Date(at) });
      for (const [i, a] of attempts.entries())
        await t.db.insert(stepRuns).values({ runId: id, stepId: `s${i}`, attempt: 1, status: 'succeeded', startedAt: new Date(at), ...a });
      return id;
    };
    const priced = await run('2026-01-01T10:00:00Z', [{ tokens: 120, costUsd: 0.00014 }, { tokens: 85, costUsd: 0.00009 }, { tokens: null, costUsd: null }]);
    const unpriced = await run('2026-01-01T11:00:00Z', [{ tokens: 120, costUsd: 0.00014 }, { tokens: 40, costUsd: null }]);
    const plain = await run('2026-01-01T12:00:00Z', [{ tokens: null, costUsd: null }]);

    const { runs: rows } = await listRuns(t.db, { flowId: flow.flowId }, undefined, 10);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(priced)?.tokens).toBe(205);
    expect(byId.get(priced)?.costUsd).toBeCloseTo(0.00023, 8);
    expect(byId.get(unpriced)).toMatchObject({ tokens: 160, costUsd: null });
    expect(byId.get(plain)).toMatchObject({ tokens: null, costUsd: null });
  });
});
