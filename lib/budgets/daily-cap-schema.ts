import { z } from 'zod';

const AMOUNT = /^\d{1,7}(\.\d{1,6})?$/;

/**
 * Admin → Models' "Daily cost cap (USD)": an amount above 0, or empty for no cap. Typed as text
 * so a field error can say what to write instead of "expected number".
 */
export const dailyCapInputSchema = z.object({
  capUsd: z
    .string()
    .trim()
    .max(20, 'Enter at most 1000000')
    .refine((v) => v === '' || (AMOUNT.test(v) && Number(v) > 0 && Number(v) <= 1_000_000), 'Enter an amount in USD above 0, e.g. 20 or 5.50 (empty: no cap)'),
});

/** The cap the form means: null for no cap. */
export const dailyCapOf = (input: z.infer<typeof dailyCapInputSchema>): number | null => (input.capUsd === '' ? null : Number(input.capUsd));
