/**
 * The role vocabulary, stored in users.roles. Imports nothing: the data layer owns it, and the
 * isomorphic lib/auth/roles re-exports it for forms, guards and the browser.
 */
export const ROLES = ['admin', 'analyst', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];
