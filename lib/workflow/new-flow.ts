import type { FlowInput } from './types';

/** A new flow starts with a manual trigger, like n8n's "add first step". */
export const emptyFlow = (): FlowInput => ({
  version: 1,
  steps: [{ id: 'start', type: 'manual-trigger', name: 'Start', config: {}, position: { x: 80, y: 160 } }],
  edges: [],
});
