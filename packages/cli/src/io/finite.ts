/**
 * The last guard before an answer is printed: a number that is NaN or infinite would be printed
 * as "NaN", or as `null` in JSON (where `null` means something else, e.g. "disagreement"), so an
 * answer holding one is refused with the field it was found in.
 */
import { UserError } from "../errors.js";

/**
 * The path (`equilibria[0].delta`) of the first non-finite number in `value` (in the order JSON
 * writes it), or undefined. Depth-first with the path kept as a stack of positions: no path
 * string is made unless a number is not finite (an answer of a million specialists holds tens of
 * millions of numbers).
 * @example firstNonFinite({ a: [1, { b: Number.NaN }], c: null }) // 'a[1].b'
 */
export function firstNonFinite(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "(answer)";
  if (value === null || typeof value !== "object") return undefined;
  const containers: object[] = [value];
  // an object's keys, or null for an array (read by index)
  const keys: (readonly string[] | null)[] = [Array.isArray(value) ? null : Object.keys(value)];
  const next: number[] = [0];
  while (containers.length > 0) {
    const top = containers.length - 1;
    const c = containers[top]!;
    const ks = keys[top]!;
    const i = next[top]!;
    if (i >= (ks === null ? (c as readonly unknown[]).length : ks.length)) {
      containers.pop();
      keys.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    const v = ks === null ? (c as readonly unknown[])[i] : (c as Record<string, unknown>)[ks[i]!];
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return pathOf(keys, next);
    } else if (v !== null && typeof v === "object") {
      containers.push(v);
      keys.push(Array.isArray(v) ? null : Object.keys(v));
      next.push(0);
    }
  }
  return undefined;
}

/** The path of the entry last read at each level (`a[1].b`). */
function pathOf(keys: readonly (readonly string[] | null)[], next: readonly number[]): string {
  let path = "";
  for (let j = 0; j < keys.length; j++) {
    const ks = keys[j];
    const i = next[j]! - 1;
    if (ks === null || ks === undefined) path += `[${i}]`;
    else path += path === "" ? ks[i]! : `.${ks[i]!}`;
  }
  return path;
}

/** Throws a {@link UserError} naming the scenario and the field when `answer` holds NaN or ±Infinity. */
export function assertFiniteAnswer(answer: unknown, label: string): void {
  const path = firstNonFinite(answer);
  if (path !== undefined)
    throw new UserError(
      `${label}: the answer cannot be computed in floating point at these magnitudes (${path} is not finite); rescale costs and revenues towards 1`,
    );
}
