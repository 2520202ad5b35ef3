import 'server-only';
import { getDb } from '@/db/client';
import type { ApiScope, Role } from '@/db/schema';
import { resolveApiToken } from './tokens';

export type ApiAccess = { token: ApiScope; roles: readonly Role[] };
export type ApiCaller = { userId: string; roles: Role[] };

export const apiError = (status: number, error: string, extra?: object) => Response.json({ error, ...extra }, { status });

/**
 * For /api/v1 routes: a bearer token with the route's scope, whose user (read from the database
 * now, so a disabled user or changed role counts at once) holds one of its roles.
 */
export async function guardApi(req: Request, access: ApiAccess): Promise<ApiCaller | Response> {
  const header = req.headers.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token) return apiError(401, 'Send an API token: Authorization: Bearer <token> (create one under Settings → API tokens)');
  const found = await resolveApiToken(getDb(), token);
  if (!found) return apiError(401, 'This API token is unknown or revoked');
  if (!found.scopes.includes(access.token)) return apiError(403, `This token lacks the "${access.token}" scope`);
  if (!access.roles.some((r) => found.user.roles.includes(r))) return apiError(403, 'Your role does not allow this');
  return { userId: found.user.id, roles: found.user.roles };
}
