import { addUsage, type StepUsage } from '../usage';
import type { ModelResult } from '../runtime';

/** What all of a step's model calls used together (samples, a router's call). */
export const totalUsage = (results: ModelResult[]): StepUsage | undefined =>
  results.reduce<StepUsage | undefined>((acc, r) => addUsage(acc, r.usage), undefined);
