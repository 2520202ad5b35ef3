import 'server-only';
import type { Role } from './roles';
import { AuthzError, requireRole, type SessionUser } from './session';

/** For route handlers: the user, or a JSON 401/403 response to return as is. */
export async function guardRoute(roles: readonly Role[]): Promise<SessionUser | Response> {
  try {
    return await requireRole(roles);
  } catch (err) {
    if (err instanceof AuthzError) return Response.json({ error: err.message }, { status: err.status });
    throw err;
  }
}
