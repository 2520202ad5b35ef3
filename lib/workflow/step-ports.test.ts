import { describe, expect, it } from 'vitest';
import { danglingPorts, moveEdgesOnPortChange, stepPorts } from './step-ports';

describe('stepPorts', () => {
  it('shows an If step true/false before its condition is written', () => {
    expect(stepPorts({ type: 'condition', config: {} })).toEqual(['true', 'false']);
  });
  it('reads a Switch case list even while one case is incomplete', () => {
    expect(stepPorts({ type: 'switch', config: { cases: [{ port: 'a' }, { port: '' }] } })).toEqual(['a', 'default']);
  });
  it('falls back to "out" for an unknown type', () => {
    expect(stepPorts({ type: 'teleport', config: {} })).toEqual(['out']);
  });
});

describe('moveEdgesOnPortChange', () => {
  const edges = [{ from: 'if', to: 'r', port: 'out' }, { from: 'if', to: 'e', port: 'error' }, { from: 'x', to: 'if', port: 'out' }];
  it('moves "out" to the first new port when one port became several', () => {
    expect(moveEdgesOnPortChange(edges, 'if', ['out'], ['true', 'false'])).toEqual([{ from: 'if', to: 'r', port: 'true' }, edges[1], edges[2]]);
  });
  it('follows a renamed Switch case', () => {
    const sw = [{ from: 's', to: 'a', port: 'small' }, { from: 's', to: 'b', port: 'big' }];
    expect(moveEdgesOnPortChange(sw, 's', ['small', 'big', 'default'], ['small', 'large', 'default'])).toEqual([sw[0], { from: 's', to: 'b', port: 'large' }]);
  });
  it('leaves edges in place when the change is ambiguous or a port simply went away', () => {
    const sw = [{ from: 's', to: 'a', port: 'a' }, { from: 's', to: 'b', port: 'b' }];
    expect(moveEdgesOnPortChange(sw, 's', ['a', 'b', 'default'], ['c', 'd', 'default'])).toBe(sw);
    expect(moveEdgesOnPortChange(sw, 's', ['a', 'b', 'default'], ['a', 'default'])).toBe(sw);
  });
  it('moves an "out" edge of a step that has no "out" port (drawn by an older editor)', () => {
    expect(moveEdgesOnPortChange([{ from: 'if', to: 'r', port: 'out' }], 'if', ['true', 'false'], ['true', 'false'])).toEqual([{ from: 'if', to: 'r', port: 'true' }]);
  });
  it('never makes a duplicate connection', () => {
    const two = [{ from: 'if', to: 'r', port: 'out' }, { from: 'if', to: 'r', port: 'true' }];
    expect(moveEdgesOnPortChange(two, 'if', ['out'], ['true', 'false'])).toEqual(two);
  });
});

describe('danglingPorts', () => {
  it('lists ports the edges use that the step lacks, not "error"', () => {
    expect(danglingPorts([{ from: 's', to: 'a', port: 'b' }, { from: 's', to: 'e', port: 'error' }, { from: 's', to: 'c', port: 'a' }], 's', ['a', 'default'])).toEqual(['b']);
  });
});
