import fc from 'fast-check';
import { anyJson, contentType, idLike, oddString, rawBody, rawText } from './inputs';

/** One request to send. `action` marks a server action call (answered in React's flight format). */
export type Shot = { method: string; path: string; headers: Record<string, string>; body?: Buffer; action?: boolean };

/** What the runner set up on the server under test, for the generators to aim at. */
export type Target = {
  base: string;
  cookie: string;
  apiToken: string;
  webhookKeys: string[];
  flowIds: string[];
  runIds: string[];
  scratchFlowId: string;
  actionIds: Record<string, string>;
};

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
/** Arguments as React's client encodes them: a string starting with `$` is escaped as `$$…`. */
const encodeArgs = (v: unknown): unknown =>
  typeof v === 'string' ? (v.startsWith('$') ? `$${v}` : v) : Array.isArray(v) ? v.map(encodeArgs) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeArgs(x)])) : v;
/** URL-encodes any string, lone surrogates included (as U+FFFD, which is what a browser sends). */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/**
 * A server action call as the browser makes it, then spoiled in one of many ways: arguments of
 * any shape, bodies that are not the encoding React expects, wrong content types, a missing or
 * foreign Origin, a forged forwarded host, a broken router-state header, an unknown action id.
 */
function actionShot(t: Target, page: string, name: string, args: fc.Arbitrary<unknown>, signedIn: boolean): fc.Arbitrary<Shot> {
  const good = (extra: Record<string, string> = {}): Record<string, string> => ({
    'next-action': t.actionIds[name]!,
    origin: t.base,
    'content-type': 'text/plain;charset=UTF-8',
    accept: 'text/x-component',
    ...(signedIn ? { cookie: t.cookie } : {}),
    ...extra,
  });
  const shot = (headers: Record<string, string>, body: Buffer): Shot => ({ method: 'POST', path: page, headers, body, action: true });
  return fc.oneof(
    { weight: 10, arbitrary: args.map((a) => shot(good(), json([encodeArgs(a)]))) },
    { weight: 2, arbitrary: fc.array(anyJson, { maxLength: 3 }).map((a) => shot(good(), json(encodeArgs(a)))) },
    { weight: 3, arbitrary: rawBody.map((b) => shot(good(), b)) },
    { weight: 1, arbitrary: fc.tuple(args, contentType).map(([a, ct]) => shot(good({ 'content-type': ct }), json([a]))) },
    { weight: 1, arbitrary: args.map((a) => { const h = good(); delete h.origin; return shot(h, json([a])); }) },
    { weight: 1, arbitrary: args.map((a) => shot(good({ origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }), json([a]))) },
    { weight: 1, arbitrary: fc.tuple(args, oddString).map(([a, s]) => shot(good({ 'next-router-state-tree': enc(s) }), json([a]))) },
    { weight: 1, arbitrary: fc.tuple(args, fc.oneof(fc.stringMatching(/^[0-9a-f]{40,42}$/), fc.string({ maxLength: 50 }))).map(([a, id]) => shot(good({ 'next-action': id.replace(/[^\x21-\x7e]/g, '') || 'x' }), json([a]))) },
  );
}

const email = fc.oneof(fc.emailAddress(), fc.constantFrom('analyst@example.com', 'admin@example.com', 'nobody@example.com'), oddString);
const password = fc.oneof(fc.constantFrom('baton-demo', 'wrong-password'), oddString);

/** A flow document near a valid one: a transform's expression and a code step's source are the hostile parts. */
export const draftWith = (expression: string, code: string, extra: unknown) => ({
  version: 1,
  steps: [
    { id: 'start', type: 'manual-trigger', name: 'Start', config: {}, position: { x: 0, y: 0 } },
    { id: 'set', type: 'transform', name: 'Set', config: { assignments: [{ name: 'v', value: expression }], keepInput: true }, position: { x: 200, y: 0 } },
    { id: 'code', type: 'code', name: 'Code', config: { code, timeoutMs: 200, memoryMb: 16 }, position: { x: 400, y: 0 } },
    ...(extra === undefined ? [] : [extra]),
  ],
  edges: [{ from: 'start', to: 'set', port: 'out' }, { from: 'set', to: 'code', port: 'out' }],
});
const expression = fc.oneof(oddString, fc.string({ maxLength: 30 }).map((s) => `{{ ${s} }}`), fc.constantFrom('{{ input.count + 1 }}', '{{ steps.nope.output }}', '{{ constructor.constructor("return process")() }}', '{{ '.repeat(50), '{{ ((((((((((1)))))))))) }}'));
const code = fc.oneof(oddString, fc.constantFrom('return input', 'while(true){}', 'return globalThis', 'throw new Error("x")', 'return "x".repeat(1e8)', 'let a=[];for(;;)a.push(a)', 'return import("fs")', 'return require("child_process")'));

export function entryPoints(t: Target): Record<string, fc.Arbitrary<Shot>> {
  const flowId = idLike(t.flowIds);
  const runId = idLike(t.runIds);
  const headerSets = fc.record({ auth: fc.constantFrom('good', 'good', 'good', 'good', 'garbage', 'none'), ct: contentType });
  const apiHeaders = (h: { auth: string; ct: string }): Record<string, string> => ({
    ...(h.auth === 'good' ? { authorization: `Bearer ${t.apiToken}` } : h.auth === 'garbage' ? { authorization: 'Bearer btn_nope' } : {}),
    ...(h.ct ? { 'content-type': h.ct } : {}),
  });
  const apiPath = fc.oneof(
    fc.tuple(fc.dictionary(fc.constantFrom('limit', 'status', 'flowId', 'cursor', 'before', 'x'), oddString, { maxKeys: 3 })).map(([q]) => `/api/v1/runs?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, v.replace(/[\ud800-\udfff]/g, '')]))}`),
    runId.map((id) => `/api/v1/runs/${enc(id)}`),
    runId.map((id) => `/api/v1/runs/${enc(id)}/cancel`),
    flowId.map((id) => `/api/v1/flows/${enc(id)}/runs`),
    fc.uuid().map((id) => `/api/v1/reviews/${id}/resolve`),
    fc.string({ maxLength: 20 }).map((s) => `/api/v1/${enc(s)}`),
  );
  const apiBody = fc.oneof(
    fc.record({ input: anyJson, test: fc.oneof(fc.boolean(), anyJson) }, { requiredKeys: [] }).map(json),
    fc.record({ decision: fc.oneof(fc.constantFrom('approve', 'reject'), oddString), comment: oddString }, { requiredKeys: [] }).map(json),
    rawBody,
  );

  return {
    webhooks: fc.record({ m: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE'), key: fc.oneof(fc.constantFrom(...t.webhookKeys), fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/)), test: fc.boolean(), ct: contentType, body: rawBody, q: oddString }).map(
      (s) => ({ method: s.m, path: `/api/hooks/${s.key}${s.test ? '/test' : ''}?q=${enc(s.q)}`, headers: (s.ct ? { 'content-type': s.ct } : {}) as Record<string, string>, body: s.m === 'GET' ? undefined : s.body }),
    ),
    'api-v1': fc.record({ m: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE'), path: apiPath, h: headerSets, body: apiBody }).map((s) => ({ method: s.m, path: s.path, headers: apiHeaders(s.h), body: s.m === 'GET' ? undefined : s.body })),
    'sign-in': fc.oneof(
      { weight: 4, arbitrary: actionShot(t, '/sign-in', 'signInWithPassword', fc.oneof(fc.record({ email, password }), anyJson), false) },
      {
        weight: 1,
        arbitrary: fc.dictionary(fc.constantFrom('email', 'password', 'csrfToken', 'callbackUrl', 'redirect'), oddString, { maxKeys: 5 }).map((form) => ({
          method: 'POST',
          path: '/api/auth/callback/credentials',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.base },
          body: Buffer.from(new URLSearchParams(form as Record<string, string>).toString()),
        })),
      },
    ),
    'analyst-actions': fc.oneof(
      actionShot(t, '/flows', 'renameFlow', fc.oneof(fc.record({ flowId, name: oddString, tags: fc.array(oddString, { maxLength: 12 }) }, { requiredKeys: ['flowId'] }), anyJson), true),
      actionShot(t, '/flows', 'setFlowActive', fc.oneof(fc.record({ flowId, active: fc.oneof(fc.boolean(), anyJson) }), anyJson), true),
      actionShot(t, '/runs', 'cancelRunNow', fc.oneof(fc.record({ runId }), anyJson), true),
    ),
    'flow-import': actionShot(
      t,
      '/flows',
      'importFlow',
      fc.record({
        name: fc.oneof(fc.constant('Imported by the hostile suite'), oddString),
        document: fc.oneof(
          fc.constantFrom('{{ input }}', '{{ input.count + 1 }}', 'plain text').map((e) => JSON.stringify({ definition: draftWith(e, 'return input', undefined) })),
          fc.tuple(expression, code, anyJson).map(([e, c, x]) => JSON.stringify({ definition: draftWith(e, c, x) })),
          anyJson.map((v) => JSON.stringify(v)),
          rawText,
        ),
      }),
      true,
    ),
    'expressions-and-code': fc.oneof(
      { weight: 3, arbitrary: actionShot(t, `/flows/${t.scratchFlowId}`, 'saveFlowDraft', fc.record({ flowId: fc.constant(t.scratchFlowId), draft: fc.tuple(expression, code, fc.option(anyJson)).map(([e, c, x]) => draftWith(e, c, x ?? undefined)), revision: fc.constant('force') }), true) },
      { weight: 1, arbitrary: actionShot(t, `/flows/${t.scratchFlowId}`, 'startTestRun', fc.record({ flowId: fc.constant(t.scratchFlowId), input: anyJson }), true) },
      { weight: 1, arbitrary: actionShot(t, `/flows/${t.scratchFlowId}`, 'runUpToStep', fc.record({ flowId: fc.constant(t.scratchFlowId), stepId: fc.oneof(fc.constantFrom('set', 'code'), oddString), input: anyJson }), true) },
    ),
  };
}

