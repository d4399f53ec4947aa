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

/**
 * A short rendering of a found value for messages ("nothing" when absent): non-finite numbers by
 * name (JSON would print them as null, which means something else), control and unprintable
 * characters escaped, at most `maxLength` characters.
 * @example describeValue(Number.POSITIVE_INFINITY) // 'Infinity'
 */
export function describeValue(v: unknown, maxLength = 60): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v, (_k, x: unknown) =>
    typeof x === "number" && !Number.isFinite(x) ? String(x) : x,
  );
  if (s === undefined) return String(v);
  const printable = s.replace(
    /[\u007f-\u009f\u00ad\u2028\u2029\ufffd\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return printable.length > maxLength ? `${printable.slice(0, maxLength - 3)}...` : printable;
}

/** Lengths of things zod measures, in words. */
const UNITS: Readonly<Record<string, string>> = { array: " items", string: " characters", set: " items" };

/**
 * Messages for the problems a schema does not word itself, in the toolkit's words rather than
 * the schema library's ("expected at most 100000", not "Too big: expected number to be <=100000").
 * Returns undefined to keep the library's message for codes not listed.
 */
function errorMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const i = iss as z.core.$ZodRawIssue & {
    expected?: string;
    received?: string;
    maximum?: number | bigint;
    minimum?: number | bigint;
    inclusive?: boolean;
    origin?: string;
    keys?: string[];
    values?: unknown[];
  };
  switch (i.code) {
    case "invalid_type": {
      if (i.input === undefined) return `required (expected ${article(i.expected ?? "value")})`;
      if (i.expected === "number" && typeof i.input === "number") return "expected a finite number";
      return `expected ${article(i.expected ?? "value")}`;
    }
    case "too_big":
      return `expected ${i.inclusive === false ? "less than" : "at most"} ${String(i.maximum)}${UNITS[i.origin ?? ""] ?? ""}`;
    case "too_small":
      return `expected ${i.inclusive === false ? "more than" : "at least"} ${String(i.minimum)}${UNITS[i.origin ?? ""] ?? ""}`;
    case "unrecognized_keys": {
      const known = Object.keys(
        (i.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape ??
          {},
      );
      const keys = (i.keys ?? []).map((k) => JSON.stringify(k)).join(", ");
      const hint = known.length > 0 ? `; expected ${known.map((k) => JSON.stringify(k)).join(", ")}` : "";
      return `unknown key${(i.keys ?? []).length === 1 ? "" : "s"} ${keys}${hint}`;
    }
    case "invalid_value":
      return `expected ${(i.values ?? []).map((v) => JSON.stringify(v)).join(" or ")}`;
    case "invalid_union":
      return "does not match any accepted form";
    default:
      return undefined;
  }
}

const article = (what: string): string => (/^[aeiou]/.test(what) ? `an ${what}` : `a ${what}`);

/** Validates `input` with a zod schema; every issue names the path, the value found and the expectation. */
export function validateWith<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const r = schema.safeParse(input, { error: errorMessage });
  if (r.success) return { ok: true, value: r.data };
  // a wrong "model" first (it explains every other problem), then unknown keys: a misspelt key
  // ("specialist") also makes the real one missing, and the misspelling is what the user must fix
  const rank = (i: z.core.$ZodIssue): number =>
    i.path.length === 1 && i.path[0] === "model" ? 0 : i.code === "unrecognized_keys" ? 1 : 2;
  const ordered = [...r.error.issues].sort((a, b) => rank(a) - rank(b));
  return {
    ok: false,
    issues: ordered.map((i) => ({
      path: formatPath(i.path),
      message:
        i.code === "unrecognized_keys"
          ? i.message
          : `${i.message} (found ${describeValue(valueAt(input, i.path))})`,
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
