/**
 * The command line's one CSV writer (RFC 4180): a header and rows separated by "\n", numbers at
 * full double precision (JavaScript's shortest round-trip form), null, absent and non-finite
 * values as empty fields, booleans as true/false, other values as their JSON; a field holding a
 * comma, a double quote, a CR or an LF is quoted with its quotes doubled. Every command that
 * writes CSV writes it through here.
 */
import type { Table } from "@ftg/core";

/** One field, quoted when it must be. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One line of fields (without its line break). */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(",");
}

/** The CSV text of `rows` under `header` (one value per column), ending with a newline. */
export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[csvLine(header), ...rows.map(csvLine)].join("\n")}\n`;
}

/** The CSV text of a core {@link Table}. */
export function csvTable(t: Table): string {
  return csvText(t.columns, t.rows);
}

/**
 * The text of {@link csvTable} a line at a time (each with its line break): the CSV of a million
 * specialists' answer, several columns a specialist, is too large for one string.
 */
export function* csvPieces(t: Table): Generator<string> {
  yield `${csvLine(t.columns)}\n`;
  for (const row of t.rows) yield `${csvLine(row)}\n`;
}
