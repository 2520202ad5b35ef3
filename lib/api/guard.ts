import 'server-only';
import { getDb } from '@/db/client';
import type { ApiScope, Role } from '@/db/schema';
import { resolveApiToken } from './tokens';
import { isDatabaseUnavailable, withinDbWait } from '@/lib/server/db-availability';

export type ApiAccess = { token: ApiScope; roles: readonly Role[] };
export type ApiCaller = { userId: string; roles: Role[] };

export const apiError = (status: number, error: string, extra?: object) => Response.json({ error, ...extra }, { status });

/**
 * For /api/v1 routes: a bearer token with the route's scope, whose user (read from the database
 * now, so a disabled user or changed role counts at once) holds one of its roles. With the
 * database unreachable this is the route's first wait on it, so it answers 503 (not 401 or 500).
 */
export async function guardApi(req: Request, access: ApiAccess): Promise<ApiCaller | Response> {
  const header = req.headers.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token) return apiError(401, 'Send an API token: Authorization: Bearer <token> (create one under Settings → API tokens)');
  let found: Awaited<ReturnType<typeof resolveApiToken>>;
  try {
    found = await withinDbWait(resolveApiToken(getDb(), token));
  } catch (err) {
    if (isDatabaseUnavailable(err)) return apiError(503, 'Baton cannot reach its database right now; try again shortly.');
    throw err;
  }
  if (!found) return apiError(401, 'This API token is unknown or revoked');
  if (!found.scopes.includes(access.token)) return apiError(403, `This token lacks the "${access.token}" scope`);
  if (!access.roles.some((r) => found.user.roles.includes(r))) return apiError(403, 'Your role does not allow this');
  return { userId: found.user.id, roles: found.user.roles };
}
