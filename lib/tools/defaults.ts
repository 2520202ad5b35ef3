import 'server-only';
import { getMcpPool } from '@/lib/mcp/runtime';
import type { ToolDeps } from './kind';

/**
 * What this installation's registry runs tools with. The built-in tools (lib/tools/builtins),
 * the code-tool runner (lib/tools/code-tool.ts) and the vault (lib/vault) plug in here; until
 * each lands, its kind of tool fails with a clear NonRetriableError instead of guessing.
 */
export function defaultToolDeps(): ToolDeps {
  // The pool is fetched per call: it is per process and opens its connections lazily.
  return { builtins: [], mcp: { callTool: (serverId, tool, args, opts) => getMcpPool().callTool(serverId, tool, args, opts) } };
}
