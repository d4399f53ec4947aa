/**
 * CSV as `--csv` prints it: a header and rows, numbers at full double precision (JavaScript's
 * shortest round-trip form), null and absent values as empty fields, fields quoted when needed.
 */

/** One field: numbers in full precision, strings quoted when they hold a comma, quote or newline. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The CSV text of `rows` under `header` (one value per column), ending with a newline. */
export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header.join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\n")}\n`;
}
