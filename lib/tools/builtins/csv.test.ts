import { describe, expect, it } from 'vitest';
import { outputProblems, runTool } from './test-helpers';

const run = async (key: string, input: unknown) => {
  const out = await runTool(key, input);
  expect(outputProblems(key, out)).toEqual([]);
  return out;
};

describe('csv.parse', () => {
  it('reads rows keyed by the header line, with quoted delimiters, quotes and line breaks', async () => {
    const text = 'name,note\r\nAda,"first, ""the"" programmer"\n"Lovelace","two\nlines"\n\n';
    expect(await run('csv.parse', { text })).toEqual({
      rows: [
        { name: 'Ada', note: 'first, "the" programmer' },
        { name: 'Lovelace', note: 'two\nlines' },
      ],
      columns: ['name', 'note'],
      rowCount: 2,
    });
  });
  it('reads arrays of cells without headers, another delimiter and quote, trimmed', async () => {
    expect(await run('csv.parse', { text: "a; 'b;c'\n1 ;2", headers: false, delimiter: ';', quote: "'", trim: true })).toEqual({ rows: [['a', 'b;c'], ['1', '2']], columns: [], rowCount: 2 });
    expect(await run('csv.parse', { text: 'a\tb\n1\t2', delimiter: '\\t' })).toMatchObject({ rows: [{ a: '1', b: '2' }] });
  });
  it('names the line of a malformed row', async () => {
    await expect(runTool('csv.parse', { text: 'a,b\n1,"x"y\n' })).rejects.toThrow('Not valid CSV: Invalid Closing Quote: got "y" at line 2');
    await expect(runTool('csv.parse', { text: 'a,b\n1,2,3\n' })).rejects.toThrow('Not valid CSV: Invalid Record Length: columns length is 2, got 3 on line 2');
  });
  it('refuses a header repeated (it would silently drop a column)', async () => {
    await expect(runTool('csv.parse', { text: 'id,id\n1,2' })).rejects.toThrow('the header "id" appears twice on line 1');
  });
  it('refuses more rows than maxRows, and text past the size limit', async () => {
    const text = ['n', ...Array.from({ length: 11 }, (_, i) => String(i))].join('\n');
    await expect(runTool('csv.parse', { text, maxRows: 10 })).rejects.toThrow('The CSV has more than 10 rows (maxRows)');
    expect(await run('csv.parse', { text, maxRows: 11 })).toMatchObject({ rowCount: 11 });
    await expect(runTool('csv.parse', { text: 'x'.repeat(1_000_001) })).rejects.toThrow('text is 1,000,001 characters; the limit is 1,000,000');
    await expect(runTool('csv.parse', { text: 'a', maxRows: 1_000_000 })).rejects.toThrow('Parse CSV: maxRows must be <= 100000');
  });
});

describe('csv.build', () => {
  it('writes objects with a header, quoting what needs it; nested values as JSON', async () => {
    const rows = [{ name: 'Ada', note: 'says "hi", twice', ok: true, meta: { x: 1 }, none: null }];
    expect(await run('csv.build', { rows })).toEqual({ text: 'name,note,ok,meta,none\nAda,"says ""hi"", twice",true,"{""x"":1}",\n', rowCount: 1 });
  });
  it('writes chosen columns in order, arrays of cells, other delimiters and CRLF', async () => {
    expect(await run('csv.build', { rows: [{ a: 1, b: 2, c: 3 }], columns: ['c', 'a'] })).toMatchObject({ text: 'c,a\n3,1\n' });
    expect(await run('csv.build', { rows: [[1, 'x;y']], delimiter: ';', lineEnding: 'crlf' })).toMatchObject({ text: '1;"x;y"\r\n' });
    expect(await run('csv.build', { rows: [['a']], quoteAll: true })).toMatchObject({ text: '"a"\n' });
  });
  it('round-trips through csv.parse', async () => {
    const rows = [{ a: 'x,"y"\nz', b: '' }, { a: ' lead', b: 'é' }];
    const { text } = (await run('csv.build', { rows })) as { text: string };
    expect(await run('csv.parse', { text })).toMatchObject({ rows });
  });
  it('quotes a lone carriage return or line feed in a cell, whatever the line ending (found by the property test)', async () => {
    const rows = [{ a: 'x\ry', b: 'p\nq' }, { a: '', b: '' }];
    for (const lineEnding of ['lf', 'crlf']) {
      const { text } = (await run('csv.build', { rows, lineEnding })) as { text: string };
      expect(await run('csv.parse', { text })).toMatchObject({ rows, rowCount: 2 });
    }
  });
  it('refuses rows that mix objects and arrays', async () => {
    await expect(runTool('csv.build', { rows: [{ a: 1 }, [1]] })).rejects.toThrow('rows mixes objects and arrays');
    await expect(runTool('csv.build', { rows: [1] })).rejects.toThrow('Build CSV: rows.0 must be object');
  });
});
