import { z } from 'zod';
import { Cron } from 'croner';
import { defineStep } from '../types';

/** Parses a cron pattern the way the scheduler will, so the editor and validator agree. */
export function cronProblem(pattern: string, timezone: string): string | null {
  try {
    new Cron(pattern, { timezone, paused: true });
    return null;
  } catch (e) {
    return `Not a valid schedule: ${(e as Error).message}`;
  }
}

export const scheduleTrigger = defineStep({
  type: 'schedule-trigger',
  label: 'Schedule',
  category: 'Triggers',
  description: 'Starts the active published version on a cron schedule (e.g. "0 9 * * 1-5" at 09:00 on weekdays).',
  effect: 'trigger',
  configSchema: z
    .object({
      cron: z.string({ error: 'Enter a cron pattern, e.g. 0 9 * * *' }).min(1, 'Enter a cron pattern, e.g. 0 9 * * *'),
      timezone: z.string().default('UTC'),
      /** After downtime: "once" runs one catch-up for the fires missed; "skip" runs none. */
      missed: z.enum(['once', 'skip']).default('once'),
    })
    .superRefine((c, ctx) => {
      const problem = cronProblem(c.cron, c.timezone);
      if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
    }),
  fields: { cron: { label: 'Cron pattern', example: '0 9 * * 1-5' }, timezone: { label: 'Time zone' }, missed: { label: 'After downtime' } },
  ports: () => ['out'],
  join: 'none',
});
