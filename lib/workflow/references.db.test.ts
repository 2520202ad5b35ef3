import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDb } from '@/db/testing/create-test-db';
import { insertPublishedFlow } from '@/db/testing/flows';
import { flows } from '@/db/schema';
import { flow } from '@/lib/engine/testing/flow-builder';
import { flowSchema } from './types';
import { flowTargets } from '@/db/queries/flow-references';
import { referencedFlowIds, referenceIssues as issuesOf } from './references';
import type { Sql } from '@/db/client';
import type { Flow } from './types';

/** What the publish action does: look the named flows up, then check them. */
const referenceIssues = async (sql: Sql, f: Flow) => issuesOf(f, await flowTargets(sql, referencedFlowIds(f)));

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const caller = (config: Record<string, unknown>, settings = {}) =>
  flowSchema.parse({ ...flow().webhook('t').step('call', 'call-flow', config).chain('t', 'call').build(), settings });

describe('references to other flows', () => {
  it('a published called flow and a pinned version that exists pass', async () => {
    const target = await insertPublishedFlow(t.db, flow().webhook('t').build(), { name: 'Target' });
    expect(await referenceIssues(t.sql, caller({ flowId: target.flowId }))).toEqual([]);
    expect(await referenceIssues(t.sql, caller({ flowId: target.flowId, version: 1 }))).toEqual([]);
  });
  it('a missing flow, a missing version and an unpublished flow are located errors', async () => {
    const target = await insertPublishedFlow(t.db, flow().webhook('t').build(), { name: 'Target' });
    const [draftOnly] = await t.db.insert(flows).values({ name: 'Draft only', draft: flow().webhook('t').build(), webhookKey: randomUUID() }).returning({ id: flows.id });
    expect(await referenceIssues(t.sql, caller({ flowId: randomUUID() }))).toEqual([{ stepId: 'call', field: 'config.flowId', message: 'The called flow does not exist (was it deleted?); pick another' }]);
    expect(await referenceIssues(t.sql, caller({ flowId: target.flowId, version: 9 }))).toEqual([{ stepId: 'call', field: 'config.version', message: '"Target" has no version 9' }]);
    expect(await referenceIssues(t.sql, caller({ flowId: draftOnly!.id }))).toEqual([{ stepId: 'call', field: 'config.flowId', message: '"Draft only" has no published version to run; publish it first' }]);
  });
  it('an error flow that does not exist is reported on the settings', async () => {
    const target = await insertPublishedFlow(t.db, flow().webhook('t').build());
    expect(await referenceIssues(t.sql, caller({ flowId: target.flowId }, { errorFlowId: randomUUID() }))).toEqual([{ field: 'settings.errorFlowId', message: 'The error flow does not exist (was it deleted?)' }]);
  });
});
