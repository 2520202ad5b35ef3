import 'server-only';
import type { ToolKind } from '@/db/schema';
import type { ToolVersionRow } from '@/db/queries/tools';
import { schemaErrors } from '@/lib/runs/schema-check';
import { ContractError, NonRetriableError, StepFailure, StepTimeoutError } from '@/lib/steps/errors';
import { maskSecretValues } from '@/lib/steps/secret-masking';
import type { HttpPort } from '@/lib/steps/runtime';
import type { SentRequest, ToolDeps, ToolKindRunner } from './kind';
import { TOOL_KIND_RUNNERS } from './kinds';

/** A version ready to call: loaded once per (id, version) and kept, since versions never change. */
export type LoadedTool = { id: string; name: string; kind: ToolKind; version: ToolVersionRow };

export type ContractSide = 'input' | 'output';
export type ContractProblem = { path: string; message: string };

/** Checks one side of a tool's contract; a mismatch is a ContractError naming each JSON path and reason. */
export function checkToolContract(tool: LoadedTool, side: ContractSide, value: unknown): void {
  const problems = contractProblems(tool, side, value);
  if (!problems.length) return;
  const where = (p: ContractProblem) => `${side}${p.path ? `.${p.path}` : ''} ${p.message}`;
  throw Object.assign(new ContractError(`Tool "${tool.name}" v${tool.version.version}: ${side} does not match its contract: ${problems.map(where).join('; ')}`), {
    details: { side, problems },
  });
}

export function contractProblems(tool: LoadedTool, side: ContractSide, value: unknown): ContractProblem[] {
  return schemaErrors(side === 'input' ? tool.version.inputSchema : tool.version.outputSchema, value);
}

export type InvokeContext = { signal: AbortSignal; http: HttpPort; idempotencyKey: string; onRequest?: (r: SentRequest) => void };

/**
 * One call of a tool version: input checked against its contract, the kind's call under the
 * version's timeout, output checked after. Every secret the call put on the wire (a credential's
 * values) is masked in the output, in errors and in the request handed to `onRequest`, since
 * all of those are recorded or shown.
 */
export async function invokeTool(tool: LoadedTool, input: unknown, ctx: InvokeContext, deps: ToolDeps): Promise<unknown> {
  const secrets: string[] = [];
  const mask = <T>(v: T) => maskSecretValues(v, secrets);
  try {
    checkToolContract(tool, 'input', input);
    const kind: ToolKindRunner | undefined = TOOL_KIND_RUNNERS[tool.kind];
    if (!kind) throw new NonRetriableError(`Tool "${tool.name}" has an unknown kind "${tool.kind}"`);
    const parsed = kind.configSchema.safeParse(tool.version.config);
    if (!parsed.success) throw new NonRetriableError(`Tool "${tool.name}" v${tool.version.version} has an invalid configuration: ${parsed.error.issues[0]?.message}`);
    const timeoutMs = tool.version.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([ctx.signal, deadline]);
    const onRequest = ctx.onRequest && ((r: SentRequest) => ctx.onRequest!(mask(r)));
    const call = kind.run(parsed.data, input, { toolId: tool.id, signal, http: ctx.http, idempotencyKey: ctx.idempotencyKey, timeoutMs, deps, secrets, onRequest });
    const output = mask(await untilAborted(call, signal, () => (deadline.aborted ? new StepTimeoutError(`Tool "${tool.name}" took longer than ${timeoutMs} ms`) : new StepFailure('Cancelled'))));
    checkToolContract(tool, 'output', output);
    return output;
  } catch (err) {
    if (secrets.length && err instanceof Error) {
      err.message = mask(err.message);
      if (err instanceof StepFailure && err.details !== undefined) err.details = mask(err.details);
    }
    throw err;
  }
}

/** Code and built-in kinds may not watch their signal: the call ends at the deadline either way. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal, reason: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
