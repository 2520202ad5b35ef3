import 'server-only';
import type { ToolDeps } from './kind';

/**
 * What this installation's registry runs tools with. The built-in tools (lib/tools/builtins),
 * the code-tool runner (lib/tools/code-tool.ts) and the vault (lib/vault) plug in here; until
 * each lands, its kind of tool fails with a clear NonRetriableError instead of guessing.
 */
export function defaultToolDeps(): ToolDeps {
  return { builtins: [] };
}
