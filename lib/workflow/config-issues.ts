import type { z } from 'zod';
import type { StepDefinition } from '@/lib/steps/types';

/** A label from a code name, for fields a definition does not label: "maxIterations" → "Max iterations". */
export const labelFromKey = (key: string) => key.replace(/([A-Z])/g, ' $1').toLowerCase().replace(/^./, (c) => c.toUpperCase());

/** The label a step type gives a config field. */
export const fieldLabel = (def: StepDefinition, key: string) => def.fields?.[key]?.label ?? labelFromKey(key);

const NOUN: Record<string, string> = { number: 'a number', int: 'a whole number', string: 'text', array: 'a list', object: 'an object (name → value)', boolean: 'on or off' };

/** What the field needs, in words, for zod's generic issues; null keeps the definition's own message. */
function need(issue: z.core.$ZodIssue): string | null {
  const i = issue as z.core.$ZodIssue & { expected?: string; minimum?: number | bigint; maximum?: number | bigint; origin?: string; values?: unknown[]; format?: string };
  const generic = /^(Invalid|Too (small|big))/.test(i.message);
  if (!generic) return null;
  switch (i.code) {
    case 'invalid_type': {
      const noun = NOUN[i.expected ?? ''];
      // zod leaves the input out of issues; its message still says what it received.
      if (/received undefined/.test(i.message)) return noun === 'a number' || noun === 'a whole number' ? `enter ${noun}` : noun === 'a list' ? 'add at least one item' : 'fill this in';
      return noun ? `needs ${noun}` : 'has the wrong kind of value';
    }
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'fill this in' : `needs at least ${i.minimum} characters`;
      if (i.origin === 'array' || i.origin === 'set') return `needs at least ${i.minimum} item${Number(i.minimum) === 1 ? '' : 's'}`;
      return `needs a number of at least ${i.minimum}`;
    case 'too_big':
      if (i.origin === 'string') return `needs at most ${i.maximum} characters`;
      if (i.origin === 'array' || i.origin === 'set') return `takes at most ${i.maximum} items`;
      return `needs a number of at most ${i.maximum}`;
    case 'invalid_value':
      return i.values?.length ? `choose one of ${i.values.map(String).join(', ')}` : 'is not one of the allowed values';
    case 'invalid_format':
      return i.format === 'url' ? 'needs a full URL, e.g. https://api.example.com/items' : i.format === 'regex' ? 'has characters that are not allowed here' : `needs a valid ${i.format}`;
    case 'invalid_union':
      return 'has a value of the wrong kind';
    default:
      return 'is not valid';
  }
}

/**
 * One config problem for a person: which field (by the label the form shows), then what it needs.
 * zod's generic wording ("Invalid input: expected number, received undefined") becomes "Duration
 * (ms): enter a number"; a definition's own message is kept after the label.
 */
export function explainConfigIssue(def: StepDefinition, issue: z.core.$ZodIssue): string {
  const [key, ...rest] = issue.path;
  const where = key === undefined ? def.label : [fieldLabel(def, String(key)), ...rest.map((p) => (typeof p === 'number' ? `item ${p + 1}` : labelFromKey(String(p)).toLowerCase()))].join(', ');
  const text = need(issue);
  return text ? `${where}: ${text}` : `${where}: ${issue.message}`;
}
