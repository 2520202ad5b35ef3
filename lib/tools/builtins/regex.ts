import 'server-only';
import { RE2JS, RE2JSException } from 're2js';
import { capText, defineBuiltin, MAX_TEXT, object, ToolInputError } from './define';

// Patterns come from users (and later models), so they run on re2js, a pure-JS port of RE2:
// matching time is linear in the text, so a pattern such as (a+)+$ cannot backtrack
// exponentially and block the event loop. The price is RE2's syntax: no look-around and no
// back-references, which are refused with a message. A QuickJS sandbox with a deadline would
// keep the full syntax but costs a worker round trip per call and still burns the whole budget.

const MAX_PATTERN = 2_000;
const MAX_MATCHES = 10_000;

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

type Match = { match: string; index: number; groups: (string | null)[]; named: Record<string, string | null> };

const extract = defineBuiltin<{ text: string; pattern: string; flags: string; maxMatches: number }>({
  key: 'regex.extract',
  name: 'Extract with a regular expression',
  category: 'Text',
  description: 'Finds every match of a regular expression in a text, with numbered and named groups ((?<name>…)) and their positions. Runs on a linear-time engine (RE2), so no pattern can hang; look-around and back-references are not supported.',
  inputSchema: object(
    {
      text: { type: 'string', title: 'Text', description: `Up to ${MAX_TEXT.toLocaleString('en-US')} characters.` },
      pattern: { type: 'string', title: 'Pattern', description: 'RE2 syntax, close to JavaScript’s without look-around or back-references. No surrounding slashes.', minLength: 1, maxLength: MAX_PATTERN, examples: ['(?<year>\\d{4})-(?<month>\\d{2})', '[\\w.+-]+@[\\w-]+\\.[\\w.]+'] },
      flags: { type: 'string', title: 'Flags', description: 'i ignore case, m ^ and $ match at line breaks, s . matches line breaks. Every match is returned, so g is not needed.', pattern: '^[ims]*$', default: '', maxLength: 3 },
      maxMatches: { type: 'integer', title: 'Most matches', description: `Stop after this many matches (at most ${MAX_MATCHES.toLocaleString('en-US')}); truncated tells whether there were more.`, minimum: 1, maximum: MAX_MATCHES, default: 100 },
    },
    ['text', 'pattern'],
  ),
  outputSchema: object(
    {
      matches: {
        type: 'array',
        items: object(
          {
            match: { type: 'string', title: 'Matched text' },
            index: { type: 'integer', minimum: 0, title: 'Position in the text' },
            groups: { type: 'array', title: 'Groups', description: 'Numbered groups from 1; null when a group did not take part.', items: { type: ['string', 'null'] } },
            named: { type: 'object', title: 'Named groups', additionalProperties: { type: ['string', 'null'] } },
          },
          ['match', 'index', 'groups', 'named'],
        ),
      },
      count: { type: 'integer', minimum: 0 },
      truncated: { type: 'boolean', description: 'More matches follow past maxMatches.' },
    },
    ['matches', 'count', 'truncated'],
  ),
  run: ({ text, pattern, flags, maxMatches }) => {
    capText('text', text, MAX_TEXT);
    const re = compile(pattern, flags);
    const names = Object.entries(re.namedGroups());
    const m = re.matcher(text);
    const matches: Match[] = [];
    let truncated = false;
    while (m.find()) {
      if (matches.length === maxMatches) {
        truncated = true;
        break;
      }
      const groups = Array.from({ length: re.groupCount() }, (_, i) => m.group(i + 1));
      matches.push({ match: m.group() ?? '', index: m.start(), groups, named: Object.fromEntries(names.map(([name, i]) => [name, groups[i - 1] ?? null])) });
    }
    return { matches, count: matches.length, truncated };
  },
});

function compile(pattern: string, flags: string): RE2JS {
  const bits = [...new Set(flags)].reduce((acc, f) => acc | (FLAG_BITS[f] ?? 0), 0);
  try {
    return RE2JS.compile(pattern, bits);
  } catch (err) {
    if (!(err instanceof RE2JSException)) throw err;
    const unsupported = /invalid or unsupported Perl syntax|invalid escape|backreference/i.test(err.message);
    throw new ToolInputError(`The pattern is not usable: ${err.message}${unsupported ? ' (look-around and back-references are not supported: this engine guarantees linear time)' : ''}`);
  }
}

export const REGEX_TOOLS = [extract];
