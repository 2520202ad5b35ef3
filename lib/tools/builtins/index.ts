import 'server-only';
import type { BuiltinTool } from '../types';
import { CSV_TOOLS } from './csv';
import { DATETIME_TOOLS } from './datetime';
import { HASH_TOOLS } from './hash';
import { HTML_TOOLS } from './html';
import { HTTP_TOOLS } from './http';
import { JSON_TOOLS } from './json';
import { REGEX_TOOLS } from './regex';
import { XML_TOOLS } from './xml';

/**
 * Every tool that ships with Baton and needs no outside account, one module per family. The
 * registry lists them as `builtin` tools by `key`; a key is stored in flows and never renamed.
 */
export const BUILTIN_TOOLS: readonly BuiltinTool[] = [...DATETIME_TOOLS, ...HASH_TOOLS, ...JSON_TOOLS, ...CSV_TOOLS, ...XML_TOOLS, ...REGEX_TOOLS, ...HTML_TOOLS, ...HTTP_TOOLS];

const byKey = new Map(BUILTIN_TOOLS.map((t) => [t.key, t]));

/** The built-in tool with this key, or undefined (a key from a newer or older Baton). */
export const builtinTool = (key: string): BuiltinTool | undefined => byKey.get(key);
