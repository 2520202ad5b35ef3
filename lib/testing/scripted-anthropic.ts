import { scriptedServer, sse, type Dialect, type RecordedRequest, type Script, type ScriptedServer } from './scripted-model';

export { reply, type ScriptedReply, type ScriptedServer, type RecordedRequest } from './scripted-model';

const modelOf = (req: RecordedRequest) => String((req.body as { model?: unknown } | undefined)?.model ?? 'scripted');
const usageBody = (u: { input: number; output: number; cached: number }) => ({ input_tokens: u.input, output_tokens: u.output, cache_read_input_tokens: u.cached, cache_creation_input_tokens: 0 });

/**
 * Anthropic's messages dialect: a streamed message (message_start, one content_block_delta per
 * chunk, message_delta with the output tokens, message_stop) or one `message` body; errors as
 * `{type:'error', error:{type, message}}`. Input tokens here exclude cache reads, as Anthropic counts.
 */
const anthropicDialect: Dialect = {
  generatePath: '/messages',
  models: (ids) => ({ data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' })), has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null }),
  errorBody: (status, message) => ({ type: 'error', error: { type: status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : status === 401 ? 'authentication_error' : 'invalid_request_error', message } }),
  complete: (req, text, usage) => ({
    id: 'msg_scripted',
    type: 'message',
    role: 'assistant',
    model: modelOf(req),
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: usageBody(usage),
  }),
  streamStart: (req, usage) => [
    sse('message_start', { type: 'message_start', message: { id: 'msg_scripted', type: 'message', role: 'assistant', model: modelOf(req), content: [], stop_reason: null, stop_sequence: null, usage: { ...usageBody(usage), output_tokens: 0 } } }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  ],
  streamChunk: (_req, chunk) => [sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: chunk } })],
  streamEnd: (_req, usage) => [
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output } }),
    sse('message_stop', { type: 'message_stop' }),
  ],
};

/** A scripted Anthropic messages server on 127.0.0.1 (base URL: `${url}/v1`). */
export function scriptedAnthropic(script: Script, opts: { models?: string[] } = {}): Promise<ScriptedServer> {
  return scriptedServer(anthropicDialect, script, opts);
}
