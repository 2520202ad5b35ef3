import type { Role } from '@/lib/auth/roles';
import type { ReviewDecision } from '@/lib/engine/review-decision';
import type { CredentialKind, CredentialSubject } from '@/lib/vault/types';

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
  | { action: 'flow.publish' | 'flow.restore'; target: string; details: { number: number | null } }
  // Written by lib/inbox in the decision's own transaction (not through an action's change()).
  | {
      action: 'review.resolve';
      target: string;
      details: { runId: string; stepId: string; action: ReviewDecision['action']; kind: string; edited: boolean; reason?: string };
    }
  | { action: 'review.approve'; target: string; details: { runId: string; stepId: string; approvals: number; required: number } }
  | { action: 'review.claim' | 'review.release'; target: string }
  | { action: 'review.assign'; target: string; details: { userId: string | null; role: string | null } }
  | { action: 'review.comment'; target: string; details: { length: number } }
  // Credentials: names and kinds only, never a secret or its hint.
  | { action: 'credential.create' | 'credential.replace'; target: string; details: { name: string; kind: CredentialKind } }
  | { action: 'credential.rename' | 'credential.delete'; target: string; details: { name: string } }
  | { action: 'credential.grants'; target: string; details: { grants: CredentialSubject[] } }
  // Tools: a save names the credential it granted to the tool (by id), never a secret.
  | { action: 'tool.register' | 'tool.edit'; target: string; details: { name: string; kind: 'http' | 'code' | 'builtin'; version: number; credentialId: string | null } }
  | { action: 'tool.disable' | 'tool.enable' | 'tool.delete'; target: string; details: { name: string } }
  | { action: 'mcp.create'; target: string; details: { name: string; transport: 'stdio' | 'http' } }
  | { action: 'mcp.enable' | 'mcp.disable' | 'mcp.delete'; target: string }
  | { action: 'mcp.tool.expose' | 'mcp.tool.hide'; target: string; details: { tool: string } }
  | { action: 'model_provider.create' | 'model_provider.update'; target: string; details: { name: string; kind: string; baseUrl: string | null; credentialId: string | null } }
  | { action: 'model_provider.delete'; target: string; details: { name: string } }
  | { action: 'model_provider.prices'; target: string; details: { models: string[] } }
  | { action: 'budget.daily_cap'; target: 'daily'; details: { capUsd: number | null } };

export type AuditAction = AuditEntry['action'];
