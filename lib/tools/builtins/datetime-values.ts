import 'server-only';
import { DateTime } from 'luxon';
import { ToolInputError } from './define';
import type { JsonSchema } from '../types';

/** Every date-time the tools hand back: the same instant three ways, plus where it was read. */
export type InstantOut = { iso: string; unixMillis: number; zone: string; offsetMinutes: number };

export const instantOutputSchema: JsonSchema = {
  type: 'object',
  properties: {
    iso: { type: 'string', format: 'date-time', title: 'ISO 8601', description: 'With the zone’s offset, e.g. 2024-05-01T12:30:00.000+02:00' },
    unixMillis: { type: 'integer', title: 'Milliseconds since 1970-01-01 UTC' },
    zone: { type: 'string', title: 'Time zone', description: 'IANA name (Europe/Paris), UTC, or a fixed offset (UTC+2)' },
    offsetMinutes: { type: 'number', title: 'Offset from UTC in minutes', description: 'Whole minutes, except for local mean times before about 1945 (e.g. +321.17 in Kolkata in 1900).' },
  },
  required: ['iso', 'unixMillis', 'zone', 'offsetMinutes'],
  additionalProperties: false,
};

export const valueSchema = (title = 'Date and time'): JsonSchema => ({
  type: ['string', 'number'],
  title,
  description: 'An ISO 8601 date-time (2024-05-01T10:30:00Z) or milliseconds since 1970-01-01 UTC. Without an offset it is read in UTC; use "Parse a date" for other formats.',
  examples: ['2024-05-01T10:30:00Z', 1714559400000],
});

export const zoneSchema = (title: string, description: string): JsonSchema => ({
  type: 'string',
  title,
  description: `${description} An IANA name (Europe/Paris, America/New_York), UTC, or a fixed offset such as UTC+2.`,
  default: 'UTC',
  minLength: 1,
  maxLength: 64,
  examples: ['UTC', 'Europe/Paris', 'America/New_York', 'UTC+2'],
});

export const localeSchema: JsonSchema = {
  type: 'string',
  title: 'Locale',
  description: 'BCP 47 language tag for month and weekday names, e.g. en-US, fr, de-CH.',
  default: 'en-US',
  minLength: 2,
  maxLength: 35,
};

/** The zone as Luxon knows it, or a message saying what a zone looks like. */
export function checkZone(field: string, zone: string): string {
  if (!DateTime.now().setZone(zone).isValid) throw new ToolInputError(`${field} "${zone}" is not a time zone: use an IANA name such as Europe/Paris, UTC, or a fixed offset such as UTC+2`);
  return zone;
}

/** Refuses a locale Intl cannot use (Luxon would throw a bare RangeError while formatting). */
export function checkLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
  } catch {
    throw new ToolInputError(`locale "${locale}" is not a language tag: use one such as en-US, fr or de-CH`);
  }
}

/** Reads an ISO 8601 string or epoch milliseconds (an offset-less ISO value is read in `zone`). */
export function readInstant(field: string, value: string | number, zone = 'UTC'): DateTime {
  const dt = typeof value === 'number' ? DateTime.fromMillis(value, { zone }) : DateTime.fromISO(value.trim(), { zone, setZone: true });
  if (!dt.isValid) {
    const why = typeof value === 'number' ? 'is out of the representable range (±8.64e15 ms)' : `is not an ISO 8601 date-time (e.g. 2024-05-01T10:30:00Z): ${dt.invalidExplanation ?? dt.invalidReason}`;
    throw new ToolInputError(`${field} ${why}`);
  }
  return dt;
}

/** Refuses a result Luxon marks invalid (a sum beyond the representable range). */
export function checkResult(dt: DateTime, what: string): DateTime {
  if (!dt.isValid) throw new ToolInputError(`${what} is out of the representable date range`);
  return dt;
}

export function instantOut(dt: DateTime): InstantOut {
  return { iso: dt.toISO() as string, unixMillis: dt.toMillis(), zone: dt.zoneName ?? 'UTC', offsetMinutes: dt.offset };
}
