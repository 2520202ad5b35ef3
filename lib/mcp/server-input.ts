import { z } from 'zod';
import { envNameProblem } from './credentials';
import { findAllowedEntry, rootRefusal, type StdioAllowEntry } from './stdio-allow';

/**
 * What an admin submits to add a server. A stdio server names an allow-list entry by its exact
 * text (the form offers only those) plus optional extra arguments (e.g. a root directory); the
 * server checks the entry against its own environment again, so a forged form gains nothing.
 */
export const newMcpServerSchema = z.discriminatedUnion('transport', [
  z.object({
    transport: z.literal('http'),
    name: z.string().trim().min(1, 'Give the server a name').max(80, 'Keep the name under 80 characters'),
    url: z.string().trim().url('Enter the server\'s URL, e.g. https://mcp.example.com/mcp').refine((u) => /^https?:\/\//i.test(u), 'Only http and https URLs'),
    credentialId: z.string().uuid('Not a credential id').optional(),
  }),
  z.object({
    transport: z.literal('stdio'),
    name: z.string().trim().min(1, 'Give the server a name').max(80, 'Keep the name under 80 characters'),
    entry: z.string().min(1, 'Choose a command from BATON_MCP_STDIO_ALLOW'),
    extraArgs: z.string().max(2000).optional().default(''),
    credentialId: z.string().uuid('Not a credential id').optional(),
    credentialEnv: z.string().trim().optional(),
  }),
]);
export type NewMcpServerInput = z.infer<typeof newMcpServerSchema>;

export type ServerFields = { name: string; transport: 'http' | 'stdio'; url: string | null; command: string | null; args: string[]; credentialId: string | null; credentialEnv: string | null };

/** Turns a valid form into a row, or field errors saying what to fix. */
export function serverFields(input: NewMcpServerInput, stdio: { allow: readonly StdioAllowEntry[]; dataDir: string; workDir: string }): { ok: true; fields: ServerFields } | { ok: false; fieldErrors: Record<string, string[]> } {
  if (input.transport === 'http') {
    return { ok: true, fields: { name: input.name, transport: 'http', url: input.url, command: null, args: [], credentialId: input.credentialId ?? null, credentialEnv: null } };
  }
  const entry = stdio.allow.find((e) => e.text === input.entry);
  if (!entry) return { ok: false, fieldErrors: { entry: ['This command is not on BATON_MCP_STDIO_ALLOW (set in the server\'s environment)'] } };
  const extra = input.extraArgs.split(/\s+/).filter(Boolean);
  const args = [...entry.args, ...extra];
  if (!findAllowedEntry(stdio.allow, entry.command, args)) return { ok: false, fieldErrors: { entry: ['This command is not on BATON_MCP_STDIO_ALLOW'] } };
  const root = rootRefusal(args, stdio);
  if (root) return { ok: false, fieldErrors: { extraArgs: [root] } };
  if (input.credentialId && !input.credentialEnv) return { ok: false, fieldErrors: { credentialEnv: ['Name the variable the server reads its credential from'] } };
  const envProblem = input.credentialEnv ? envNameProblem(input.credentialEnv) : null;
  if (envProblem) return { ok: false, fieldErrors: { credentialEnv: [envProblem] } };
  return { ok: true, fields: { name: input.name, transport: 'stdio', url: null, command: entry.command, args, credentialId: input.credentialId ?? null, credentialEnv: input.credentialEnv || null } };
}
