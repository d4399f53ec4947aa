/**
 * Plot specifications: plain Vega-Lite JSON objects built by pure functions from solver results.
 * One specification per figure kind serves every surface — the command line renders it to SVG/PNG
 * in Node (vega + resvg), the web explorer embeds it unchanged. Vega-Lite is declarative (data +
 * encodings, no drawing code), renders headless, and is plain JSON, so the same object can be
 * golden-tested, written next to a figure's data, and re-rendered anywhere.
 *
 * Conventions: data are inlined (`data.values`) so a specification is self-contained; numbers are
 * finite (NaN/∞ become null, which Vega-Lite skips); widths and heights are in pixels.
 * @see https://vega.github.io/vega-lite/
 */

/** A Vega-Lite specification (JSON object). */
export type VegaLiteSpec = { readonly [key: string]: unknown };

/** A data row of a specification. */
export type Row = Readonly<Record<string, number | string | boolean | null>>;

/** The Vega-Lite schema every specification declares. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Default panel size in pixels. */
export const PANEL = Object.freeze({ width: 420, height: 260 });

/** A number fit for JSON data: NaN and ±∞ become null (a gap in the plot). */
export function num(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}

/** Axis options of a quantitative channel. */
export interface AxisOptions {
  readonly field: string;
  readonly title: string;
  /** "linear" (default) or "log". */
  readonly scale?: "linear" | "log";
  /** Explicit domain [min, max]; default: from the data. */
  readonly domain?: readonly [number, number];
  /** Include zero in the domain (default false). */
  readonly zero?: boolean;
}

/** The encoding of a quantitative axis. */
export function quantitative(a: AxisOptions): Record<string, unknown> {
  // a log scale has no zero; Vega-Lite warns if one is asked for
  const scale: Record<string, unknown> = a.scale === "log" ? { type: "log" } : { zero: a.zero ?? false };
  if (a.domain !== undefined) scale["domain"] = [...a.domain];
  return { field: a.field, type: "quantitative", title: a.title, scale };
}

/** A figure title with an optional subtitle. */
export function titleOf(title: string, subtitle?: string): Record<string, unknown> {
  return subtitle === undefined
    ? { text: title, anchor: "start" }
    : { text: title, subtitle, anchor: "start", subtitleFontSize: 11 };
}

/** Several specifications side by side (`"h"`, default) or stacked (`"v"`). */
export function panels(
  specs: readonly VegaLiteSpec[],
  options: { title?: string; subtitle?: string; direction?: "h" | "v"; columns?: number } = {},
): VegaLiteSpec {
  const { $schema: _s, ...first } = (specs[0] ?? {}) as Record<string, unknown>;
  if (specs.length === 1 && options.title === undefined) return specs[0]!;
  const strip = specs.map((s) => {
    const { $schema: _x, ...rest } = s as Record<string, unknown>;
    return rest;
  });
  const key = options.columns !== undefined ? "concat" : options.direction === "v" ? "vconcat" : "hconcat";
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title === undefined ? {} : { title: titleOf(options.title, options.subtitle) }),
    ...(options.columns === undefined ? {} : { columns: options.columns }),
    [key]: strip.length > 0 ? strip : [first],
    resolve: { scale: { color: "independent", shape: "independent" } },
  };
}
