import { z } from 'zod';
import { flowSchema } from './types';

/** The flow format as JSON Schema (docs/flow-format.schema.json is generated from this). */
export function flowJsonSchema(): unknown {
  return { $id: 'https://baton.dev/schemas/flow-v1.json', title: 'Baton flow document, format version 1', ...z.toJSONSchema(flowSchema, { io: 'input' }) };
}
