import { z } from 'zod';
import { reviewDecisionSchema } from '@/lib/engine/review-decision';

/** The review decision as JSON Schema, generated from the one zod schema the route validates with. */
function decisionJsonSchema() {
  const { $schema: _s, ...schema } = z.toJSONSchema(reviewDecisionSchema, { io: 'input', unrepresentable: 'any' });
  return schema;
}

/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export function openApiDocument(serverUrl: string) {
  const bearer = [{ bearer: [] }];
  const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
  const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Baton API', version: '1', description: 'Start, watch, cancel runs and resolve reviews. Authenticate with a personal API token (Settings → API tokens) as `Authorization: Bearer <token>`; each token carries scopes, and the owner\'s roles still apply.' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, issues: { type: 'array', items: { type: 'string' } } }, required: ['error'] },
        Decision: decisionJsonSchema(),
      },
    },
    paths: {
      '/api/v1/flows/{id}/runs': { post: { summary: 'Start a run (scope runs:write)', security: bearer, parameters: [id('id')], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { input: {}, test: { type: 'boolean', default: false } } } } } }, responses: { 202: { description: 'Accepted: { runId }' }, 400: error, 401: error, 403: error, 404: error, 409: error } } },
      '/api/v1/runs': { get: { summary: 'List runs (scope runs:read)', security: bearer, parameters: [{ name: 'flowId', in: 'query', schema: { type: 'string' } }, { name: 'status', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 200 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }], responses: { 200: { description: '{ runs, nextCursor }' }, 401: error } } },
      '/api/v1/runs/{id}': { get: { summary: 'Get a run with its step attempts (scope runs:read)', security: bearer, parameters: [id('id')], responses: { 200: { description: 'The run' }, 401: error, 404: error } } },
      '/api/v1/runs/{id}/cancel': { post: { summary: 'Cancel a running or waiting run (scope runs:write)', security: bearer, parameters: [id('id')], responses: { 202: { description: 'Cancelling' }, 401: error, 409: error } } },
      '/api/v1/reviews/{id}/resolve': { post: { summary: 'Resolve a review task (scope reviews:write)', security: bearer, parameters: [id('id')], requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Decision' } } } }, responses: { 200: { description: 'Resolved; the run resumes' }, 401: error, 409: error } } },
    },
  };
}
