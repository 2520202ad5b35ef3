import type { FlowIssue } from '@/lib/workflow/prepare';
import type { JsonSchema } from './types';

/** A registry tool as the editor sees it: enough to list, place and check it, never its config. */
export type ToolChoice = {
  id: string;
  name: string;
  description: string;
  category: string;
  latestVersion: number;
  approval: 'auto' | 'needs_approval' | 'deny';
  enabled: boolean;
  /** Whether this user's roles may place it (the palette lists only these). */
  placeable: boolean;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
};

/** The config of a new Tool call step: pinned to the latest version, one empty expression per input field. */
export function toolStepConfig(t: ToolChoice): Record<string, unknown> {
  const props = (t.inputSchema.properties ?? {}) as Record<string, unknown>;
  return { toolId: t.id, version: t.latestVersion, input: Object.fromEntries(Object.keys(props).map((k) => [k, ''])), toolName: t.name, inputSchema: t.inputSchema, outputSchema: t.outputSchema };
}

/** Steps calling a tool that is denied, disabled or gone: the editor flags them before anyone runs the flow. */
export function toolIssues(steps: readonly { id: string; type: string; config?: Record<string, unknown> }[], tools: readonly ToolChoice[]): FlowIssue[] {
  const out: FlowIssue[] = [];
  for (const s of steps) {
    if (s.type !== 'tool-call' || typeof s.config?.toolId !== 'string') continue;
    const t = tools.find((x) => x.id === s.config!.toolId);
    if (!t) out.push({ stepId: s.id, field: 'config.toolId', message: 'This tool no longer exists in the registry' });
    else if (t.approval === 'deny') out.push({ stepId: s.id, field: 'config.toolId', message: `Tool "${t.name}" is denied by its approval rule: every call will be refused` });
    else if (!t.enabled) out.push({ stepId: s.id, field: 'config.toolId', message: `Tool "${t.name}" is disabled by an admin` });
  }
  return out;
}
