import type { Role } from '@/lib/auth/roles';

/** The app's sections and who may open them: the navigation and each page's guard read this one list. */
export const SECTIONS = {
  flows: { href: '/flows', label: 'Flows', roles: ['admin', 'analyst'] },
  // Before Runs: a reviewer's home (the first section) is their queue.
  inbox: { href: '/inbox', label: 'Inbox', roles: ['admin', 'reviewer'] },
  runs: { href: '/runs', label: 'Runs', roles: ['admin', 'analyst', 'reviewer'] },
  users: { href: '/admin/users', label: 'Users', roles: ['admin'] },
  credentials: { href: '/admin/credentials', label: 'Credentials', roles: ['admin'] },
  mcp: { href: '/admin/mcp', label: 'MCP servers', roles: ['admin'] },
  tokens: { href: '/settings/tokens', label: 'API tokens', roles: ['admin', 'analyst', 'reviewer'] },
} as const satisfies Record<string, { href: string; label: string; roles: readonly Role[] }>;

export type Section = (typeof SECTIONS)[keyof typeof SECTIONS];

export const sectionsFor = (roles: readonly Role[]): Section[] =>
  Object.values(SECTIONS).filter((s) => s.roles.some((r) => roles.includes(r)));
