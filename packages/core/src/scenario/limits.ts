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
  /** Nesting of objects and lists in a scenario file. */
  scenarioDepth: 64,
  /** Bytes of a scenario file. */
  scenarioBytes: 10_000_000,
  /** Specialists of a fine-tuning game (the n-specialist solver is measured up to 10,000). */
  specialists: 10_000,
  /** Firms of a collaboration scenario. */
  firms: 1000,
  /** Rounds of a collaboration run (scenario files and collab-train alike). */
  rounds: 100_000,
  /** Qualities of a market scenario, and knots of its consumer density. */
  marketPoints: 10_000,
});

/**
 * The deepest nesting of brackets and parentheses in `text` outside double-quoted strings: a
 * check that runs before a parser, which would recurse once per level.
 * @example bracketDepth('{"a": [1, [2]], "b": "[[["}') // 3
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{" || c === "(") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}" || c === ")") depth = Math.max(0, depth - 1);
  }
  return max;
}

/**
 * The deepest nesting of objects and arrays in a parsed value (iterative: no recursion), counted
 * up to `stopAt`: a YAML alias that contains itself (`&a [*a]`) parses to a cyclic value, whose
 * depth is unbounded.
 */
export function valueDepth(value: unknown, stopAt: number = LIMITS.scenarioDepth + 1): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    max = Math.max(max, d + 1);
    if (max >= stopAt) return max;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, d + 1]);
  }
  return max;
}
