/** Plain-text tables for the human-readable output of `ftg solve`. */

/** Formats a number for people: the core's formatting, shared with the models' reports. */
export { formatNumber as fmt } from "@ftg/core/format";

/** Options of {@link table}. */
export interface TableOptions {
  /**
   * Rows printed; beyond them one line says how many more there are and where to find them (a
   * game of a million specialists has a million rows, which no one reads on a terminal). Default:
   * every row.
   */
  readonly maxRows?: number;
}

/**
 * Left-aligned first column, right-aligned others.
 * @example table(["x", "y"], [["a", "1"], ["b", "22"]], { maxRows: 1 }) // 'x  y\n─  ─\na  1\n… 1 more row (--json or --csv prints every row)'
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const shown = options.maxRows === undefined ? rows : rows.slice(0, options.maxRows);
  // a loop, not Math.max(...lengths): spreading a million arguments overflows the stack
  const widths = header.map((h) => h.length);
  for (const r of shown)
    for (let j = 0; j < widths.length; j++) widths[j] = Math.max(widths[j]!, (r[j] ?? "").length);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!)))
      .join("  ")
      .trimEnd();
  const lines = [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...shown.map(line)];
  const more = rows.length - shown.length;
  if (more > 0)
    lines.push(
      `… ${more.toLocaleString("en-US")} more row${more === 1 ? "" : "s"} (--json or --csv prints every row)`,
    );
  return lines.join("\n");
}
