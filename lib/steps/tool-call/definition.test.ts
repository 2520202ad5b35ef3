import { describe, expect, it } from 'vitest';
import { flow } from '@/lib/engine/testing/flow-builder';
import { prepareFlow } from '@/lib/workflow/prepare';

const TOOL = '11111111-1111-4111-8111-111111111111';
const OUTPUT = { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] };

const withNext = (nextInput: Record<string, unknown>) =>
  flow()
    .webhook('t')
    .step('call', 'tool-call', { toolId: TOOL, version: 2, input: { id: '{{ trigger.body.id }}' }, outputSchema: OUTPUT })
    .step('next', 'transform', { assignments: [] }, { contract: { input: nextInput } })
    .chain('t', 'call', 'next')
    .build();

describe('Tool call step', () => {
  it("takes its output contract from the tool, so a following step's contract is checked against it", () => {
    expect(prepareFlow(withNext({ type: 'object', required: ['total'], properties: { total: { type: 'number' } } })).ok).toBe(true);
    const bad = prepareFlow(withNext({ type: 'object', required: ['name'] }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((i) => i.message).join('\n')).toContain('"name" is required here');
  });

  it('keeps the copied JSON Schemas literal (not expressions) and the version pinned or "latest"', () => {
    const r = prepareFlow(withNext({}));
    expect(r.ok && r.prepared.steps.get('call')!.compiled.evaluate({ input: null, steps: {}, trigger: { body: { id: 'a' } }, run: { id: 'r', startedAt: '' }, now: '' } as never)).toMatchObject({ version: 2, input: { id: 'a' }, outputSchema: OUTPUT });
    const wrong = prepareFlow(flow().webhook('t').step('call', 'tool-call', { toolId: 'nope', version: 0 }).chain('t', 'call').build());
    expect(!wrong.ok && wrong.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['config.toolId', 'config.version']));
  });
});
