/**
 * How deeply a request body's JSON may nest. Deeper documents overflow the stack of recursive
 * code further on (JSON.stringify when a run is committed, schema checks, previews), so they are
 * refused at the door, before JSON.parse. Real payloads stay far below this.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of a JSON text, counted without parsing (strings and escapes skipped),
 * stopping as soon as it passes `limit`: linear, no recursion, no allocation. Returns
 * `limit + 1` when the text nests deeper than `limit`.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) max = depth;
      if (max > limit) return limit + 1;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/** The message a refused body gets (a 400 with this as its error). */
export const tooDeepMessage = (limit = MAX_JSON_DEPTH) => `The JSON body is nested deeper than ${limit} levels; flatten it`;

/** Parses request JSON with the depth bound; throws a SyntaxError or a `TooDeepError`. */
export function parseBoundedJson(text: string, limit = MAX_JSON_DEPTH): unknown {
  if (jsonDepth(text, limit) > limit) throw new TooDeepError(tooDeepMessage(limit));
  return JSON.parse(text);
}

export class TooDeepError extends Error {}
