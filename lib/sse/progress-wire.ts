import { z } from 'zod';

/**
 * One batch of a running step's live output, as it travels on PROGRESS_CHANNEL and on the SSE
 * stream (`event: progress`). `seq` increases with every message the sending process sends, so a
 * viewer keeps an attempt's batches in order; a higher `attempt` replaces the text shown. Shared by server and browser.
 */
export const progressMessage = z.object({
  runId: z.string(),
  stepId: z.string(),
  attempt: z.number().int(),
  seq: z.number().int(),
  text: z.string().optional(),
  notes: z.array(z.string()).optional(),
});
export type ProgressMessage = z.infer<typeof progressMessage>;

/** Null for anything malformed: progress is best effort and never breaks a viewer. */
export function decodeProgress(raw: string): ProgressMessage | null {
  try {
    const parsed = progressMessage.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
