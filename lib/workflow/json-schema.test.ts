import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { flowJsonSchema } from './json-schema';
import { exampleFlows } from './examples';

const EXAMPLES = exampleFlows({ demoApiUrl: 'http://127.0.0.1:3010' });

// The test only reads the file; `npm run schema:write` is the one writer.
const FILE = 'docs/flow-format.schema.json';
const text = readFileSync(FILE, 'utf8');

describe(FILE, () => {
  it('matches the flow schema in code (regenerate with npm run schema:write)', () => {
    expect(text).toBe(JSON.stringify(flowJsonSchema(), null, 2) + '\n');
  });

  it('as a JSON Schema validator reads the file, accepts every example flow and rejects broken documents', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(text));
    for (const ex of EXAMPLES) expect(validate(ex.definition), `${ex.slug}: ${JSON.stringify(validate.errors)}`).toBe(true);
    const w1 = EXAMPLES[0]!.definition;
    expect(validate({ ...w1, version: 2 })).toBe(false);
    expect(validate({ ...w1, steps: [{ id: 'x' }] })).toBe(false);
    expect(validate({ ...w1, edges: 'none' })).toBe(false);
  });
});
