import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { runs, type RunStatus } from '@/db/schema';
import { emptyFlow } from '@/lib/workflow/new-flow';
import { listFlows } from './flows';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('listFlows', () => {
  it("shows each flow's latest run status (test or production), and none for a flow never run", async () => {
    const ran = await insertPublishedFlow(t.db, emptyFlow(), { name: 'ran' });
    const idle = await insertPublishedFlow(t.db, emptyFlow(), { name: 'idle' });
    const run = (status: RunStatus, isTest: boolean, at: string) =>
      t.db.insert(runs).values({ id: randomUUID(), flowId: ran.flowId, versionId: ran.versionId, isTest, status, triggerKind: 'manual', trigger: {}, startedAt: new Date(at) });
    await run('failed', true, '2026-01-01T10:00:00Z');
    await run('succeeded', false, '2026-01-01T11:00:00Z');
    await run('cancelled', true, '2026-01-01T09:00:00Z');

    const rows = await listFlows(t.db);
    expect(rows.find((r) => r.id === ran.flowId)?.lastRunStatus).toBe('succeeded');
    expect(rows.find((r) => r.id === idle.flowId)?.lastRunStatus).toBeNull();
  });
});
