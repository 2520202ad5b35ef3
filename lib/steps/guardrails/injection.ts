import type { Hit } from './hits';

/**
 * Prompt-injection and jailbreak rules. Heuristic: they catch the common phrasings (English) and
 * their obfuscation by case, extra whitespace, full-width letters and invisible characters, not a
 * reworded attack; the optional model check is the second line. Each rule's id is what a finding
 * names; README and the step's description list them.
 */
export const INJECTION_RULES: { rule: string; reason: string; re: RegExp; notAfter?: RegExp }[] = [
  {
    rule: 'ignore-instructions',
    reason: 'asks to ignore or override earlier instructions',
    notAfter: /(?:don'?t|do not|never|not) $/,
    re: /\b(?:ignore|disregard|forget|override|bypass|skip)(?: (?:all|any|every|each|the|your|my|of|these|those|that|previous|prior|above|earlier|preceding|foregoing|original|initial|system|developer|safety)){0,4} (?:instructions?|rules|directions|directives|prompts?|guidelines|guardrails|constraints|context|programming)\b/g,
  },
  {
    rule: 'new-instructions',
    reason: 'replaces the instructions',
    re: /\b(?:your (?:new|real|true|actual) (?:instructions|task|role|purpose|objective) (?:is|are)|from now on,? you (?:are|will|must|shall|should)|new (?:system )?instructions:)/g,
  },
  {
    rule: 'role-override',
    reason: 'role-play that lifts the rules (DAN, developer mode, an unrestricted persona)',
    re: /\b(?:you are (?:now )?(?:dan|an? (?:unrestricted|unfiltered|uncensored|jailbroken|evil) (?:ai|assistant|model|chatbot))|(?:act|behave|respond) as (?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken|evil)|pretend (?:to be|you are|that you are)(?:,? [\w']+){0,8},? (?:without|with no) (?:restrictions|rules|limits|filters)|do anything now|(?:enable|enter|activate|switch to) (?:developer|dev|god|jailbreak|dan) mode)\b/g,
  },
  {
    rule: 'no-restrictions',
    reason: 'asks to drop safety rules or content policy',
    re: /\b(?:(?:without|with no|ignore|ignoring|free of|free from) (?:any |all |your )?(?:restrictions|limitations|filters|filtering|censorship|safety (?:rules|guidelines)|content polic(?:y|ies)|ethical guidelines)|(?:no longer|not) bound by (?:any |your )?(?:rules|guidelines|polic(?:y|ies)|restrictions))\b/g,
  },
  {
    rule: 'system-prompt-extraction',
    reason: 'asks for the system prompt or hidden instructions',
    re: /\b(?:(?:reveal|show|print|display|output|repeat|leak|dump|tell me|give me|what (?:is|are|was|were)) (?:me )?(?:your|the) (?:full |entire |exact |original |initial |hidden |secret )*(?:system|initial|original|hidden|secret|developer) (?:prompt|instructions|message|rules)|repeat (?:everything|all|the (?:text|words|lines)) (?:above|before this)|what were you told (?:before|at the start))\b/g,
  },
  {
    rule: 'chat-markup',
    reason: 'chat-format role markers that fake a system or assistant turn',
    re: /<\|(?:im_start|im_end|system|assistant|user|endoftext)\|>|\[\/?inst\]|<<\/?sys>>|^#{2,3} ?(?:system|assistant) ?:|^(?:system|assistant) ?:/gm,
  },
  {
    rule: 'encoded-payload',
    reason: 'asks to decode and follow hidden text',
    re: /\b(?:decode|decipher|deobfuscate|translate) (?:this|the following|the text below|it)(?: from)?(?: base64| rot13| hex| binary)? (?:and|then) (?:follow|execute|run|obey|do what it says)/g,
  },
  {
    rule: 'exfiltration',
    reason: 'asks to send the conversation or secrets somewhere',
    re: /\b(?:send|post|forward|email|upload|leak|exfiltrate)(?: \w+){0,3} (?:conversation|chat history|system prompt|instructions|passwords?|credentials|api keys?|secrets?|tokens?)(?: \w+){0,3} to (?:https?:|www\.|\S+@)/g,
  },
];

/**
 * The text the rules read: each character NFKC-folded (full-width letters, ligatures) and lower
 * cased, invisible format characters dropped, runs of whitespace one space; `map[i]` is the
 * original offset of folded character i, so findings carry spans into the text as given.
 */
export function fold(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let space = false;
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    const at = i;
    // ASCII, nearly all text, without a regex or normalize per character.
    if (code < 128) {
      i++;
      if (code === 32 || (code >= 9 && code <= 13 && code !== 10)) {
        if (!space) {
          folded += ' ';
          map.push(at);
        }
        space = true;
        continue;
      }
      space = false;
      folded += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[at];
      map.push(at);
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    i += ch.length;
    if (/\p{Cf}/u.test(ch)) continue;
    if (/\s/.test(ch)) {
      if (!space) {
        folded += ' ';
        map.push(at);
      }
      space = true;
      continue;
    }
    space = false;
    for (const c of ch.normalize('NFKC').toLowerCase()) {
      folded += c;
      map.push(at);
    }
  }
  return { folded, map };
}

// U+E0000–E007F "tag" characters spell invisible ASCII ("ASCII smuggling"); the only honest use
// is a subdivision flag (🏴, up to 7 tag letters, the cancel tag U+E007F), which is left alone.
// Checked after the match: a lookbehind over the run would rescan it at every position.
const TAG_RUN = /[\u{E0000}-\u{E007F}]+/gu;
const isSubdivisionFlag = (text: string, at: number, run: string[]) => text.codePointAt(at - 2) === 0x1f3f4 && run.length <= 8 && run.at(-1) === '\u{E007F}';
const LETTERS = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,4096}={0,2}(?![A-Za-z0-9+/=])/g;

/** Prompt-injection findings: the rules on the folded text, on text hidden in tag characters, and on base64 runs that decode to such text. */
export function findInjection(text: string): Hit[] {
  const hits = applyRules(text, 0, text.length);
  for (const m of text.matchAll(TAG_RUN)) {
    const run = [...m[0]];
    if (isSubdivisionFlag(text, m.index, run)) continue;
    const start = m.index;
    const end = start + m[0].length;
    hits.push({ kind: 'injection', rule: 'hidden-text', start, end, reason: 'text hidden in invisible Unicode tag characters' });
    const hidden = run.map((c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)).join('');
    for (const h of applyRules(hidden, start, end)) hits.push({ ...h, rule: `${h.rule}:hidden` });
  }
  for (const m of text.matchAll(LETTERS)) {
    const decoded = Buffer.from(m[0], 'base64').toString('utf8');
    // Only text counts: random bytes decode to mostly unprintable characters.
    if (!/^[\x20-\x7e\s]+$/.test(decoded)) continue;
    for (const h of applyRules(decoded, m.index, m.index + m[0].length)) hits.push({ ...h, rule: `${h.rule}:base64`, reason: `${h.reason} (base64-encoded)` });
  }
  return hits;
}

/** The rules over `text`; spans map back into it, or, for decoded text, cover the whole [start, end) it came from. */
function applyRules(text: string, start: number, end: number): Hit[] {
  const { folded, map } = fold(text);
  const direct = start === 0 && end === text.length;
  const hits: Hit[] = [];
  for (const { rule, reason, re, notAfter } of INJECTION_RULES) {
    re.lastIndex = 0;
    for (const m of folded.matchAll(re)) {
      // A negation just before ("don't ignore the rules") is checked here: a leading lookbehind would run at every position.
      if (notAfter?.test(folded.slice(Math.max(0, m.index - 8), m.index))) continue;
      const s = direct ? map[m.index]! : start;
      const last = m.index + m[0].length - 1;
      const e = direct ? map[last]! + (text.codePointAt(map[last]!)! > 0xffff ? 2 : 1) : end;
      hits.push({ kind: 'injection', rule, start: s, end: e, reason });
    }
  }
  return hits;
}
