import { z } from 'zod';
import { schemaShapeProblems } from '@/lib/workflow/contracts';
import { builtinToolConfigSchema, codeToolConfigSchema, httpToolConfigSchema } from './config';

export const ROLES_THAT_PLACE = ['analyst', 'admin', 'reviewer'] as const;

/** A JSON Schema typed in a form: parsed from text when it is text, checked for shape. */
const jsonSchemaField = z.preprocess(
  (v, ctx) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v || '{}');
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `Not valid JSON: ${(err as Error).message}` });
      return z.NEVER;
    }
  },
  z.record(z.string(), z.unknown()).superRefine((s, ctx) => {
    for (const m of schemaShapeProblems(s)) ctx.addIssue({ code: 'custom', message: `The schema ${m}` });
  }),
);

const governance = {
  name: z.string().trim().min(1, 'Enter a name').max(80, 'At most 80 characters').regex(/^[\w .:-]+$/, 'Letters, digits, spaces and . _ : - only'),
  description: z.string().trim().max(2000).default(''),
  category: z.string().trim().min(1, 'Enter a category').max(40).default('General'),
  accessRoles: z.array(z.enum(ROLES_THAT_PLACE)).default(['analyst']),
  approval: z.enum(['auto', 'needs_approval', 'deny']).default('auto'),
  inputSchema: jsonSchemaField,
  outputSchema: jsonSchemaField,
  timeoutMs: z.coerce.number().int('Whole milliseconds').min(100, 'At least 100 ms').max(300_000, 'At most 300000 ms (5 minutes)').default(30_000),
  retry: z
    .object({
      maxAttempts: z.coerce.number().int().min(1, 'At least 1').max(10, 'At most 10').default(1),
      initialIntervalMs: z.coerce.number().int().min(0).max(600_000).default(1000),
      backoffCoefficient: z.coerce.number().min(1).max(10).default(2),
    })
    .default({ maxAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 2 }),
};

/** What registering or editing a tool takes (the admin form and the API); one variant per kind. */
export const toolFormSchema = z.discriminatedUnion('kind', [
  z.object({ ...governance, kind: z.literal('http'), config: httpToolConfigSchema }),
  z.object({ ...governance, kind: z.literal('code'), config: codeToolConfigSchema }),
  z.object({ ...governance, kind: z.literal('builtin'), config: builtinToolConfigSchema }),
]);
export type ToolForm = z.infer<typeof toolFormSchema>;
export type ToolFormInput = z.input<typeof toolFormSchema>;
