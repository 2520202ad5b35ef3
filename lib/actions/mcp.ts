'use server';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { addCredentialGrant, deleteGrantsOfSubject } from '@/db/queries/credentials';
import { deleteMcpServer as deleteServerRow, insertMcpServer, setMcpToolExposed as setExposed, updateMcpServer } from '@/db/queries/mcp';
import { defineAction, UserError } from '@/lib/actions/define-action';
import { mcpWorkDir } from '@/lib/mcp/connect';
import { McpConfigError } from '@/lib/mcp/errors';
import { syncMcpRegistry } from '@/lib/mcp/registry-tools';
import { getMcpPool, mcpSettings } from '@/lib/mcp/runtime';
import { newMcpServerSchema, serverFields } from '@/lib/mcp/server-input';
import { StdioAllowListError, stdioAllowListFromEnv } from '@/lib/mcp/stdio-allow';

const ADMIN = { roles: ['admin'] } as const;
const serverId = z.object({ serverId: z.string().uuid() });

function stdioAllow() {
  try {
    return stdioAllowListFromEnv();
  } catch (err) {
    if (err instanceof StdioAllowListError) throw new UserError(err.message);
    throw err;
  }
}

/** Admin adds a server (an HTTP URL, or a command from BATON_MCP_STDIO_ALLOW), then Baton connects once to list its tools. */
export const createMcpServer = defineAction(ADMIN, newMcpServerSchema, async (input, _actor, { change }) => {
  const { dataDir } = mcpSettings();
  const checked = serverFields(input, { allow: input.transport === 'stdio' ? stdioAllow() : [], dataDir, workDir: mcpWorkDir(dataDir, 'new') });
  if (!checked.ok) throw new UserError('Please correct the highlighted fields.', checked.fieldErrors);
  const row = await change(async (tx, audit) => {
    const r = await insertMcpServer(tx, checked.fields);
    if (!r) throw new UserError('A server with this name exists already.', { name: ['This name is taken'] });
    audit({ action: 'mcp.create', target: r.id, details: { name: r.name, transport: r.transport } });
    // Choosing a credential for the server is granting it: the vault reveals it to this server only.
    if (r.credentialId) {
      if (!(await addCredentialGrant(tx, r.credentialId, { kind: 'mcp_server', id: r.id }))) throw new UserError('That credential no longer exists.', { credentialId: ['Choose another credential'] });
      audit({ action: 'credential.grants', target: r.credentialId, details: { grants: [{ kind: 'mcp_server', id: r.id }] } });
    }
    return r;
  });
  const test = await getMcpPool().refresh(row.id);
  revalidatePath('/admin/mcp');
  return { id: row.id, test };
});

/** Connects afresh, lists the tools and records health: the page's "Test / refresh". */
export const refreshMcpServer = defineAction(ADMIN, serverId, async ({ serverId }) => {
  const result = await getMcpPool().refresh(serverId);
  revalidatePath('/admin/mcp');
  revalidatePath(`/admin/mcp/${serverId}`);
  return result;
});

/** A disabled server is not connected to and its tools cannot be called; this process's connection stops at once. */
export const setMcpServerEnabled = defineAction(ADMIN, serverId.extend({ enabled: z.boolean() }), async ({ serverId, enabled }, _actor, { change }) => {
  await change(async (tx, audit) => {
    if (!(await updateMcpServer(tx, serverId, { enabled }))) throw new UserError('That server no longer exists.');
    audit({ action: enabled ? 'mcp.enable' : 'mcp.disable', target: serverId });
  });
  if (!enabled) await getMcpPool().stop(serverId);
  revalidatePath('/admin/mcp');
  return { enabled };
});

export const deleteMcpServer = defineAction(ADMIN, serverId, async ({ serverId }, _actor, { change }) => {
  await change(async (tx, audit) => {
    if (!(await deleteServerRow(tx, serverId))) throw new UserError('That server no longer exists.');
    await deleteGrantsOfSubject(tx, { kind: 'mcp_server', id: serverId });
    audit({ action: 'mcp.delete', target: serverId });
  });
  await getMcpPool().stop(serverId);
  revalidatePath('/admin/mcp');
  return { deleted: true };
});

/** Chooses whether a listed tool may be called: exposing registers (or re-enables) its registry tool, hiding disables it. */
export const setMcpToolExposed = defineAction(ADMIN, serverId.extend({ tool: z.string().min(1), exposed: z.boolean() }), async ({ serverId, tool, exposed }, _actor, { change }) => {
  await change(async (tx, audit) => {
    if (!(await setExposed(tx, serverId, tool, exposed))) throw new UserError('That tool is no longer listed by the server: refresh it.');
    try {
      await syncMcpRegistry(tx, serverId, { enable: exposed ? tool : undefined });
    } catch (err) {
      if (err instanceof McpConfigError) throw new UserError(err.message);
      throw err;
    }
    audit({ action: exposed ? 'mcp.tool.expose' : 'mcp.tool.hide', target: serverId, details: { tool } });
  });
  revalidatePath(`/admin/mcp/${serverId}`);
  revalidatePath('/admin/tools');
  return { exposed };
});
