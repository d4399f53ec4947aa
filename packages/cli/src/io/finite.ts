/**
 * The last guard before an answer is printed: a number that is NaN or infinite would be printed
 * as "NaN", or as `null` in JSON (where `null` means something else, e.g. "disagreement"), so an
 * answer holding one is refused with the field it was found in.
 */
import { UserError } from "../errors.js";

/** The path (`equilibria[0].delta`) of the first non-finite number in `value`, or undefined. */
export function firstNonFinite(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return path === "" ? "(answer)" : path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>).reverse();
      for (const [k, x] of entries) stack.push([x, path === "" ? k : `${path}.${k}`]);
    }
  }
  return undefined;
}

/** Throws a {@link UserError} naming the scenario and the field when `answer` holds NaN or ±Infinity. */
export function assertFiniteAnswer(answer: unknown, label: string): void {
  const path = firstNonFinite(answer);
  if (path !== undefined)
    throw new UserError(
      `${label}: the answer cannot be computed in floating point at these magnitudes (${path} is not finite); rescale costs and revenues towards 1`,
    );
}
