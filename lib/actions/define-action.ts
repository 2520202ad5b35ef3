import 'server-only';
import type { z } from 'zod';
import type { Role } from '@/db/schema';
import { AuthzError, requireRole, type SessionUser } from '@/lib/auth/session';
import { log, errorFields } from '@/lib/log/logger';
import { getDb, type Db } from '@/db/client';
import { withAudit, type Audit } from '@/lib/audit/with-audit';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string[]>; status?: number };

/** Where an action may be called from without a session, with the reason (checked by the role test). */
export type ActionAccess = { roles: readonly Role[] } | { public: string };

export class UserError extends Error {
  constructor(message: string, readonly fieldErrors?: Record<string, string[]>) {
    super(message);
  }
}

/** What an action's handler gets besides its input and the session user. */
export type ActionContext = {
  /**
   * Runs `work` in one transaction with the typed audit entries it records written in that same
   * transaction, by the signed-in user: a change is never durable without its audit row.
   */
  change<T>(work: (tx: Db, audit: Audit) => Promise<T>): Promise<T>;
};

export type Action<I, O> = ((input: I) => Promise<ActionResult<O>>) & { access: ActionAccess };

/**
 * Builds a thin server action: check the session's role on the server → validate input with zod
 * → call lib. Failures come back as data ({ok:false, error, fieldErrors}); never a stack trace.
 */
export function defineAction<S extends z.ZodType, O>(
  access: ActionAccess,
  schema: S,
  handler: (input: z.infer<S>, user: SessionUser | null, ctx: ActionContext) => Promise<O>,
): Action<z.input<S>, O> {
  const action = async (input: z.input<S>): Promise<ActionResult<O>> => {
    let user: SessionUser | null = null;
    try {
      if ('roles' in access) user = await requireRole(access.roles);
    } catch (err) {
      if (err instanceof AuthzError) return { ok: false, error: err.message, status: err.status };
      throw err;
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.') || '_'] ??= []).push(issue.message);
      return { ok: false, error: 'Please correct the highlighted fields.', fieldErrors, status: 400 };
    }
    try {
      const actorId = user?.id ?? null;
      return { ok: true, data: await handler(parsed.data, user, { change: (work) => withAudit(getDb(), actorId, work) }) };
    } catch (err) {
      if (err instanceof UserError) return { ok: false, error: err.message, fieldErrors: err.fieldErrors, status: 400 };
      if (isNextControlFlow(err)) throw err;
      log.error('action failed', errorFields(err));
      return { ok: false, error: 'Something went wrong on the server; nothing was changed. Try again.', status: 500 };
    }
  };
  return Object.assign(action, { access });
}

/** redirect()/notFound() throw special errors that Next must see. */
function isNextControlFlow(err: unknown): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR'));
}
