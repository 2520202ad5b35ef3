import 'server-only';
import { isSealed, unseal } from '@/lib/crypto/secret-box';
import { StepFailure } from './errors';
import { mapSecretFields, secretValues } from './secret-fields';
import { maskSecretValues } from './secret-masking';
import type { StepDefinition } from './types';
import type { AsyncRunner, RunContext, StepOutcome } from './runtime';

/**
 * Runs an effectful step under the step contract: the secret fields its definition declares are
 * revealed for the runner only (no step unseals its own), and whatever comes back (output,
 * error message, failure details) has those values masked, since it becomes step rows, events,
 * SSE and downloads. The driver and the engine's tests both call this.
 */
export async function callStep(def: Pick<StepDefinition, 'secretFields'>, runner: AsyncRunner, config: unknown, input: unknown, ctx: RunContext): Promise<StepOutcome> {
  const revealed = mapSecretFields(config, def.secretFields, (v) => (isSealed(v) ? unseal(v) : v));
  const secrets = secretValues(revealed, def.secretFields);
  try {
    const out = await runner.run(revealed as never, input, ctx);
    return secrets.length ? { ...out, output: maskSecretValues(out.output, secrets) } : out;
  } catch (err) {
    if (secrets.length && err instanceof Error) {
      err.message = maskSecretValues(err.message, secrets);
      if (err instanceof StepFailure && err.details !== undefined) err.details = maskSecretValues(err.details, secrets);
    }
    throw err;
  }
}
