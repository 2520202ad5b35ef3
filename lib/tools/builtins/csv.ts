import 'server-only';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { capText, defineBuiltin, MAX_TEXT, object, ToolInputError } from './define';

// csv-parse / csv-stringify: kept, typed, RFC 4180 quoting, and errors that name the line and
// the reason (papaparse collects errors per row instead, and needs separate types).

const category = 'Data';
const MAX_ROWS = 100_000;

const delimiterSchema = { type: 'string', title: 'Delimiter', description: 'The character between fields: , ; tab (\\t) or |.', default: ',', minLength: 1, maxLength: 4 };
const quoteSchema = { type: 'string', title: 'Quote', description: 'The character around fields that contain the delimiter, a quote or a line break.', default: '"', minLength: 1, maxLength: 1 };
const cellsSchema = { type: 'array', items: { type: 'string' } };

const parse = defineBuiltin<{ text: string; headers: boolean; delimiter: string; quote: string; trim: boolean; skipEmptyLines: boolean; maxRows: number }>({
  key: 'csv.parse',
  name: 'Parse CSV',
  category,
  description: 'Reads CSV text into rows: objects keyed by the header line, or arrays of cells when there is none. Handles quoted fields, other delimiters (; tab |) and reports a malformed line by number.',
  inputSchema: object(
    {
      text: { type: 'string', title: 'CSV text', description: `Up to ${MAX_TEXT.toLocaleString('en-US')} characters.`, examples: ['name,age\nAda,36\n"Lovelace, A",37'] },
      headers: { type: 'boolean', title: 'First line is headers', description: 'Rows become objects keyed by the first line; otherwise arrays of cells.', default: true },
      delimiter: delimiterSchema,
      quote: quoteSchema,
      trim: { type: 'boolean', title: 'Trim spaces', description: 'Remove spaces around each field.', default: false },
      skipEmptyLines: { type: 'boolean', title: 'Skip empty lines', default: true },
      maxRows: { type: 'integer', title: 'Most rows', description: `Refuse a text with more rows than this (at most ${MAX_ROWS.toLocaleString('en-US')}).`, minimum: 1, maximum: MAX_ROWS, default: 10_000 },
    },
    ['text'],
  ),
  outputSchema: object(
    {
      rows: { type: 'array', title: 'Rows', items: { anyOf: [{ type: 'object', additionalProperties: { type: 'string' } }, cellsSchema] } },
      columns: { ...cellsSchema, title: 'Columns', description: 'The header line (empty when headers is off).' },
      rowCount: { type: 'integer', minimum: 0 },
    },
    ['rows', 'columns', 'rowCount'],
  ),
  run: ({ text, headers, delimiter, quote, trim, skipEmptyLines, maxRows }) => {
    capText('text', text, MAX_TEXT);
    let columns: string[] = [];
    let rows: unknown[];
    try {
      rows = parseCsv(text, {
        delimiter: delimiter.replace('\\t', '\t'),
        quote,
        trim,
        skip_empty_lines: skipEmptyLines,
        bom: true,
        // Texts pasted together from Windows and Unix sources mix line endings.
        record_delimiter: ['\r\n', '\n', '\r'],
        // One record past the limit is enough to know the text is too long.
        to: maxRows + 1,
        columns: headers ? (first: string[]) => (columns = uniqueHeaders(first)) : false,
      }) as unknown[];
    } catch (err) {
      if (err instanceof ToolInputError) throw err;
      if (err instanceof CsvError) throw new ToolInputError(`Not valid CSV: ${err.message}`);
      throw err;
    }
    if (rows.length > maxRows) throw new ToolInputError(`The CSV has more than ${maxRows.toLocaleString('en-US')} rows (maxRows); raise maxRows (up to ${MAX_ROWS.toLocaleString('en-US')}) or split the text`);
    return { rows, columns, rowCount: rows.length };
  },
});

function uniqueHeaders(first: string[]): string[] {
  const seen = new Set<string>();
  for (const h of first) {
    if (seen.has(h)) throw new ToolInputError(`Not valid CSV: the header "${h}" appears twice on line 1; rename one, or turn headers off`);
    seen.add(h);
  }
  return first;
}

const build = defineBuiltin<{ rows: (Record<string, unknown> | unknown[])[]; columns?: string[]; headers: boolean; delimiter: string; quote: string; quoteAll: boolean; lineEnding: 'lf' | 'crlf' }>({
  key: 'csv.build',
  name: 'Build CSV',
  category,
  description: 'Writes rows (objects or arrays of cells) as CSV text with a header line, quoting fields that need it. Nested values are written as JSON.',
  inputSchema: object(
    {
      rows: { type: 'array', title: 'Rows', description: 'Objects (keys become columns) or arrays of cells.', maxItems: MAX_ROWS, items: { anyOf: [{ type: 'object' }, { type: 'array' }] } },
      columns: { type: 'array', title: 'Columns', description: 'Which object keys to write, in order; by default the keys of the first row.', items: { type: 'string' }, maxItems: 1000 },
      headers: { type: 'boolean', title: 'Write a header line', default: true },
      delimiter: delimiterSchema,
      quote: quoteSchema,
      quoteAll: { type: 'boolean', title: 'Quote every field', default: false },
      lineEnding: { type: 'string', title: 'Line ending', description: 'lf for Unix, crlf for Windows and Excel.', enum: ['lf', 'crlf'], default: 'lf' },
    },
    ['rows'],
  ),
  outputSchema: object({ text: { type: 'string', title: 'CSV text' }, rowCount: { type: 'integer', minimum: 0 } }, ['text', 'rowCount']),
  run: ({ rows, columns, headers, delimiter, quote, quoteAll, lineEnding }) => {
    const objects = rows.length > 0 && !Array.isArray(rows[0]);
    if (rows.some((r) => Array.isArray(r) === objects)) throw new ToolInputError('rows mixes objects and arrays: give all rows as objects or all as arrays of cells');
    const keys = columns ?? (objects && rows[0] ? Object.keys(rows[0]) : undefined);
    const text = stringify(rows, {
      header: headers && keys !== undefined,
      columns: keys,
      delimiter: delimiter.replace('\\t', '\t'),
      quote,
      quoted: quoteAll,
      // csv-stringify quotes only its own line ending, so a lone \r or \n in a cell would end the row
      // for csv.parse (and Excel), which accept all three.
      quoted_match: /[\r\n]/,
      record_delimiter: lineEnding === 'crlf' ? 'windows' : 'unix',
      cast: { boolean: (v) => String(v), object: (v) => JSON.stringify(v) },
    });
    return { text, rowCount: rows.length };
  },
});

export const CSV_TOOLS = [parse, build];
