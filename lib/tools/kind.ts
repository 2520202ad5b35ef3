import type { z } from 'zod';
import type { HttpPort } from '@/lib/steps/runtime';
import type { ApplyCredential, Vault } from '@/lib/vault/types';
import type { McpCallResult } from '@/lib/mcp/connect';
import type { BuiltinTool, CodeToolRunner } from './types';

/**
 * What the registry is built with: the implementations that ship with Baton and the vault.
 * Injected (not imported) so that the registry does not depend on who writes them, and tests
 * pass their own.
 */
export type ToolDeps = {
  builtins: readonly BuiltinTool[];
  /** Runs a `code` tool in the QuickJS sandbox; absent, code tools fail clearly. */
  codeRunner?: CodeToolRunner;
  /** The credentials vault; absent, a tool that names a credential fails clearly. */
  vault?: { vault: Vault; applyCredential: ApplyCredential };
  /** Calls an exposed tool of an MCP server (this process's pool); absent, MCP tools fail clearly. */
  mcp?: { callTool: McpCallTool };
};

/** The pool's call, as the `mcp` kind needs it (lib/mcp/pool.ts). */
export type McpCallTool = (serverId: string, tool: string, args: Record<string, unknown>, opts: { signal?: AbortSignal; timeoutMs?: number }) => Promise<McpCallResult>;

/** The request a tool put on the wire, as the test console shows it (secret values masked by the caller). */
export type SentRequest = { method: string; url: string; headers: Record<string, string>; body?: string };

export type KindContext = {
  toolId: string;
  signal: AbortSignal;
  http: HttpPort;
  idempotencyKey: string;
  timeoutMs: number;
  deps: ToolDeps;
  /** Secret values the call put on the wire: the kind adds them, the registry masks them in everything it returns. */
  secrets: string[];
  onRequest?: (r: SentRequest) => void;
};

/** One tool kind: its config schema (checked on registration and when a version loads) and how a call runs. */
export type ToolKindRunner<S extends z.ZodType = z.ZodType> = {
  configSchema: S;
  run: (config: z.infer<S>, input: unknown, ctx: KindContext) => Promise<unknown>;
};

export const defineKind = <S extends z.ZodType>(k: ToolKindRunner<S>) => k;
