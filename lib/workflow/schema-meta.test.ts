import { describe, expect, it } from 'vitest';
import { schemaMetaProblem } from './schema-meta';

describe('checking a schema someone typed', () => {
  it('accepts a JSON Schema', () => {
    expect(schemaMetaProblem({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] })).toBeNull();
  });
  it('refuses what is not one, saying where', () => {
    expect(schemaMetaProblem({ type: 'text' })).toMatch(/^Not a valid JSON Schema: schema\/type/);
    expect(schemaMetaProblem({ required: 'n' })).toMatch(/^Not a valid JSON Schema: schema\/required must be array/);
    expect(schemaMetaProblem([1])).toMatch(/^A schema is a JSON object/);
    expect(schemaMetaProblem({ $ref: '#/definitions/missing' })).toMatch(/^This schema cannot be used/);
  });
});
