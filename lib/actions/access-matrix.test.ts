import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROLES, type Role } from '@/lib/auth/roles';

/**
 * Walks every exported server action (any 'use server' module under app/, lib/, components/) and
 * every route handler (app/**\/route.{ts,tsx,js}) × every role, signed out included. The list comes
 * from the files themselves, so an action or route that does not declare its access fails here.
 */
const session = vi.hoisted(() => ({ current: null as null | { id: string; roles: Role[] } }));
vi.mock('@/lib/auth/auth', () => ({
  auth: async () => (session.current ? { user: { id: session.current.id, sid: '00000000-0000-4000-8000-0000000000aa' } } : null),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: { GET: vi.fn(), POST: vi.fn() },
}));
vi.mock('@/db/client', () => ({ getDb: () => ({}), getSql: () => ({}), getDbHandle: () => ({}) }));
vi.mock('@/db/queries/users', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  findUserById: async (_db: unknown, id: string) =>
    session.current && session.current.id === id ? { id, email: 'x@example.com', name: 'x', roles: session.current.roles, disabled: false } : undefined,
  sessionIsOpen: async () => true,
}));

const root = process.cwd();
function walk(dir: string, match: (f: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p, match) : match(p) ? [p] : [];
  });
}

/** A module whose exports are server actions: its first statement is the 'use server' directive. */
const isServerActionModule = (f: string) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && /^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*['"]use server['"]/.test(readFileSync(f, 'utf8'));
const actionFiles = ['app', 'lib', 'components'].flatMap((d) => walk(join(root, d), isServerActionModule));
const routeFiles = walk(join(root, 'app'), (f) => /\/route\.(ts|tsx|js)$/.test(f));

/**
 * Who may call what, written out: a new entry point, or a change of its roles, is a conscious
 * edit here, reviewed with the code. The walk below checks the code enforces exactly this.
 */
const EXPECTED: Record<string, readonly Role[] | 'public' | string> = {
  'auth.createFirstAdmin': 'public',
  'auth.signInWithPassword': 'public',
  'auth.signOutNow': 'public',
  'auth.setPasswordWithLink': 'public',
  'users.createUser': ['admin'],
  'users.setUserRoles': ['admin'],
  'users.setUserDisabled': ['admin'],
  'users.inviteUser': ['admin'],
  'account.changePassword': ['admin', 'analyst', 'reviewer'],
  'users.createSignInLink': ['admin'],
  'credentials.createCredential': ['admin'],
  'credentials.replaceCredentialSecret': ['admin'],
  'credentials.renameCredential': ['admin'],
  'credentials.deleteCredential': ['admin'],
  'credentials.setCredentialGrants': ['admin'],
  'mcp.createMcpServer': ['admin'],
  'mcp.refreshMcpServer': ['admin'],
  'mcp.setMcpServerEnabled': ['admin'],
  'mcp.deleteMcpServer': ['admin'],
  'mcp.setMcpToolExposed': ['admin'],
  'flows.createFlow': ['admin', 'analyst'],
  'flows.renameFlow': ['admin', 'analyst'],
  'flows.duplicateFlow': ['admin', 'analyst'],
  'flows.deleteFlow': ['admin', 'analyst'],
  'flows.setFlowActive': ['admin', 'analyst'],
  'flows.saveFlowDraft': ['admin', 'analyst'],
  'flows.publishFlow': ['admin', 'analyst'],
  'flows.restoreVersion': ['admin', 'analyst'],
  'flows.importFlow': ['admin', 'analyst'],
  'runs.startTestRun': ['admin', 'analyst'],
  'tokens.createToken': ['admin', 'analyst', 'reviewer'],
  'tokens.revokeToken': ['admin', 'analyst', 'reviewer'],
  'runs.cancelRunNow': ['admin', 'analyst'],
  'runs.deleteRuns': ['admin', 'analyst'],
  'runs.runUpToStep': ['admin', 'analyst'],
  'runs.runStepAlone': ['admin', 'analyst'],
  'runs.getStepAttempts': ['admin', 'analyst', 'reviewer'],
  'runs.rerunRun': ['admin', 'analyst'],
  'runs.rerunFromStep': ['admin', 'analyst'],
  'runs.resolveReview': ['admin', 'reviewer'],
  'inbox.claimReviewTask': ['admin', 'reviewer'],
  'inbox.releaseReviewTask': ['admin', 'reviewer'],
  'inbox.assignReviewTask': ['admin', 'reviewer'],
  'inbox.decideReviewTask': ['admin', 'reviewer'],
  'inbox.decideReviewTasks': ['admin', 'reviewer'],
  'inbox.commentOnReviewTask': ['admin', 'reviewer'],
  'route:app/api/inbox/route.ts': ['admin', 'reviewer'],
  'route:app/api/inbox/count/route.ts': ['admin', 'reviewer'],
  'route:app/api/admin/tools/stats/route.ts': ['admin'],
  'models.createModelProvider': ['admin'],
  'models.updateModelProviderSettings': ['admin'],
  'models.removeModelProvider': ['admin'],
  'models.setModelPrices': ['admin'],
  'models.testModelProvider': ['admin'],
  'models.fetchModelProviderModels': ['admin'],
  'models.setDailyCostCap': ['admin'],
  'test-listen.listenForTestEvent': ['admin', 'analyst'],
  'test-listen.stopListeningForTestEvent': ['admin', 'analyst'],
  'test-listen.getTestEventListen': ['admin', 'analyst'],
  'tools.createTool': ['admin'],
  'tools.updateTool': ['admin'],
  'tools.setToolEnabled': ['admin'],
  'tools.deleteTool': ['admin'],
  'tools.runToolTest': ['admin'],
  'route:app/api/auth/[...nextauth]/route.ts': 'public',
  'route:app/api/health/route.ts': 'public',
  'route:app/api/[...path]/route.ts': 'public',
  'route:app/api/flows/export/route.ts': ['admin', 'analyst'],
  'route:app/api/runs/route.ts': ['admin', 'analyst', 'reviewer'],
  'route:app/api/runs/[id]/events/route.ts': ['admin', 'analyst', 'reviewer'],
  'route:app/api/runs/[id]/values/route.ts': ['admin', 'analyst', 'reviewer'],
  'fast:webhook': 'public',
  'route:app/api/v1/openapi.json/route.ts': 'public',
  'route:app/api/v1/flows/[id]/runs/route.ts': 'token runs:write admin,analyst',
  'route:app/api/v1/runs/route.ts': 'token runs:read admin,analyst,reviewer',
  'route:app/api/v1/runs/[id]/route.ts': 'token runs:read admin,analyst,reviewer',
  'route:app/api/v1/runs/[id]/cancel/route.ts': 'token runs:write admin,analyst',
  'route:app/api/v1/reviews/[id]/resolve/route.ts': 'token reviews:write admin,reviewer',
  'route:app/api/v1/reviews/[id]/claim/route.ts': 'token reviews:write admin,reviewer',
  'route:app/api/v1/reviews/[id]/release/route.ts': 'token reviews:write admin,reviewer',
  'route:app/api/v1/reviews/route.ts': 'token reviews:read admin,reviewer',
  'route:app/api/v1/runs/waiting/route.ts': 'token runs:read admin,analyst,reviewer',
};
const declared: Record<string, readonly Role[] | 'public' | string> = {};

type Access = { roles: readonly Role[] } | { public: string } | { token: string; roles: readonly Role[] };
const asUser = (roles: Role[] | null) => {
  session.current = roles ? { id: `00000000-0000-4000-8000-${String(roles.length).padStart(12, '0')}`, roles } : null;
};

beforeEach(() => asUser(null));

describe('server actions × roles', async () => {
  for (const file of actionFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    const name = relative(root, file).replace(/^lib\/actions\//, '').replace(/\.tsx?$/, '');
    for (const [exportName, fn] of Object.entries(mod)) {
      const id = `${name}.${exportName}`;
      const access = (fn as { access?: Access }).access;
      it(`${id} declares its access`, () => {
        expect(typeof fn).toBe('function');
        expect(access, `${id} must be built with defineAction`).toBeDefined();
      });
      if (!access) continue;
      declared[id] = 'public' in access ? 'public' : access.roles;
      if ('public' in access) continue;
      const call = fn as (input: unknown) => Promise<{ ok: boolean; status?: number }>;
      it(`${id} refuses a signed-out caller with 401`, async () => {
        asUser(null);
        expect(await call(undefined)).toMatchObject({ ok: false, status: 401 });
      });
      for (const role of ROLES) {
        const allowed = access.roles.includes(role);
        it(`${id} ${allowed ? 'admits' : 'refuses'} a ${role}`, async () => {
          asUser([role]);
          // Undefined input fails every schema, so an admitted role stops at validation (400).
          expect(await call(undefined)).toMatchObject({ ok: false, status: allowed ? 400 : 403 });
        });
      }
    }
  }
});

describe('route handlers × roles', async () => {
  for (const file of routeFiles) {
    const mod = (await import(file)) as Record<string, unknown> & { access?: Access };
    const id = `route:${relative(root, file)}`;
    it(`${id} declares its access`, () => {
      expect(mod.access, `${id} must export const access`).toBeDefined();
    });
    if (!mod.access) continue;
    const acc = mod.access;
    declared[id] = 'public' in acc ? 'public' : 'token' in acc ? `token ${acc.token} ${acc.roles.join(',')}` : acc.roles;
    if ('public' in acc) continue;
    if ('token' in acc) {
      for (const method of ['GET', 'POST'].filter((m) => typeof mod[m] === 'function')) {
        it(`${id} ${method} refuses a request without an API token, even with a session`, async () => {
          asUser(['admin']);
          const handler = mod[method] as (req: Request, ctx: unknown) => Promise<Response>;
          const res = await handler(new Request('http://localhost/x', { method }), { params: Promise.resolve({ id: '00000000-0000-4000-8000-000000000000' }) });
          expect(res.status).toBe(401);
        });
      }
      continue;
    }
    const roles = acc.roles;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => typeof mod[m] === 'function')) {
      const handler = mod[method] as (req: Request, ctx: unknown) => Promise<Response>;
      for (const role of [null, ...ROLES.filter((r) => !roles.includes(r))]) {
        it(`${id} ${method} refuses ${role ?? 'a signed-out caller'}`, async () => {
          asUser(role ? [role] : null);
          const res = await handler(new Request('http://localhost/x', { method }), { params: Promise.resolve({}) });
          expect(res.status).toBe(role ? 403 : 401);
        });
      }
    }
  }
});

describe('fast routes (served before Next)', async () => {
  // The dispatcher's own list: a fast route missing from EXPECTED, or declaring other access, fails the matrix below.
  const { FAST_ROUTES } = await import('@/lib/server/fast-routes');
  for (const r of FAST_ROUTES) declared[`fast:${r.name}`] = 'public' in r.access ? 'public' : (r.access as { roles: Role[] }).roles;
  it('each has a unique name (the key it is classified under)', () => {
    expect(new Set(FAST_ROUTES.map((r) => r.name)).size).toBe(FAST_ROUTES.length);
  });
});

describe('the access matrix', () => {
  it('every action and route declares exactly the expected access', () => {
    expect(declared).toEqual(EXPECTED);
  });
});
