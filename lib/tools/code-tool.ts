import 'server-only';
import { code } from '@/lib/steps/code/definition';
import { runInSandbox } from '@/lib/steps/code/sandbox-pool';
import { NonRetriableError } from '@/lib/steps/errors';
import type { CodeToolRunner } from './types';

/**
 * A `code` tool runs on the code step's sandbox (QuickJS on a worker thread: no network, files
 * or Node APIs) with the code step's default limits, read from its schema so the two never
 * drift. `source` is a function body that reads `input` and returns a JSON value; a thrown error,
 * the time limit and the memory limit come back as the code step's failure kinds.
 */
export const runCodeTool: CodeToolRunner = async ({ source, input, signal }) => {
  const parsed = code.configSchema.safeParse({ code: source });
  if (!parsed.success) throw new NonRetriableError(`Code tool: ${parsed.error.issues[0]?.message ?? 'the code is not usable'}`);
  if (signal.aborted) throw new NonRetriableError('Code tool: cancelled before it started');
  const { timeoutMs, memoryMb } = parsed.data;
  const { output } = await runInSandbox(parsed.data.code, input, { timeoutMs, memoryMb, signal });
  return output;
};
