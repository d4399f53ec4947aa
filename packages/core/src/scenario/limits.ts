/**
 * Limits on the size of untrusted input, each far above any real scenario and far below what
 * would exhaust the stack, the memory or the user's patience. A scenario beyond a limit is
 * refused with one line naming the field and the limit (docs/reliability.md lists them).
 */
export const LIMITS = Object.freeze({
  /** Characters of one cost or revenue expression (a 200-term polynomial fits). */
  expressionLength: 1000,
  /** Nesting of parentheses and function calls in one expression. */
  expressionDepth: 64,
  /**
   * Characters of a scenario read as YAML (any file not named .json, and standard input that is
   * not JSON): the YAML parser takes ~1.6 s and ~85 MB of memory per million characters (a
   * 100,000-specialist file of 12.5 MB: 20 s and 1 GB), so larger scenarios are written as JSON,
   * which parses at ~20 ms a million characters.
   */
  yamlCharacters: 10_000_000,
  /** Nesting of objects and lists in a scenario file. */
  scenarioDepth: 64,
  /**
   * Bytes of a scenario file: a million specialists in the documented form, with names and
   * full-precision numbers, measure ~125 bytes each written compactly and ~221 pretty-printed
   * with two-space indentation (221 MB), which this admits with a third to spare. It stays below
   * the longest string V8 makes (2^29 − 24 characters), so a file within it is always read whole.
   */
  scenarioBytes: 300_000_000,
  /**
   * Specialists of a fine-tuning game: the ecosystem sizes researchers calibrate to. The
   * polynomial path solves a million in minutes and under 4 GB (bench/fine-tuning.ts); loading
   * them costs seconds (bench/scenario-load.ts).
   */
  specialists: 1_000_000,
  /**
   * Specialists of a fine-tuning game that is not on the polynomial path (any cost not
   * polynomial, any revenue not linear): the numeric path searches every specialist's response
   * for each α0 G tries, minutes already for a few thousand specialists.
   */
  numericSpecialists: 10_000,
  /** Firms of a collaboration scenario. */
  firms: 1000,
  /** Rounds of a collaboration run (scenario files and collab-train alike). */
  rounds: 100_000,
  /** Qualities of a market scenario, and knots of its consumer density. */
  marketPoints: 10_000,
});

/**
 * The deepest nesting of brackets and parentheses in `text` outside double-quoted strings: a
 * check that runs before a parser, which would recurse once per level. One pass over the
 * characters, jumping over each string to its closing quote (a scenario of a million specialists
 * is ~125 MB of text, most of it names and numbers).
 * @example bracketDepth('{"a": [1, [2]], "b": "[[["}') // 3
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return max; // an unterminated string runs to the end: no brackets after it count
    } else if (c === 0x5b || c === 0x7b || c === 0x28) {
      // [ { (
      if (++depth > max) max = depth;
    } else if ((c === 0x5d || c === 0x7d || c === 0x29) && depth > 0) depth--; // ] } )
  }
  return max;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The index of the quote closing the string opened at `open`, or -1: a quote closes it unless an odd run of backslashes precedes it. */
function closingQuote(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let b = q - 1;
    while (b > open && text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    from = q + 1;
  }
}

/**
 * The deepest nesting of objects and arrays in a parsed value (iterative: no recursion), counted
 * up to `stopAt`: a YAML alias that contains itself (`&a [*a]`) parses to a cyclic value, whose
 * depth is unbounded. Only objects and arrays go on the stack, with their depths in a parallel
 * list: the numbers and strings of a million specialists are looked at once and never stored.
 */
export function valueDepth(value: unknown, stopAt: number = LIMITS.scenarioDepth + 1): number {
  if (value === null || typeof value !== "object") return 0;
  let max = 0;
  const values: object[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop()!;
    const d = depths.pop()!;
    if (d > max) max = d;
    if (max >= stopAt) return max;
    const children: readonly unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child !== null && typeof child === "object") {
        values.push(child);
        depths.push(d + 1);
      }
    }
  }
  return max;
}
