/**
 * Numbers in flags are written in decimal: `0.5`, `-2`, `1e-3`. `Number()` alone also accepts
 * `0x1`, `0b1`, `Infinity` and the empty string (as 0), which a user never means as a parameter.
 */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The value of a decimal number written in `text` (surrounding spaces allowed), else NaN. */
export function decimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : Number.NaN;
}

/** The value of a whole number written in decimal digits, else NaN. */
export function wholeNumber(text: string): number {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}
