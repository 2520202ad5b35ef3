import type { FlowInput } from './types';
import { getDefinition } from '@/lib/steps/definitions';

/**
 * What several triggers mean, in words, or null for one. Each run starts at one trigger and goes
 * only through the steps it leads to: a webhook call at the (first) webhook trigger, a schedule at
 * its own step, the editor's Run and the API at the first trigger.
 */
export function triggerHint(doc: FlowInput): string | null {
  const triggers = doc.steps.filter((s) => getDefinition(s.type)?.effect === 'trigger');
  if (triggers.length < 2) return null;
  const name = (s: (typeof triggers)[number]) => `"${s.name || s.id}"`;
  const hook = triggers.find((s) => s.type === 'webhook-trigger');
  const schedules = triggers.filter((s) => s.type === 'schedule-trigger');
  const parts = [
    hook ? `a webhook call starts at ${name(hook)}` : null,
    schedules.length ? `${schedules.map(name).join(' and ')} start${schedules.length === 1 ? 's' : ''} runs on ${schedules.length === 1 ? 'its' : 'their'} schedule` : null,
    `Run in the editor and the API start at ${name(triggers[0]!)}`,
  ].filter(Boolean);
  return `This flow has ${triggers.length} triggers. Each run starts at one of them and goes only through the steps it leads to: ${parts.join('; ')}.`;
}
