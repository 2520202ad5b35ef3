import { z } from 'zod';
import { reviewDecisionSchema } from '@/lib/engine/review-decision';
import { AGES, ASSIGNED, KINDS, PRIORITIES, TASK_STATUSES } from '@/lib/inbox/filters';

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
    info: { title: 'Baton API', version: '1', description: 'Start, watch, cancel runs; list waiting runs; list, claim and decide review tasks. Authenticate with a personal API token (Settings → API tokens) as `Authorization: Bearer <token>`; each token carries scopes, and the owner\'s roles still apply.' },
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
      '/api/v1/runs/waiting': { get: { summary: 'List runs waiting on a person or a timer, with their open review task ids (scope runs:read)', security: bearer, parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 200 } }], responses: { 200: { description: '{ runs: [{ id, flowId, flowName, startedAt, openReviewTasks }] }' }, 400: error, 401: error } } },
      '/api/v1/reviews': {
        get: {
          summary: 'List review tasks, soonest deadline first (scope reviews:read)',
          security: bearer,
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: [...TASK_STATUSES], default: 'open' } },
            { name: 'assigned', in: 'query', schema: { type: 'string', enum: [...ASSIGNED], default: 'anyone' } },
            { name: 'flow', in: 'query', schema: { type: 'string', format: 'uuid' } },
            { name: 'kind', in: 'query', schema: { type: 'string', enum: [...KINDS] } },
            { name: 'priority', in: 'query', schema: { type: 'string', enum: [...PRIORITIES] } },
            { name: 'age', in: 'query', description: 'Only tasks older than this', schema: { type: 'string', enum: [...AGES] } },
            { name: 'reason', in: 'query', schema: { type: 'string' } },
            { name: 'q', in: 'query', description: 'Search flow name, step, reason, or an exact run id', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 200, default: 50 } },
          ],
          responses: { 200: { description: '{ tasks }' }, 401: error, 403: error },
        },
      },
      '/api/v1/reviews/{id}/claim': { post: { summary: 'Claim a review task: only its holder then decides it (scope reviews:write)', security: bearer, parameters: [id('id')], responses: { 200: { description: 'Claimed' }, 401: error, 404: error, 409: error } } },
      '/api/v1/reviews/{id}/release': { post: { summary: 'Release a claimed task (its holder, or an admin) (scope reviews:write)', security: bearer, parameters: [id('id')], responses: { 200: { description: 'Released' }, 401: error, 409: error } } },
      '/api/v1/reviews/{id}/resolve': {
        post: {
          summary: 'Decide a review task: approve, reject, edit (checked against the step output contract), branch, fail (scope reviews:write)',
          security: bearer,
          parameters: [id('id')],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Decision' } } } },
          responses: { 200: { description: '{ status: "resolved" } (the run resumes) or { status: "approval-recorded", approvals, required } (N of M)' }, 400: error, 401: error, 404: error, 409: { description: 'Already decided, expired, run no longer waiting, held by someone else, or self-approval: nothing changed', content: error.content } },
        },
      },
    },
  };
}
