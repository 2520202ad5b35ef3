import { describe, expect, it } from 'vitest';
import { outputProblems, runTool } from './test-helpers';

const run = async (input: unknown) => {
  const out = await runTool('html.to-text', input);
  expect(outputProblems('html.to-text', out)).toEqual([]);
  return (out as { text: string }).text;
};

describe('html.to-text', () => {
  const page = '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><h1>News</h1><p>Read <a href="https://example.com/x">more</a> &amp; smile.</p><ul><li>one</li><li>two</li></ul><img src="https://example.com/i.png" alt="pic"></body></html>';
  it('keeps text, paragraphs and lists, drops scripts, styles and images, decodes entities', async () => {
    expect(await run({ html: page })).toBe('News\n\nRead more [https://example.com/x] & smile.\n\n * one\n * two');
  });
  it('can drop link addresses, keep images, upper-case headings and wrap lines', async () => {
    const text = await run({ html: page, links: false, images: true, uppercaseHeadings: true });
    expect(text).toBe('NEWS\n\nRead more & smile.\n\n * one\n * two\n\npic [https://example.com/i.png]');
    const long = `<p>${'word '.repeat(40)}</p>`;
    expect((await run({ html: long })).split('\n')).toHaveLength(1);
    expect((await run({ html: long, wordwrap: 40 })).split('\n').length).toBeGreaterThan(3);
  });
  it('lays out a table', async () => {
    expect(await run({ html: '<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>' })).toMatch(/^A +B\n1 +2$/);
  });
  it('refuses html past the size limit', async () => {
    await expect(runTool('html.to-text', { html: 'x'.repeat(1_000_001) })).rejects.toThrow('html is 1,000,001 characters; the limit is 1,000,000');
  });
});
