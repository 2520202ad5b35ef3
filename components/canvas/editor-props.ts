import type { FlowInput } from '@/lib/workflow/types';
import type { FlowChoice } from './flow-choices';
import type { ToolChoice } from '@/lib/tools/choices';

/** What the flow page hands the editor (and the editor its toolbar): kept apart so neither imports the other. */
export type EditorProps = {
  flowId: string;
  name: string;
  draft: FlowInput;
  revision: number;
  versions: { id: string; number: number; note: string; createdAt: string; changes?: string }[];
  webhook: { production: string; test: string };
  active: boolean;
  /** The workspace's other flows, for the sub-flow and error-flow pickers. */
  flows: FlowChoice[];
  /** The registry's tools: the placeable ones fill the palette; all of them check Tool call steps. */
  tools: ToolChoice[];
};
