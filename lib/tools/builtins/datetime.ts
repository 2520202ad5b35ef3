import 'server-only';
import { DateTime, type DurationLikeObject, type DurationUnit } from 'luxon';
import { defineBuiltin, object, ToolInputError } from './define';
import { checkLocale, checkResult, checkZone, instantOut, instantOutputSchema, localeSchema, readInstant, valueSchema, zoneSchema } from './datetime-values';

// Luxon (the date library n8n's own expressions use) does zones through Intl, keeps values
// immutable, and covers parsing by token, formatting with locales, calendar-aware durations and
// differences in one kept package; date-fns-tz would need date-fns plus a second library.

const category = 'Date and time';
const NAMED_FORMATS = ['iso', 'rfc2822', 'http', 'sql', 'unix-seconds', 'unix-millis'] as const;
const UNITS = ['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'] as const;
const TOKENS_HINT = 'Luxon tokens: yyyy year, MM month, dd day, HH hour (00-23), hh hour (01-12), a AM/PM, mm minute, ss second, SSS ms, ZZ offset, z zone, LLLL month name, cccc weekday; text in single quotes is literal.';

const parse = defineBuiltin<{ value: string | number; format: string; zone: string; locale: string }>({
  key: 'datetime.parse',
  name: 'Parse a date',
  category,
  description: 'Reads a date and time written in a known format (ISO 8601, RFC 2822, HTTP, SQL, Unix time) or a pattern such as dd/MM/yyyy HH:mm, and returns it as ISO 8601, Unix milliseconds and its calendar parts.',
  inputSchema: object(
    {
      value: { type: ['string', 'number'], title: 'Text to read', description: 'The date as written, e.g. 31/12/2024 18:00, or a Unix time for the unix formats.', examples: ['31/12/2024 18:00', '2024-12-31T18:00:00+01:00'] },
      format: { type: 'string', title: 'Format', description: `One of ${NAMED_FORMATS.join(', ')}, or a pattern. ${TOKENS_HINT}`, default: 'iso', minLength: 1, maxLength: 200, examples: ['iso', 'dd/MM/yyyy HH:mm', 'MMMM d, yyyy'] },
      zone: zoneSchema('Zone of the text', 'Used when the text carries no offset of its own; the result keeps the text’s offset when it has one.'),
      locale: localeSchema,
    },
    ['value'],
  ),
  outputSchema: {
    ...instantOutputSchema,
    properties: {
      ...(instantOutputSchema.properties as object),
      parts: object(
        Object.fromEntries(['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'weekday'].map((k) => [k, { type: 'integer' }])),
        ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'weekday'],
        { description: 'In the zone of the result; weekday 1 = Monday … 7 = Sunday.' },
      ),
    },
    required: [...(instantOutputSchema.required as string[]), 'parts'],
  },
  run: ({ value, format, zone, locale }) => {
    const opts = { zone: checkZone('zone', zone), locale: checkLocale(locale), setZone: true };
    const text = String(value).trim();
    const dt = readByFormat(text, format, opts);
    if (!dt.isValid) throw new ToolInputError(`"${text.slice(0, 100)}" does not match the format "${format}": ${dt.invalidExplanation ?? dt.invalidReason}`);
    const { year, month, day, hour, minute, second, millisecond, weekday } = dt;
    return { ...instantOut(dt), parts: { year, month, day, hour, minute, second, millisecond, weekday } };
  },
});

function readByFormat(text: string, format: string, opts: { zone: string; locale: string; setZone: boolean }): DateTime {
  const number = () => {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new ToolInputError(`"${text.slice(0, 100)}" is not a number, as the format "${format}" expects`);
    return Number(text);
  };
  switch (format) {
    case 'iso':
      return DateTime.fromISO(text, opts);
    case 'rfc2822':
      return DateTime.fromRFC2822(text, opts);
    case 'http':
      return DateTime.fromHTTP(text, opts);
    case 'sql':
      return DateTime.fromSQL(text, opts);
    case 'unix-seconds':
      return DateTime.fromSeconds(number(), opts);
    case 'unix-millis':
      return DateTime.fromMillis(number(), opts);
    default:
      return DateTime.fromFormat(text, format, opts);
  }
}

const format = defineBuiltin<{ value: string | number; pattern: string; zone: string; locale: string }>({
  key: 'datetime.format',
  name: 'Format a date',
  category,
  description: 'Writes a date and time as text in a chosen time zone and language: ISO 8601, RFC 2822, HTTP, SQL, Unix time, or a pattern such as cccc d LLLL yyyy, HH:mm.',
  inputSchema: object(
    {
      value: valueSchema(),
      pattern: { type: 'string', title: 'Pattern', description: `One of ${NAMED_FORMATS.join(', ')}, iso-date, or a pattern. ${TOKENS_HINT}`, default: 'iso', minLength: 1, maxLength: 200, examples: ['yyyy-MM-dd HH:mm', 'cccc d LLLL yyyy'] },
      zone: zoneSchema('Time zone to show', 'The zone the text is written in.'),
      locale: localeSchema,
    },
    ['value'],
  ),
  outputSchema: object({ text: { type: 'string', title: 'Formatted text' } }, ['text']),
  run: ({ value, pattern, zone, locale }) => {
    const dt = readInstant('value', value).setZone(checkZone('zone', zone)).setLocale(checkLocale(locale));
    const named: Record<string, () => string | null> = {
      iso: () => dt.toISO(),
      'iso-date': () => dt.toISODate(),
      rfc2822: () => dt.toRFC2822(),
      http: () => dt.toHTTP(),
      sql: () => dt.toSQL(),
      'unix-seconds': () => String(Math.floor(dt.toSeconds())),
      'unix-millis': () => String(dt.toMillis()),
    };
    // hasOwn: a pattern such as toString must be read as tokens, not found on Object.prototype.
    const writeNamed = Object.hasOwn(named, pattern) ? named[pattern] : undefined;
    const text = writeNamed ? writeNamed() : dt.toFormat(pattern);
    if (text === null) throw new ToolInputError(`value cannot be written as ${pattern}`);
    return { text };
  },
});

const durationSchema = object(
  Object.fromEntries(UNITS.map((u) => [u, { type: 'number', title: u.charAt(0).toUpperCase() + u.slice(1), minimum: -1e9, maximum: 1e9 }])),
  [],
  { title: 'Duration', description: 'Any mix of units, e.g. { "days": 1, "hours": 2 }. Calendar units (days and longer) follow the zone’s calendar, so one day across a daylight-saving change is 23 or 25 hours.', minProperties: 1 },
);

const shift = (sign: 1 | -1) =>
  defineBuiltin<{ value: string | number; duration: DurationLikeObject; zone: string }>({
    key: sign > 0 ? 'datetime.add' : 'datetime.subtract',
    name: sign > 0 ? 'Add to a date' : 'Subtract from a date',
    category,
    description: sign > 0 ? 'Adds a duration (years, months, days, hours…) to a date and time, following the calendar of a time zone.' : 'Subtracts a duration (years, months, days, hours…) from a date and time, following the calendar of a time zone.',
    inputSchema: object({ value: valueSchema(), duration: durationSchema, zone: zoneSchema('Calendar zone', 'Whose calendar days and months count, and the zone of the result.') }, ['value', 'duration']),
    outputSchema: instantOutputSchema,
    run: ({ value, duration, zone }) => {
      const dt = readInstant('value', value).setZone(checkZone('zone', zone));
      return instantOut(checkResult(sign > 0 ? dt.plus(duration) : dt.minus(duration), 'The result'));
    },
  });

const convertZone = defineBuiltin<{ value: string | number; zone: string }>({
  key: 'datetime.convert-zone',
  name: 'Convert a time zone',
  category,
  description: 'Shows the same instant in another time zone: its local date and time there, the offset and the zone’s abbreviation.',
  inputSchema: object({ value: valueSchema(), zone: zoneSchema('Target zone', 'The zone to show the instant in.') }, ['value', 'zone']),
  outputSchema: {
    ...instantOutputSchema,
    properties: {
      ...(instantOutputSchema.properties as object),
      local: { type: 'string', title: 'Local date and time', description: 'Wall-clock time in the zone, without offset: yyyy-MM-ddTHH:mm:ss.SSS' },
      offsetName: { type: 'string', title: 'Zone abbreviation', description: 'e.g. CEST, EST, or GMT+2' },
    },
    required: [...(instantOutputSchema.required as string[]), 'local', 'offsetName'],
  },
  run: ({ value, zone }) => {
    const dt = readInstant('value', value).setZone(checkZone('zone', zone));
    return { ...instantOut(dt), local: dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS"), offsetName: dt.offsetNameShort ?? dt.toFormat('ZZ') };
  },
});

const difference = defineBuiltin<{ start: string | number; end: string | number; unit: DurationUnit; zone: string }>({
  key: 'datetime.difference',
  name: 'Time between two dates',
  category,
  description: 'How long from a start to an end date, in one unit (fractional; negative when the end is earlier), plus the same span as an ISO 8601 duration.',
  inputSchema: object(
    {
      start: valueSchema('Start'),
      end: valueSchema('End'),
      unit: { type: 'string', title: 'Unit', enum: [...UNITS], default: 'days' },
      zone: zoneSchema('Calendar zone', 'Whose calendar months and days count.'),
    },
    ['start', 'end'],
  ),
  outputSchema: object(
    {
      amount: { type: 'number', title: 'Amount', description: 'end − start in the unit asked for' },
      unit: { type: 'string', enum: [...UNITS] },
      iso: { type: 'string', title: 'ISO 8601 duration', description: 'e.g. P1M2DT3H' },
    },
    ['amount', 'unit', 'iso'],
  ),
  run: ({ start, end, unit, zone }) => {
    checkZone('zone', zone);
    const a = readInstant('start', start).setZone(zone);
    const b = readInstant('end', end).setZone(zone);
    const amount = b.diff(a, unit).get(unit);
    const iso = b.diff(a, ['years', 'months', 'days', 'hours', 'minutes', 'seconds', 'milliseconds']).toISO() ?? 'PT0S';
    return { amount, unit, iso };
  },
});

export const DATETIME_TOOLS = [parse, format, shift(1), shift(-1), convertZone, difference];
