import 'server-only';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { capText, defineBuiltin, MAX_TEXT, object, ToolInputError } from './define';

const category = 'Data';

/**
 * Where the text stops being JSON, as line and column with the text around it. V8's own message
 * names a position only for some mistakes, so jsonc-parser (strict: no comments, no trailing
 * commas) locates the first one; JSON.parse stays the parser of record.
 */
export function jsonErrorMessage(text: string, err: Error): string {
  const reason = err.message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return `Not valid JSON: ${reason}`;
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const pos = first.offset;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  const near = text.slice(Math.max(0, pos - 20), pos + 20).replace(/\s+/g, ' ');
  return `Not valid JSON at line ${line}, column ${column} (position ${pos}): ${what}${near ? `, near “${near}”` : ''}`;
}

const parse = defineBuiltin<{ text: string }>({
  key: 'json.parse',
  name: 'Parse JSON',
  category,
  description: 'Reads JSON text into a value (object, array, text, number…). A mistake is reported with its line, column and the text around it.',
  inputSchema: object({ text: { type: 'string', title: 'JSON text', description: `Up to ${MAX_TEXT.toLocaleString('en-US')} characters.`, examples: ['{"name": "Ada", "tags": ["x"]}'] } }, ['text']),
  outputSchema: object({ value: { title: 'Value', description: 'The parsed value, of any JSON type.' } }, ['value']),
  run: ({ text }) => {
    capText('text', text, MAX_TEXT);
    if (!text.trim()) throw new ToolInputError('Not valid JSON: the text is empty');
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (err) {
      throw new ToolInputError(jsonErrorMessage(text, err as Error));
    }
  },
});

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]));
}

const stringify = defineBuiltin<{ value: unknown; indent: number; sortKeys: boolean }>({
  key: 'json.stringify',
  name: 'Write JSON',
  category,
  description: 'Writes a value as JSON text, compact or indented, optionally with object keys sorted (stable text for hashing and comparing).',
  inputSchema: object(
    {
      value: { title: 'Value', description: 'Any JSON value.' },
      indent: { type: 'integer', title: 'Indent', description: 'Spaces per level; 0 writes one compact line.', minimum: 0, maximum: 8, default: 0 },
      sortKeys: { type: 'boolean', title: 'Sort keys', description: 'Write object keys in alphabetical order.', default: false },
    },
    ['value'],
  ),
  outputSchema: object({ text: { type: 'string', title: 'JSON text' } }, ['text']),
  run: ({ value, indent, sortKeys }) => ({ text: JSON.stringify(sortKeys ? sortedKeys(value) : value, null, indent || undefined) }),
});

export const JSON_TOOLS = [parse, stringify];
