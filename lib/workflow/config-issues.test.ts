import { describe, expect, it } from 'vitest';
import { prepareFlow } from './prepare';
import { getDefinition } from '@/lib/steps/definitions';

const issuesOf = (type: string, config: Record<string, unknown>) => {
  const r = prepareFlow({ version: 1, steps: [{ id: 't', type: 'manual-trigger', config: {} }, { id: 'x', type, config }], edges: [{ from: 't', to: 'x', port: 'out' }] });
  return r.ok ? [] : r.issues.map((i) => i.message);
};

describe('config problems name the field and what it needs', () => {
  it('a cleared Wait duration', () => {
    expect(issuesOf('delay', { ms: null })).toEqual(['Duration (ms): needs a number']);
    expect(issuesOf('http-request', { url: undefined })).toEqual(['URL: Enter the URL to call']);
    expect(issuesOf('switch', { value: 1, cases: undefined, extra: 1 })).toEqual([]);
    expect(issuesOf('delay', { ms: -5 })).toEqual(['Duration (ms): needs a number of at least 0']);
  });
  it('a Switch without cases', () => {
    expect(issuesOf('switch', { value: '{{ input.kind }}', cases: [] })).toEqual(['Cases: Add at least one case']);
    expect(issuesOf('switch', { value: '{{ input.kind }}', cases: [{ port: 'a b', equals: 1 }] })).toEqual(['Cases, item 1, port: Case names use letters, digits, _ or -']);
  });
  it('a wrong kind of value', () => {
    expect(issuesOf('code', { code: 'return 1', timeoutMs: 'soon' })).toEqual(['Timeout (ms): needs a number']);
    expect(issuesOf('http-request', { url: 'http://x', method: 'FETCH' })).toEqual(['Method: choose one of GET, POST, PUT, PATCH, DELETE, HEAD']);
  });
  it('never shows zod\'s generic wording for any type\'s empty config', () => {
    for (const type of ['switch', 'delay', 'http-request', 'condition', 'code', 'call-flow', 'transform', 'respond', 'merge', 'output']) {
      for (const m of issuesOf(type, {})) expect(m).not.toMatch(/Invalid input|expected|received/);
    }
  });
});

describe('new steps start from defaults where one is obvious', () => {
  it('Wait 1000 ms; Switch one empty case', () => {
    expect(getDefinition('delay')!.configSchema.parse({})).toEqual({ ms: 1000 });
    expect(getDefinition('switch')!.configSchema.parse({})).toMatchObject({ cases: [{ port: 'case_1' }] });
    expect(issuesOf('delay', getDefinition('delay')!.configSchema.parse({}) as Record<string, unknown>)).toEqual([]);
    expect(issuesOf('switch', getDefinition('switch')!.configSchema.parse({}) as Record<string, unknown>)).toEqual([]);
  });
});
