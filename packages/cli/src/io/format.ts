/** Plain-text tables for the human-readable output of `ftg solve`. */

/** Formats a number for people: 6 significant digits, no exponent for ordinary magnitudes. */
export function fmt(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined) return "—";
  if (Number.isNaN(x)) return "NaN";
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e7) return Number(x.toPrecision(digits)).toString();
  return x.toExponential(digits - 1);
}

/** Left-aligned first column, right-aligned others. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
