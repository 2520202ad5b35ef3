import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { outputProblems, runTool } from './test-helpers';

const run = async (key: string, input: unknown) => {
  const out = await runTool(key, input);
  expect(outputProblems(key, out)).toEqual([]);
  return out as Record<string, unknown>;
};

describe('datetime.parse', () => {
  it('reads a pattern in the given zone, keeping calendar parts in that zone', async () => {
    const out = await run('datetime.parse', { value: '31/12/2024 18:30', format: 'dd/MM/yyyy HH:mm', zone: 'Europe/Paris' });
    expect(out).toMatchObject({ iso: '2024-12-31T18:30:00.000+01:00', unixMillis: Date.UTC(2024, 11, 31, 17, 30), zone: 'Europe/Paris', offsetMinutes: 60 });
    expect(out.parts).toEqual({ year: 2024, month: 12, day: 31, hour: 18, minute: 30, second: 0, millisecond: 0, weekday: 2 });
  });
  it('keeps the offset written in the text over the zone asked for', async () => {
    expect(await run('datetime.parse', { value: '2024-05-01T10:00:00+05:30', zone: 'America/New_York' })).toMatchObject({ offsetMinutes: 330, unixMillis: Date.UTC(2024, 4, 1, 4, 30) });
  });
  it('reads month names in a locale, RFC 2822, HTTP, SQL and Unix time', async () => {
    expect(await run('datetime.parse', { value: '3 mars 2024', format: 'd MMMM yyyy', locale: 'fr' })).toMatchObject({ iso: '2024-03-03T00:00:00.000Z' });
    expect(await run('datetime.parse', { value: 'Tue, 01 Nov 2016 13:23:12 +0630', format: 'rfc2822' })).toMatchObject({ unixMillis: Date.UTC(2016, 10, 1, 6, 53, 12) });
    expect(await run('datetime.parse', { value: 'Sun, 06 Nov 1994 08:49:37 GMT', format: 'http' })).toMatchObject({ unixMillis: 784111777000 });
    expect(await run('datetime.parse', { value: '2017-05-15 09:24:15', format: 'sql' })).toMatchObject({ iso: '2017-05-15T09:24:15.000Z' });
    expect(await run('datetime.parse', { value: 1700000000, format: 'unix-seconds' })).toMatchObject({ unixMillis: 1700000000000 });
    expect(await run('datetime.parse', { value: '1700000000123', format: 'unix-millis' })).toMatchObject({ unixMillis: 1700000000123 });
  });
  it('says why a text does not match its format', async () => {
    await expect(runTool('datetime.parse', { value: '31/02/2024', format: 'dd/MM/yyyy' })).rejects.toThrow(/"31\/02\/2024" does not match the format "dd\/MM\/yyyy": .*day/);
    await expect(runTool('datetime.parse', { value: 'soon' })).rejects.toThrow(/does not match the format "iso"/);
    await expect(runTool('datetime.parse', { value: 'abc', format: 'unix-seconds' })).rejects.toThrow('"abc" is not a number, as the format "unix-seconds" expects');
  });
  it('refuses an unknown zone or locale by name, and a missing value', async () => {
    await expect(runTool('datetime.parse', { value: '2024-01-01', zone: 'Mars/Olympus' })).rejects.toThrow('zone "Mars/Olympus" is not a time zone');
    await expect(runTool('datetime.parse', { value: '2024-01-01', locale: 'not a locale' })).rejects.toThrow('locale "not a locale" is not a language tag');
    await expect(runTool('datetime.parse', {})).rejects.toMatchObject({ kind: 'NonRetriableError', message: 'Parse a date: value is required' });
  });
});

describe('datetime.format', () => {
  const value = '2024-03-30T23:30:00Z';
  it('writes a pattern in a zone and a locale', async () => {
    expect(await run('datetime.format', { value, pattern: "cccc d LLLL yyyy 'à' HH:mm", zone: 'Europe/Paris', locale: 'fr' })).toEqual({ text: 'dimanche 31 mars 2024 à 00:30' });
    expect(await run('datetime.format', { value: Date.UTC(2024, 0, 2), pattern: 'yyyy-MM-dd' })).toEqual({ text: '2024-01-02' });
  });
  it('writes the named formats', async () => {
    expect(await run('datetime.format', { value, zone: 'Asia/Tokyo' })).toEqual({ text: '2024-03-31T08:30:00.000+09:00' });
    expect(await run('datetime.format', { value, pattern: 'http' })).toEqual({ text: 'Sat, 30 Mar 2024 23:30:00 GMT' });
    expect(await run('datetime.format', { value, pattern: 'unix-seconds' })).toEqual({ text: '1711841400' });
    expect(await run('datetime.format', { value, pattern: 'iso-date', zone: 'UTC+2' })).toEqual({ text: '2024-03-31' });
  });
  it('reads a pattern named like an Object method as tokens', async () => {
    expect(await run('datetime.format', { value, pattern: 'toString' })).toEqual({ text: DateTime.fromISO(value, { zone: 'UTC' }).toFormat('toString') });
  });
  it('refuses a value that is not ISO 8601, with an example', async () => {
    await expect(runTool('datetime.format', { value: '30/03/2024' })).rejects.toThrow('value is not an ISO 8601 date-time (e.g. 2024-05-01T10:30:00Z)');
    await expect(runTool('datetime.format', { value: 9e15 })).rejects.toThrow('value is out of the representable range');
    await expect(runTool('datetime.format', { value: true })).rejects.toThrow('Format a date: value must be string,number');
  });
});

describe('datetime.add and datetime.subtract', () => {
  it('adds calendar days across a daylight-saving change in the zone (23 hours)', async () => {
    const out = await run('datetime.add', { value: '2024-03-30T12:00:00+01:00', duration: { days: 1 }, zone: 'Europe/Paris' });
    expect(out).toMatchObject({ iso: '2024-03-31T12:00:00.000+02:00' });
    expect((out.unixMillis as number) - Date.parse('2024-03-30T12:00:00+01:00')).toBe(23 * 3600_000);
  });
  it('adds a mix of units and subtracts months to the end of a shorter month', async () => {
    expect(await run('datetime.add', { value: '2024-01-31T00:00:00Z', duration: { months: 1, hours: 2, minutes: 30 } })).toMatchObject({ iso: '2024-02-29T02:30:00.000Z' });
    expect(await run('datetime.subtract', { value: '2024-03-31T00:00:00Z', duration: { months: 1 } })).toMatchObject({ iso: '2024-02-29T00:00:00.000Z' });
  });
  it('refuses an empty duration, an unknown unit and a result out of range', async () => {
    await expect(runTool('datetime.add', { value: '2024-01-01T00:00:00Z', duration: {} })).rejects.toThrow('duration must NOT have fewer than 1 properties');
    await expect(runTool('datetime.add', { value: '2024-01-01T00:00:00Z', duration: { fortnights: 1 } })).rejects.toThrow('duration has an unknown field "fortnights"');
    await expect(runTool('datetime.add', { value: '2024-01-01T00:00:00Z', duration: { years: 1e9 } })).rejects.toThrow('The result is out of the representable date range');
  });
});

describe('datetime.convert-zone and datetime.difference', () => {
  it('shows an instant in another zone with its wall-clock time and abbreviation', async () => {
    expect(await run('datetime.convert-zone', { value: '2024-07-01T12:00:00Z', zone: 'America/New_York' })).toEqual({
      iso: '2024-07-01T08:00:00.000-04:00',
      unixMillis: Date.UTC(2024, 6, 1, 12),
      zone: 'America/New_York',
      offsetMinutes: -240,
      local: '2024-07-01T08:00:00.000',
      offsetName: 'EDT',
    });
  });
  it('keeps a historical offset with seconds (local mean time) within its contract', async () => {
    const out = await run('datetime.convert-zone', { value: '1900-01-01T00:00:00Z', zone: 'Asia/Kolkata' });
    expect(out.offsetMinutes).toBeCloseTo(321 + 10 / 60, 5);
    expect(out.unixMillis).toBe(Date.UTC(1900, 0, 1));
  });
  it('measures in the unit asked for, negative when the end is earlier', async () => {
    expect(await run('datetime.difference', { start: '2024-01-01T00:00:00Z', end: '2024-03-01T12:00:00Z', unit: 'days' })).toEqual({ amount: 60.5, unit: 'days', iso: 'P2MT12H' });
    expect(await run('datetime.difference', { start: '2024-01-02T00:00:00Z', end: '2024-01-01T00:00:00Z' })).toMatchObject({ amount: -1, unit: 'days' });
    expect(await run('datetime.difference', { start: '2024-01-01T00:00:00Z', end: '2024-01-01T00:00:01.5Z', unit: 'milliseconds' })).toMatchObject({ amount: 1500, iso: 'PT1.5S' });
  });
  it('refuses an unknown unit with the list', async () => {
    await expect(runTool('datetime.difference', { start: 0, end: 1, unit: 'fortnights' })).rejects.toThrow(/unit must be one of "years", "quarters", .*"milliseconds"/);
  });
});
