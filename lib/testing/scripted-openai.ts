import { scriptedServer, sse, type Dialect, type RecordedRequest, type Script, type ScriptedServer } from './scripted-model';

export { reply, type ScriptedReply, type ScriptedServer, type RecordedRequest } from './scripted-model';

const modelOf = (req: RecordedRequest) => String((req.body as { model?: unknown } | undefined)?.model ?? 'scripted');
const wantsLogprobs = (req: RecordedRequest) => (req.body as { logprobs?: unknown } | undefined)?.logprobs === true;
const created = 1_760_000_000;

const tokenLogprob = (token: string, logprob: number) => ({ token, logprob, bytes: null, top_logprobs: [] });
const usageBody = (u: { input: number; output: number; cached: number }) => ({
  prompt_tokens: u.input,
  completion_tokens: u.output,
  total_tokens: u.input + u.output,
  prompt_tokens_details: { cached_tokens: u.cached },
});

/**
 * OpenAI's chat-completions dialect (what `@ai-sdk/openai`'s chat model and
 * `@ai-sdk/openai-compatible` speak): streamed `chat.completion.chunk` events ending in a usage
 * chunk and `[DONE]`, or one `chat.completion`; log-probabilities (one per chunk, when scripted)
 * only if the request asked for them, as OpenAI does; errors as `{error: {message}}`.
 */
const openaiDialect: Dialect = {
  generatePath: '/chat/completions',
  models: (ids) => ({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created, owned_by: 'scripted' })) }),
  errorBody: (status, message) => ({ error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error', code: null } }),
  complete: (req, text, usage, logprobs, chunks) => ({
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created,
    model: modelOf(req),
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text },
        logprobs: logprobs && wantsLogprobs(req) ? { content: chunks.map((c, i) => tokenLogprob(c, logprobs[i] ?? 0)) } : null,
        finish_reason: 'stop',
      },
    ],
    usage: usageBody(usage),
  }),
  streamStart: (req) => [sse(null, { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created, model: modelOf(req), choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })],
  streamChunk: (req, chunk, _i, logprob) => [
    sse(null, {
      id: 'chatcmpl-scripted',
      object: 'chat.completion.chunk',
      created,
      model: modelOf(req),
      choices: [{ index: 0, delta: { content: chunk }, logprobs: logprob !== undefined && wantsLogprobs(req) ? { content: [tokenLogprob(chunk, logprob)] } : null, finish_reason: null }],
    }),
  ],
  streamEnd: (req, usage) => [
    sse(null, { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created, model: modelOf(req), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    sse(null, { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created, model: modelOf(req), choices: [], usage: usageBody(usage) }),
    sse(null, '[DONE]'),
  ],
};

/**
 * A scripted OpenAI-compatible server on 127.0.0.1 (base URL: `${url}/v1`). GET /v1/models lists
 * `models`. See scripted-model.ts for the script entries (`reply.text`, `reply.json`, …).
 */
export function scriptedOpenAI(script: Script, opts: { models?: string[] } = {}): Promise<ScriptedServer> {
  return scriptedServer(openaiDialect, script, opts);
}
