import type { Role } from '@/lib/auth/roles';

/**
 * Every audit entry Baton writes, typed: an action name, its target's id, and the details that
 * action carries. Adding an audited action means adding its shape here.
 */
export type AuditEntry =
  | { action: 'user.create' | 'user.invite'; target: string; details: { email: string; roles: readonly Role[] } }
  | { action: 'user.roles'; target: string; details: { roles: readonly Role[] } }
  | { action: 'user.link.invite' | 'user.link.reset' | 'user.disable' | 'user.enable' | 'user.password'; target: string }
  | { action: 'flow.create' | 'flow.delete' | 'flow.activate' | 'flow.deactivate' | 'flow.import'; target: string }
  | { action: 'flow.rename'; target: string; details: { name: string } }
  | { action: 'flow.duplicate'; target: string; details: { from: string } }
  | { action: 'flow.publish' | 'flow.restore'; target: string; details: { number: number | null } };

export type AuditAction = AuditEntry['action'];
