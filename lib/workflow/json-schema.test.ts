import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { flowJsonSchema } from './json-schema';

describe('docs/flow-format.schema.json', () => {
  it('matches the flow schema in code (run with UPDATE_SCHEMA=1 to regenerate)', () => {
    const generated = JSON.stringify(flowJsonSchema(), null, 2) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync('docs/flow-format.schema.json', generated);
    expect(readFileSync('docs/flow-format.schema.json', 'utf8')).toBe(generated);
  });
});
