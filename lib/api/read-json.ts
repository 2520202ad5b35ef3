import 'server-only';
import { readWebBody, tooLargeMessage } from '@/lib/http/read-body';
import { MAX_JSON_DEPTH, jsonDepth, tooDeepMessage } from '@/lib/http/json-depth';
import { apiError } from './guard';

/**
 * An /api/v1 JSON body, bounded in size (413, and the connection closed so the unread rest of
 * the body cannot stall the next request on it) and in nesting depth (400, before JSON.parse).
 * Text that is not JSON gives `undefined`, for the route's schema to explain.
 */
export async function readApiJson(req: Request): Promise<{ value: unknown } | Response> {
  const text = await readWebBody(req);
  if (text === null) return Response.json({ error: tooLargeMessage() }, { status: 413, headers: { connection: 'close' } });
  if (jsonDepth(text) > MAX_JSON_DEPTH) return apiError(400, tooDeepMessage());
  try {
    return { value: text ? JSON.parse(text) : undefined };
  } catch {
    return { value: undefined };
  }
}
