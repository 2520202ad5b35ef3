import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * BATON_MCP_STDIO_ALLOW: the only commands an MCP stdio server may run. Set in the environment
 * by whoever runs Baton, never from the UI, so an admin account alone cannot run a program.
 *
 * Format: entries separated by `;`, each a command and its argument prefix separated by spaces
 * (no quoting: a token cannot contain a space). A server's command must equal an entry's
 * command and its arguments must begin with the entry's arguments; what follows (a root
 * directory, a flag) is the server's own. Package runners must pin an exact version:
 *
 *   npx -y @modelcontextprotocol/server-everything@2026.8.31 stdio; uvx mcp-server-time==0.6.2; /opt/mcp/bin/server
 */
export type StdioAllowEntry = { command: string; args: string[]; text: string };

export class StdioAllowListError extends Error {}

/** Runners that fetch a package by name: the package must carry an exact version or it could change under Baton. */
const RUNNERS: Record<string, { pinned: RegExp; example: string }> = {
  npx: { pinned: /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@\d+\.\d+\.\d+([-+][\w.-]+)?$/i, example: 'npx -y @scope/server@1.2.3' },
  bunx: { pinned: /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@\d+\.\d+\.\d+([-+][\w.-]+)?$/i, example: 'bunx @scope/server@1.2.3' },
  pnpx: { pinned: /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@\d+\.\d+\.\d+([-+][\w.-]+)?$/i, example: 'pnpx @scope/server@1.2.3' },
  uvx: { pinned: /^[a-z0-9][\w.-]*(==|@)\d+(\.\d+)*([-+.]?[\w.]+)?$/i, example: 'uvx mcp-server-time==0.6.2' },
};

// Characters a shell would interpret: an entry is never run through a shell, and one that looks
// like it expects one is a mistake better caught at start-up than at the first spawn.
const SHELLISH = /["'`$|&<>\\(){}*?!]/;

/** Parses the setting; every error names the entry and what to write instead. Empty or unset: stdio is off. */
export function parseStdioAllowList(raw: string | undefined): StdioAllowEntry[] {
  const entries: StdioAllowEntry[] = [];
  for (const text of (raw ?? '').split(';').map((s) => s.trim()).filter(Boolean)) {
    if (SHELLISH.test(text)) {
      throw new StdioAllowListError(`BATON_MCP_STDIO_ALLOW: "${text}" contains quotes or shell characters; write the command and its arguments separated by spaces, without quoting (no shell runs it)`);
    }
    const [command, ...args] = text.split(/\s+/);
    const runner = RUNNERS[command!.split('/').pop()!];
    if (runner) {
      const pkg = args.find((a) => !a.startsWith('-'));
      if (!pkg || args.some((a) => /^(-p|--package)(=|$)/.test(a))) {
        throw new StdioAllowListError(`BATON_MCP_STDIO_ALLOW: "${text}" must name its package as an argument with an exact version, e.g. ${runner.example}`);
      }
      if (!runner.pinned.test(pkg)) {
        throw new StdioAllowListError(`BATON_MCP_STDIO_ALLOW: "${text}" runs ${pkg} without an exact version; pin one, e.g. ${runner.example}`);
      }
    }
    entries.push({ command: command!, args, text });
  }
  return entries;
}

let cached: { raw: string | undefined; list: StdioAllowEntry[] } | undefined;

/** The process's list, parsed once per value of the variable. Throws StdioAllowListError on a bad setting. */
export function stdioAllowListFromEnv(env: Record<string, string | undefined> = process.env): StdioAllowEntry[] {
  const raw = env.BATON_MCP_STDIO_ALLOW;
  if (!cached || cached.raw !== raw) cached = { raw, list: parseStdioAllowList(raw) };
  return cached.list;
}

/** The entry that allows this command line, if any. */
export function findAllowedEntry(list: readonly StdioAllowEntry[], command: string, args: readonly string[]): StdioAllowEntry | undefined {
  return list.find((e) => e.command === command && e.args.length <= args.length && e.args.every((a, i) => args[i] === a));
}

/** Refusal message for a command line no entry allows (null when allowed). */
export function stdioRefusal(list: readonly StdioAllowEntry[], command: string, args: readonly string[]): string | null {
  if (!list.length) return 'stdio MCP servers are off: BATON_MCP_STDIO_ALLOW is not set';
  if (findAllowedEntry(list, command, args)) return null;
  return `command not on BATON_MCP_STDIO_ALLOW: "${[command, ...args].join(' ')}" matches no entry (the command must equal an entry's and its arguments begin with that entry's)`;
}

/** An argument that names a path (a root the server would open): absolute, relative or home-based, or the value of `--flag=path`. */
function pathsIn(arg: string): string[] {
  const value = arg.startsWith('-') ? (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : '') : arg;
  if (!value) return [];
  if (value === '.' || value === '..' || value.startsWith('/') || value.startsWith('./') || value.startsWith('../') || value.startsWith('~')) return [value];
  return value.includes('/') && !value.startsWith('@') && !/^[a-z]+:\/\//i.test(value) ? [value] : [];
}

const within = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * A server may not be given a root that reaches Baton's data directory (the database files, the
 * generated key): refused when a path argument is the data directory, contains it, or lies inside
 * it anywhere but the server's own working directory. `~` counts as the working directory, which
 * is the child's HOME.
 */
export function rootRefusal(args: readonly string[], dirs: { dataDir: string; workDir: string }): string | null {
  const dataDir = resolve(dirs.dataDir);
  const workDir = resolve(dirs.workDir);
  for (const arg of args) {
    for (const p of pathsIn(arg)) {
      const full = p.startsWith('~') ? resolve(workDir, `.${p.slice(1)}`) : resolve(workDir, p);
      if (within(full, dataDir) || (within(dataDir, full) && !within(workDir, full))) {
        return `root ${p} includes Baton's data directory (${dataDir}${sep}); give the server a directory outside it`;
      }
    }
  }
  return null;
}
