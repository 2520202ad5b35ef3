import { describe, expect, it } from 'vitest';
import { toolIssues, toolStepConfig, type ToolChoice } from './choices';

const tool = (over: Partial<ToolChoice> = {}): ToolChoice => ({
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Greeter',
  description: '',
  category: 'People',
  latestVersion: 3,
  approval: 'auto',
  enabled: true,
  placeable: true,
  inputSchema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } } },
  outputSchema: { type: 'object', properties: { greeting: { type: 'string' } } },
  ...over,
});
const step = (toolId: string) => ({ id: 'call', type: 'tool-call', config: { toolId } });

describe('toolStepConfig', () => {
  it('pins the latest version and has one empty expression per input field, with the contracts copied', () => {
    expect(toolStepConfig(tool())).toEqual({ toolId: tool().id, version: 3, input: { name: '', age: '' }, toolName: 'Greeter', inputSchema: tool().inputSchema, outputSchema: tool().outputSchema });
  });
});

describe('toolIssues', () => {
  it('flags a step whose tool is denied, disabled or gone, and nothing for a usable one', () => {
    const id = tool().id;
    expect(toolIssues([step(id)], [tool()])).toEqual([]);
    expect(toolIssues([step(id)], [tool({ approval: 'deny' })])).toEqual([{ stepId: 'call', field: 'config.toolId', message: 'Tool "Greeter" is denied by its approval rule: every call will be refused' }]);
    expect(toolIssues([step(id)], [tool({ enabled: false })])[0]!.message).toContain('disabled');
    expect(toolIssues([step(id)], [])[0]!.message).toContain('no longer exists');
    expect(toolIssues([{ id: 'x', type: 'http-request', config: { toolId: id } }], [])).toEqual([]);
  });
});
