import { describe, expect, it } from 'vitest';
import { completeToken, scopePaths } from './completions';
import { flow } from '@/lib/engine/testing/flow-builder';

const doc = flow()
  .webhook('t', { bodySchema: { type: 'object', properties: { email: { type: 'string' }, address: { type: 'object', properties: { city: { type: 'string' } } } } } })
  .set('kyc', { score: 1 }, { contract: { output: { type: 'object', properties: { score: { type: 'number' } } } } })
  .set('decide', {})
  .set('elsewhere', {})
  .chain('t', 'kyc', 'decide')
  .edge('t', 'elsewhere')
  .build();

describe('what an expression may read', () => {
  const paths = scopePaths(doc, 'decide', { decide: { score: 0.4, tags: ['a'] }, kyc: { email: 'a@b.c', plan: 'pro' } });
  const has = (p: string) => paths.some((x) => x.path === p);
  it('offers upstream outputs and trigger fields from declared schemas', () => {
    expect(has('steps.kyc.output.score')).toBe(true);
    expect(has('trigger.body.address.city')).toBe(true);
  });
  it('offers paths seen in the last run', () => {
    expect(paths.find((p) => p.path === 'input.tags')?.detail).toBe('list (last run)');
    expect(has('trigger.body.plan')).toBe(true); // kyc's last input is the trigger's output
  });
  it('never offers steps that are not upstream', () => {
    expect(paths.some((p) => p.path.startsWith('steps.elsewhere'))).toBe(false);
    expect(paths.some((p) => p.path.startsWith('steps.decide'))).toBe(false);
  });
  it('completes the segment being typed', () => {
    expect(completeToken('steps.kyc.output.sc', paths)).toEqual({ from: 17, options: [{ path: 'score', detail: 'number' }] });
    expect(completeToken('trigger.body.add', paths).options.map((o) => o.path)).toEqual(['address']);
    expect(completeToken('st', paths).options).toEqual(expect.arrayContaining([{ path: 'steps', detail: 'object' }, { path: 'startsWith()', detail: 'function' }]));
  });
});
