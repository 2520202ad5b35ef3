import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ToolInputError } from './define';
import { BUILTIN_TOOLS } from './index';
import { outputProblems, runTool } from './test-helpers';

// Keys are stored in flows: this list changes only by adding.
const KEYS = [
  'datetime.parse',
  'datetime.format',
  'datetime.add',
  'datetime.subtract',
  'datetime.convert-zone',
  'datetime.difference',
  'crypto.hash',
  'crypto.hmac',
  'json.parse',
  'json.stringify',
  'csv.parse',
  'csv.build',
  'xml.parse',
  'xml.build',
  'regex.extract',
  'html.to-text',
  'http.request',
];

describe('built-in tool contracts', () => {
  it('ships exactly the stable keys, each once, with a name, a category and a description to choose by', () => {
    expect(BUILTIN_TOOLS.map((t) => t.key)).toEqual(KEYS);
    for (const t of BUILTIN_TOOLS) {
      expect(t.name.length, t.key).toBeGreaterThan(2);
      expect(t.category.length, t.key).toBeGreaterThan(2);
      expect(t.description.length, t.key).toBeGreaterThan(60);
    }
  });

  it.each(BUILTIN_TOOLS.map((t) => [t.key, t] as const))('%s: both schemas are valid JSON Schemas (strict), inputs titled for generated forms', (_key, tool) => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateFormats: false });
    for (const schema of [tool.inputSchema, tool.outputSchema]) {
      expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
      expect(() => ajv.compile(schema)).not.toThrow();
    }
    expect(tool.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
    for (const [name, prop] of Object.entries(tool.inputSchema.properties as Record<string, { title?: string }>)) expect(prop.title, `${tool.key}.${name}`).toBeTruthy();
  });
});

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC+2', 'UTC-9:30'];
const date = fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true });
const zone = fc.constantFrom(...ZONES);
const duration = fc.record(
  { years: fc.integer({ min: -50, max: 50 }), months: fc.integer({ min: -50, max: 50 }), days: fc.integer({ min: -500, max: 500 }), hours: fc.integer({ min: -1000, max: 1000 }), minutes: fc.integer({ min: -1e5, max: 1e5 }) },
  { requiredKeys: ['days'] },
);

/** Runs and checks: a success fits the output schema; a failure is a ToolInputError, never a crash. */
async function fits(key: string, input: unknown, mustSucceed: boolean): Promise<unknown> {
  try {
    const out = await runTool(key, input);
    expect(outputProblems(key, out), `${key} ${JSON.stringify(input).slice(0, 300)}`).toEqual([]);
    return out;
  } catch (err) {
    if (mustSucceed || !(err instanceof ToolInputError)) throw err;
    expect((err as Error).message.length).toBeGreaterThan(10);
    return undefined;
  }
}

const prop = <T>(arb: fc.Arbitrary<T>, body: (v: T) => Promise<void>, numRuns = 60) => fc.assert(fc.asyncProperty(arb, body), { numRuns });

// Generous: the property runs are a few hundred tool calls each, on a shared CI machine.
describe('outputs satisfy the declared output schemas over many inputs', { timeout: 60_000 }, () => {
  it('date and time', async () => {
    await prop(fc.tuple(date, zone, fc.constantFrom('iso', 'iso-date', 'rfc2822', 'http', 'sql', 'unix-seconds', 'unix-millis', 'yyyy-MM-dd HH:mm', "cccc d LLLL 'at' t"), fc.constantFrom('en-US', 'fr', 'de-CH', 'ja')), async ([d, z, pattern, locale]) => {
      const { text } = (await fits('datetime.format', { value: d.toISOString(), pattern, zone: z, locale }, true)) as { text: string };
      // Before about 1945 some zones had offsets with seconds, which ISO 8601 offsets cannot write.
      if (pattern === 'iso' && d.getUTCFullYear() >= 1970) expect(((await fits('datetime.parse', { value: text, zone: z }, true)) as { unixMillis: number }).unixMillis).toBe(d.getTime());
    });
    await prop(fc.tuple(date, duration, zone), async ([d, dur, z]) => {
      const added = (await fits('datetime.add', { value: d.getTime(), duration: dur, zone: z }, true)) as { iso: string };
      await fits('datetime.subtract', { value: added.iso, duration: dur, zone: z }, true);
    });
    await prop(fc.tuple(date, date, zone, fc.constantFrom('years', 'months', 'days', 'hours', 'milliseconds')), async ([a, b, z, unit]) => {
      await fits('datetime.convert-zone', { value: a.toISOString(), zone: z }, true);
      const { amount } = (await fits('datetime.difference', { start: a.toISOString(), end: b.toISOString(), unit, zone: z }, true)) as { amount: number };
      if (unit === 'milliseconds') expect(amount).toBe(b.getTime() - a.getTime());
    });
    await prop(fc.tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 20 })), async ([value, format]) => {
      await fits('datetime.parse', { value, format: format || 'iso' }, false);
    });
  });

  it('hash and HMAC', async () => {
    await prop(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ minLength: 1, maxLength: 50 }), fc.constantFrom('sha256', 'sha512', 'sha1', 'md5'), fc.constantFrom('hex', 'base64', 'base64url')), async ([data, key, algorithm, encoding]) => {
      await fits('crypto.hash', { data, algorithm, encoding }, true);
      await fits('crypto.hmac', { data, key, algorithm, encoding }, true);
    });
  });

  it('JSON round-trips', async () => {
    await prop(fc.tuple(fc.jsonValue(), fc.integer({ min: 0, max: 8 }), fc.boolean()), async ([value, indent, sortKeys]) => {
      const { text } = (await fits('json.stringify', { value, indent, sortKeys }, true)) as { text: string };
      expect((await fits('json.parse', { text }, true)) as { value: unknown }).toEqual({ value: JSON.parse(JSON.stringify(value)) });
    });
    await prop(fc.string({ maxLength: 40 }), async (text) => {
      await fits('json.parse', { text }, false);
    });
  });

  it('CSV round-trips through build and parse; any text parses or fails clearly', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', "'", '\n', '\r', '\t', 'é'), maxLength: 8 });
    await prop(fc.tuple(fc.array(fc.record({ id: cell, note: cell }), { minLength: 1, maxLength: 8 }), fc.constantFrom(',', ';', '\\t'), fc.boolean(), fc.constantFrom('lf', 'crlf')), async ([rows, delimiter, quoteAll, lineEnding]) => {
      const { text } = (await fits('csv.build', { rows, delimiter, quoteAll, lineEnding }, true)) as { text: string };
      expect(await fits('csv.parse', { text, delimiter }, true)).toEqual({ rows, columns: ['id', 'note'], rowCount: rows.length });
    });
    await prop(fc.tuple(cell, fc.boolean()), async ([text, headers]) => {
      await fits('csv.parse', { text: `a,b\n${text}`, headers }, false);
    });
  });

  it('XML round-trips simple documents; any text parses or fails clearly', async () => {
    const name = fc.constantFrom('a', 'b', 'item', 'x-y', 'ns:z');
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '1', '&', '<', '>', '"', "'", 'é'), minLength: 1, maxLength: 10 });
    await prop(fc.dictionary(name, fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 3 })), { minKeys: 1 }), async (children) => {
      const { text: xml } = (await fits('xml.build', { value: { root: children } }, true)) as { text: string };
      expect(await fits('xml.parse', { text: xml }, true)).toEqual({ value: { root: children } });
    });
    await prop(fc.string({ unit: fc.constantFrom('<', '>', '/', 'a', 'b', '=', '"', '!', '?', '&', ';', ' '), maxLength: 30 }), async (xml) => {
      await fits('xml.parse', { text: xml }, false);
    });
  });

  it('regex: any pattern matches within limits or is refused clearly', async () => {
    const pattern = fc.string({ unit: fc.constantFrom('a', 'b', '(', ')', '|', '*', '+', '?', '.', '[', ']', '^', '$', '\\', '{', '}', '1', '<', '>', '=', '!'), minLength: 1, maxLength: 12 });
    await prop(fc.tuple(pattern, fc.string({ unit: fc.constantFrom('a', 'b', '\n', 'ab'), maxLength: 200 }), fc.constantFrom('', 'i', 'ms'), fc.integer({ min: 1, max: 20 })), async ([p, text, flags, maxMatches]) => {
      const out = (await fits('regex.extract', { text, pattern: p, flags, maxMatches }, false)) as { count: number } | undefined;
      if (out) expect(out.count).toBeLessThanOrEqual(maxMatches);
    }, 200);
  });

  it('HTML to text over tag soup', async () => {
    await prop(fc.string({ unit: fc.constantFrom('<p>', '</p>', '<a href="x">', '</a>', '<table><tr><td>', '<li>', '&amp;', '&#x3c;', 'word ', '<br>', '<script>', '<'), maxLength: 40 }), async (html) => {
      await fits('html.to-text', { html }, true);
    });
  });
});
