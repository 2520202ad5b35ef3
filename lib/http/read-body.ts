import 'server-only';
import type { IncomingMessage } from 'node:http';

/** Request bodies larger than this are refused with 413 (webhooks and /api/v1). */
export const MAX_BODY_BYTES = Number(process.env.BATON_WEBHOOK_MAX_BYTES ?? 1024 * 1024);

/**
 * An oversized body is read on (and thrown away) up to this many bytes more, so the 413 reaches
 * a client still sending instead of a reset; past it the socket is cut.
 */
const DRAIN_LIMIT = (max: number) => max * 8;

/** The answer to an oversized body; it carries `Connection: close` (see `readNodeBody`). */
export const tooLargeMessage = (max = MAX_BODY_BYTES) => `The request body is larger than ${max} bytes`;

/**
 * Reads a Node request body of at most `max` bytes; null when it is larger. An oversized body is
 * drained (not kept) before the caller answers, and the caller must answer with
 * `Connection: close`: otherwise the keep-alive socket still holds the rest of the body and the
 * client's next request on it hangs.
 */
export function readNodeBody(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > DRAIN_LIMIT(max)) return req.socket.destroy();
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks)));
    // Cut off (by us past the drain limit, or by the client): nobody is left to answer.
    req.on('close', () => resolve(null));
    req.on('error', reject);
  });
}

/** The same for a fetch Request (Next route handlers): its text, or null when larger than `max`. */
export async function readWebBody(req: Request, max = MAX_BODY_BYTES): Promise<string | null> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > DRAIN_LIMIT(max)) {
      await reader.cancel();
      break;
    }
    if (size <= max) chunks.push(value);
  }
  return size > max ? null : Buffer.concat(chunks).toString('utf8');
}
