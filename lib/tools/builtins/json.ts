import 'server-only';
import { capText, defineBuiltin, MAX_TEXT, object, ToolInputError } from './define';

const category = 'Data';

/** Where JSON.parse stopped, as line and column with the text around it, so the fix is obvious. */
export function jsonErrorMessage(text: string, err: Error): string {
  const reason = err.message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  const at = /position (\d+)/.exec(err.message);
  const pos = at ? Number(at[1]) : /Unexpected end/i.test(err.message) ? text.length : -1;
  if (pos < 0) return `Not valid JSON: ${reason}`;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  const near = text.slice(Math.max(0, pos - 20), pos + 20).replace(/\s+/g, ' ');
  return `Not valid JSON at line ${line}, column ${column} (position ${pos}): ${reason}${near ? `, near “${near}”` : ''}`;
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
