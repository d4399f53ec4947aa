/**
 * Turns schema failures into one readable line: the path, the value found, what was expected.
 */
import type { z } from "zod";
import { UserError } from "../errors.js";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Formats a path like `specialists[0].cost.polynomial.k`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path)
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out === "" ? "(scenario)" : out;
}

/** Validates `input` or throws a {@link UserError} naming the first problem. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, label: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = formatPath(issue.path);
  const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problem(s))` : "";
  throw new UserError(
    `${label}: ${path}: ${issue.message} (found ${show(valueAt(input, issue.path))})${more}`,
  );
}
