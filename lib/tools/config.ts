import { z } from 'zod';

/** `{name}` or `{a.b}`: a field of the tool's input, in path, query, header and body templates. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}/g;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the transport owns or that could point the call elsewhere; never set by a tool. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive', 'proxy-authorization', 'idempotency-key']);

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Where the tool's calls go, fixed at registration: scheme, host and port only. Stored as the
 * URL's own `origin`, so what is compared at call time is the canonical form.
 */
const origin = z.string().transform((s, ctx) => {
  let u: URL;
  try {
    u = new URL(s.trim());
  } catch {
    ctx.addIssue({ code: 'custom', message: 'Enter a URL such as https://api.example.com' });
    return z.NEVER;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'Use http or https' });
  else if (u.username || u.password) ctx.addIssue({ code: 'custom', message: 'Put no user name or password in the URL: use a credential' });
  else if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) ctx.addIssue({ code: 'custom', message: 'Only scheme, host and port here: put the path in "Path"' });
  return u.origin;
});

const path = z
  .string()
  .default('/')
  .refine((p) => p.startsWith('/'), 'The path starts with /')
  .refine((p) => !/[?#\s\\]/.test(p), 'No ?, #, spaces or backslashes in the path: add query parameters below')
  .refine((p) => p.replaceAll(PLACEHOLDER, 'x').split('/').every((seg) => seg !== '.' && seg !== '..'), 'No . or .. segments in the path')
  .refine((p) => !/[{}]/.test(p.replaceAll(PLACEHOLDER, '')), 'Placeholders look like {field} (a field of the input)');

const headerName = z
  .string()
  .min(1, 'Enter the header name')
  .regex(HEADER_NAME, 'Not a valid header name')
  .refine((n) => !RESERVED_HEADERS.has(n.toLowerCase()), 'This header is set by Baton itself');

const noControl = (s: string) => !/[\r\n\0]/.test(s);

export const httpToolConfigSchema = z.object({
  method: z.enum(HTTP_METHODS).default('GET'),
  origin,
  path,
  /** Query parameters: fixed names, values are text with {field} placeholders (URL-encoded). */
  query: z.array(z.object({ name: z.string().min(1, 'Enter the parameter name'), value: z.string() })).default([]),
  /**
   * Headers: fixed names. Only a header marked `fromInput` has its {field} placeholders filled;
   * any other value is sent exactly as written.
   */
  headers: z.array(z.object({ name: headerName, value: z.string().refine(noControl, 'No line breaks in a header value'), fromInput: z.boolean().default(false) })).default([]),
  /** none; the whole input as JSON; or a JSON template whose "{field}" strings are filled. */
  body: z.discriminatedUnion('mode', [z.object({ mode: z.literal('none') }), z.object({ mode: z.literal('input') }), z.object({ mode: z.literal('template'), template: z.unknown() })]).default({ mode: 'none' }),
  /** A credential of the vault, granted to this tool, applied to every call. */
  credentialId: z.uuid('Choose a credential').optional(),
  maxResponseBytes: z.number().int().min(1).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
});
export type HttpToolConfig = z.infer<typeof httpToolConfigSchema>;
export type HttpToolConfigInput = z.input<typeof httpToolConfigSchema>;

export const codeToolConfigSchema = z.object({ source: z.string().min(1, 'Write the function body') });
export const builtinToolConfigSchema = z.object({ key: z.string().min(1, 'Choose a built-in tool') });

/**
 * An `mcp` tool: a tool an admin exposed on an MCP server (Admin → MCP servers). `structured`
 * says whether the tool declared an output schema, so the call answers with its structured
 * content rather than `{ text, content }` (lib/mcp/as-tool.ts).
 */
export const mcpToolConfigSchema = z.object({ serverId: z.uuid(), tool: z.string().min(1), structured: z.boolean().default(false) });
