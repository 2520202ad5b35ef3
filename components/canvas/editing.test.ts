import { describe, expect, it, beforeEach } from 'vitest';
import { autoLayout } from './auto-layout';
import { pasteInto, type Clip } from './clipboard';
import { flow } from '@/lib/engine/testing/flow-builder';

describe('autoLayout', () => {
  it('puts each step one column after its deepest predecessor', () => {
    const doc = flow().webhook('t').set('a', {}).set('b', {}).set('c', {}).chain('t', 'a', 'c').edge('t', 'b').edge('b', 'c').build();
    const pos = Object.fromEntries(autoLayout(doc).steps.map((s) => [s.id, s.position]));
    expect(pos.t!.x).toBeLessThan(pos.a!.x);
    expect(pos.a!.x).toBe(pos.b!.x);
    expect(pos.c!.x).toBeGreaterThan(pos.a!.x);
    expect(pos.a!.y).not.toBe(pos.b!.y);
  });
});

describe('pasteInto', () => {
  beforeEach(() => undefined);
  it('gives pasted steps fresh ids and keeps their connections among themselves', () => {
    const doc = flow().webhook('t').set('a', {}).set('b', {}).chain('t', 'a', 'b').build();
    const clip: Clip = { steps: doc.steps.filter((s) => s.id !== 't'), edges: doc.edges.filter((e) => e.from !== 't') };
    const once = pasteInto(doc, clip);
    const twice = pasteInto(once.doc, clip);
    expect(once.ids).toEqual(['a_copy', 'b_copy']);
    expect(twice.ids).toEqual(['a_copy2', 'b_copy2']);
    expect(twice.doc.edges.filter((e) => e.from === 'a_copy2')).toEqual([{ from: 'a_copy2', to: 'b_copy2', port: 'out' }]);
    expect(new Set(twice.doc.steps.map((s) => s.id)).size).toBe(twice.doc.steps.length);
  });
});
