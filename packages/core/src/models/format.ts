/** Numbers and rows as the models' reports and sweep rows show them. */
import type { Cell } from "./types.js";

/**
 * Formats a number for people: 6 significant digits, no exponent for ordinary magnitudes.
 * @example formatNumber(1 / 3) // '0.333333'
 */
export function formatNumber(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined) return "—";
  if (Number.isNaN(x)) return "NaN";
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e7) return Number(x.toPrecision(digits)).toString();
  return x.toExponential(digits - 1);
}

/**
 * The scalar leaves of a JSON object as columns `a.b.c` (arrays by index), in the object's order:
 * for answers with one natural row.
 */
export function scalarLeaves(value: unknown, prefix = ""): [string, unknown][] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => scalarLeaves(v, prefix === "" ? k : `${prefix}.${k}`));
  }
  return [[prefix, value]];
}

const num = (x: number): Cell => (Number.isFinite(x) ? x : null);

/**
 * Flattens a JSON answer into one sweep row: nested keys joined by ".", arrays of scalars joined
 * by "; ", arrays of records reduced to their last element (`key.last.…`), non-finite numbers null.
 */
export function flattenRow(x: unknown, prefix = "", out: Record<string, Cell> = {}): Record<string, Cell> {
  if (x === null || x === undefined) {
    if (prefix !== "") out[prefix] = null;
  } else if (typeof x === "number") out[prefix] = num(x);
  else if (typeof x === "string" || typeof x === "boolean") out[prefix] = x;
  else if (ArrayBuffer.isView(x)) flattenRow(Array.from(x as unknown as ArrayLike<number>), prefix, out);
  else if (Array.isArray(x)) {
    if (x.every((v) => v === null || typeof v !== "object")) out[prefix] = x.join("; ");
    else if (x.length > 0) flattenRow(x[x.length - 1], `${prefix}.last`, out);
  } else {
    for (const [k, v] of Object.entries(x)) flattenRow(v, prefix === "" ? k : `${prefix}.${k}`, out);
  }
  return out;
}

/** A sweep row from a JSON answer: its flattened fields, then its warnings joined by "; ". */
export function jsonSweepRow(json: unknown): Record<string, Cell> {
  const { warnings, ...rest } = json as Record<string, unknown>;
  const row = flattenRow(rest);
  row["warnings"] = Array.isArray(warnings) ? warnings.join("; ") : "";
  return row;
}
