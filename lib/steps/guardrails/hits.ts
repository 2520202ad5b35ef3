/** What the guardrails step looks for; each kind is a config field with its own mask style. */
export const MASK_KINDS = ['email', 'phone', 'card', 'iban', 'ip', 'secret', 'url'] as const;
export type MaskKind = (typeof MASK_KINDS)[number];

/** How a found value is replaced: a label, a partial view, a pseudonym, or (flag) left as is and routed to `violation`. */
export const MASK_STYLES = ['off', 'label', 'partial', 'hash', 'flag'] as const;
export type MaskStyle = (typeof MASK_STYLES)[number];

/** One detection in one string: its kind, the rule that found it and its span (UTF-16 offsets, end exclusive). */
export type Hit = { kind: MaskKind | 'injection'; rule: string; start: number; end: number; reason?: string };

/**
 * Every match of a global regex, kept or dropped by `accept`. Callers' patterns start with a
 * negative lookbehind of their own character class and use bounded quantifiers, so a match can
 * only begin where a token begins and the scan stays linear on hostile text (a guardrail reads
 * exactly the text an attacker writes).
 */
export function eachMatch(re: RegExp, text: string, accept: (m: RegExpExecArray) => Hit | null): Hit[] {
  const out: Hit[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const hit = accept(m);
    if (hit) out.push(hit);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
