/**
 * Problems with untrusted input (scenario files, form fields, URL state), as data: each names the
 * path of the field, what was found there and what was expected. Shared by the command line (which
 * prints the first as one line) and the explorer (which shows each next to its field).
 */
import type { z } from "zod";
import { InputError } from "../inputError.js";

/** One problem: where (`specialists[0].cost.polynomial.c`) and what (message with the value found). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** A validated value or the list of problems. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: FieldIssue[] };

/**
 * Formats a path the way users write it.
 * @example formatPath(["specialists", 0, "cost"]) // 'specialists[0].cost'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path)
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out === "" ? "(scenario)" : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A short rendering of a found value for messages ("nothing" when absent). */
export function describeValue(v: unknown, maxLength = 60): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > maxLength ? `${s.slice(0, maxLength - 3)}...` : s;
}

/** Validates `input` with a zod schema; every issue names the path, the value found and the expectation. */
export function validateWith<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({
      path: formatPath(i.path),
      message: `${i.message} (found ${describeValue(valueAt(input, i.path))})`,
    })),
  };
}

/**
 * Validates `input` with a zod schema or throws an {@link InputError} listing every problem
 * (path, value found, what was expected).
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = validateWith(schema, input);
  if (r.ok) return r.value;
  throw new InputError(r.issues);
}
