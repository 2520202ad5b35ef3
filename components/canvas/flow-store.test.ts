import { beforeEach, describe, expect, it } from 'vitest';
import { edgeKey, newStepId, useFlowStore } from './flow-store';
import { flow } from '@/lib/engine/testing/flow-builder';

const store = () => useFlowStore.getState();
const ids = () => store().doc.steps.map((s) => s.id);
const step = (id: string) => ({ id, type: 'transform', config: { assignments: [] } }) as never;

beforeEach(() => store().load(flow().webhook('t').build()));

describe('the flow store: undo and redo', () => {
  it('undoes and redoes changes in order, bumping the version autosave watches each time', () => {
    store().addStep(step('a'));
    store().addStep(step('b'));
    expect(ids()).toEqual(['t', 'a', 'b']);
    const v = store().version;
    store().undo();
    expect(ids()).toEqual(['t', 'a']);
    store().undo();
    expect(ids()).toEqual(['t']);
    store().redo();
    expect(ids()).toEqual(['t', 'a']);
    store().redo();
    expect(ids()).toEqual(['t', 'a', 'b']);
    expect(store().version).toBe(v + 4);
  });

  it('a new change after an undo drops the redo branch', () => {
    store().addStep(step('a'));
    store().undo();
    store().addStep(step('c'));
    store().redo();
    expect(ids()).toEqual(['t', 'c']);
    expect(store().future).toEqual([]);
  });

  it('undo and redo with nothing to go back or forward to change nothing', () => {
    const before = { doc: store().doc, version: store().version };
    store().undo();
    store().redo();
    expect({ doc: store().doc, version: store().version }).toEqual(before);
  });

  it('unrecorded changes (e.g. dragging) are not undo steps; no-op changes are not changes', () => {
    store().addStep(step('a'));
    store().change((d) => ({ ...d, steps: d.steps.map((s) => (s.id === 'a' ? { ...s, position: { x: 5, y: 5 } } : s)) }), { record: false });
    const v = store().version;
    store().change((d) => d);
    expect(store().version).toBe(v);
    store().undo();
    expect(ids()).toEqual(['t']);
  });

  it('keeps at most 100 steps of history', () => {
    for (let i = 0; i < 120; i++) store().addStep(step(`s${i}`));
    expect(store().past).toHaveLength(100);
    for (let i = 0; i < 150; i++) store().undo();
    expect(ids()).toHaveLength(1 + 20);
  });

  it('removing a step removes its edges, and undo brings both back; load clears history', () => {
    store().addStep(step('a'));
    store().addEdge({ from: 't', to: 'a' });
    store().removeSteps(['a']);
    expect(store().doc.edges).toEqual([]);
    store().undo();
    expect(store().doc.edges.map(edgeKey)).toEqual(['t:out->a']);
    store().load(flow().webhook('x').build());
    expect([store().past, store().future, store().version]).toEqual([[], [], 0]);
  });
});

describe('newStepId', () => {
  it('numbers ids per type, skipping taken ones', () => {
    const doc = flow().webhook('t').set('transform_1', {}).build();
    expect(newStepId(doc, 'transform')).toBe('transform_2');
    expect(newStepId(doc, 'http-request')).toBe('http_request_1');
  });
});
