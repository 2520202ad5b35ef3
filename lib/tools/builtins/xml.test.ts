import { describe, expect, it } from 'vitest';
import { outputProblems, runTool } from './test-helpers';

const run = async (key: string, input: unknown) => {
  const out = await runTool(key, input);
  expect(outputProblems(key, out)).toEqual([]);
  return out;
};

const lol = (n: number) => Array.from({ length: 10 }, () => `&lol${n};`).join('');
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol0 "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${lol(i)}">`).join('')}]>
<lolz>&lol9;</lolz>`;

describe('xml.parse', () => {
  it('reads elements, repeated elements as arrays, attributes with a prefix, and the predefined entities', async () => {
    const text = '<?xml version="1.0"?><order id="7"><item>tea</item><item>milk &amp; honey</item><note lang="en">hot</note><empty/></order>';
    expect(await run('xml.parse', { text })).toEqual({
      value: {
        '?xml': { '@_version': '1.0' },
        order: { '@_id': '7', item: ['tea', 'milk & honey'], note: { '#text': 'hot', '@_lang': 'en' }, empty: '' },
      },
    });
  });
  it('reads numbers when asked, drops attributes when asked', async () => {
    expect(await run('xml.parse', { text: '<a n="1"><b>42</b><c>true</c></a>', parseValues: true })).toEqual({ value: { a: { '@_n': 1, b: 42, c: true } } });
    expect(await run('xml.parse', { text: '<a n="1"><b>42</b></a>', attributes: false })).toEqual({ value: { a: { b: '42' } } });
  });
  it('names the line and column of a malformed document', async () => {
    await expect(runTool('xml.parse', { text: '<a>\n  <b></a>' })).rejects.toThrow("Not valid XML at line 2, column 6: Expected closing tag 'b'");
  });
  it('refuses an entity bomb (billion laughs) before expanding anything', async () => {
    await expect(runTool('xml.parse', { text: BILLION_LAUGHS })).rejects.toThrow('Not accepted: the XML declares entities (<!ENTITY …>)');
    await expect(runTool('xml.parse', { text: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' })).rejects.toThrow('declares entities');
  });
  it('refuses nesting past its depth and names that would pollute prototypes', async () => {
    const deep = `${'<a>'.repeat(150)}${'</a>'.repeat(150)}`;
    await expect(runTool('xml.parse', { text: deep })).rejects.toThrow(/^Not accepted XML: .*nested/i);
    await expect(runTool('xml.parse', { text: '<a><__proto__><x>1</x></__proto__></a>' })).rejects.toThrow(/^Not accepted XML: .*__proto__/);
  });
});

describe('xml.build', () => {
  it('writes elements, repeated elements, attributes, escaped text', async () => {
    expect(await run('xml.build', { value: { order: { '@_id': 7, item: ['tea', 'milk & <honey>'] } } })).toEqual({ text: '<order id="7"><item>tea</item><item>milk &amp; &lt;honey&gt;</item></order>' });
    expect(await run('xml.build', { value: { a: { '@_x': 'q"><evil/>', '#text': ']]><b/>' } } })).toEqual({ text: '<a x="q&quot;&gt;&lt;evil/&gt;">]]&gt;&lt;b/&gt;</a>' });
    expect(await run('xml.build', { value: { a: { b: 1 } }, indent: true, declaration: true })).toEqual({ text: '<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b>1</b>\n</a>\n' });
  });
  it('round-trips what xml.parse returns', async () => {
    const text = '<order id="7"><item>tea</item><item>milk &amp; honey</item><note lang="en">hot</note></order>';
    const { value } = (await run('xml.parse', { text })) as { value: unknown };
    expect(await run('xml.build', { value })).toEqual({ text });
  });
  it('refuses a key that is no XML name, so nothing can be injected', async () => {
    await expect(runTool('xml.build', { value: { 'a><script': 1 } })).rejects.toThrow('"a><script" cannot be an XML element or attribute name');
    await expect(runTool('xml.build', { value: { a: { '@_x" onload="y': 1 } } })).rejects.toThrow('cannot be an XML element or attribute name');
    await expect(runTool('xml.build', { value: {} })).rejects.toThrow('Build XML: value must NOT have fewer than 1 properties');
  });
});
