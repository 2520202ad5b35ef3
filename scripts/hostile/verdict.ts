/**
 * What a hostile request may get back. Never ≥ 500. A 4xx says what to fix in a JSON body
 * (`{ error: "…" }`). A server action answers in React's flight format: a result
 * `{ ok: false, error: "…" }` is a form error (refused), `{ ok: true }` or a redirect is accepted.
 */
export type Verdict = { kind: 'accepted' | 'refused' } | { kind: 'bad'; why: string };

export async function judge(res: Response, isAction: boolean): Promise<Verdict> {
  const text = await res.text();
  const head = `${res.status} ${text.slice(0, 160).replace(/\s+/g, ' ')}`;
  if (res.status >= 500) return { kind: 'bad', why: `server error: ${head}` };
  if (res.status >= 400) {
    if (!(res.headers.get('content-type') ?? '').includes('application/json')) return { kind: 'bad', why: `4xx without a JSON body: ${head}` };
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (typeof body.error !== 'string' || body.error.trim().length < 8) return { kind: 'bad', why: `4xx JSON without an error message: ${head}` };
    } catch {
      return { kind: 'bad', why: `4xx body is not JSON: ${head}` };
    }
    return { kind: 'refused' };
  }
  if (res.status >= 300) return { kind: 'accepted' }; // a redirect: sign-in succeeded
  if (!isAction) return { kind: 'accepted' };
  if (res.headers.get('x-action-redirect')) return { kind: 'accepted' }; // e.g. signed in, sent on to the app
  // The action's own result is the flight row holding {"ok":…}.
  const m = /"ok":(true|false)/.exec(text);
  if (!m) return { kind: 'bad', why: `action answered without a result: ${head}` };
  if (m[1] === 'true') return { kind: 'accepted' };
  const error = /"ok":false,"error":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? '';
  if (error.length < 8) return { kind: 'bad', why: `form error without a message: ${head}` };
  if (/Something went wrong on the server/.test(error)) return { kind: 'bad', why: `action failed on the server: ${head}` };
  return { kind: 'refused' };
}
