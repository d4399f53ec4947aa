/**
 * Line charts: one or more series of (x, y) points, with optional reference rules, points and
 * facets. Used for solutions against the cost ratio, learning trajectories, thresholds against
 * their parameters and the openness curves.
 */
import {
  type AxisOptions,
  PANEL,
  quantitative,
  type Row,
  titleOf,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
} from "./spec.js";

/** One empty row: the data of a layer that draws a single annotation. */
export const ONE = Object.freeze({ values: [{}] });

/** Options of {@link lineChartSpec}. */
export interface LineChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Rows with the x and y fields and (when several series) the series field. */
  readonly data: readonly Row[];
  readonly x: AxisOptions;
  readonly y: AxisOptions;
  /** Field naming the series (colour); default: one series. */
  readonly series?: string;
  /** Legend title of the series. Default: the series field. */
  readonly seriesTitle?: string;
  /** Series order (legend and colours); default: first appearance. */
  readonly seriesOrder?: readonly string[];
  /** Also draw each point ("points": true), or only points, no lines ("scatter"). Default "line". */
  readonly mark?: "line" | "points" | "scatter";
  /** Dashed series (by name). */
  readonly dashed?: readonly string[];
  /** Horizontal reference lines at these y values (with labels). */
  readonly hrules?: readonly { readonly y: number; readonly label?: string }[];
  /** Vertical reference lines at these x values (with labels). */
  readonly vrules?: readonly { readonly x: number; readonly label?: string }[];
  /** Field of a facet: one small panel per value, in columns. */
  readonly facet?: string;
  readonly facetColumns?: number;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A line chart specification.
 * @example
 * lineChartSpec({ title: "t", data: [{ x: 0, y: 1 }], x: { field: "x", title: "x" }, y: { field: "y", title: "y" } }).layer.length // 1
 */
export function lineChartSpec(o: LineChartOptions): VegaLiteSpec {
  const order = o.seriesOrder ?? [...new Set(o.data.map((r) => String(r[o.series ?? ""] ?? "")))];
  const color =
    o.series === undefined
      ? { value: "#1f5fa8" }
      : { field: o.series, type: "nominal", title: o.seriesTitle ?? o.series, sort: [...order] };
  const dash =
    o.series === undefined || o.dashed === undefined || o.dashed.length === 0
      ? {}
      : {
          strokeDash: {
            condition: {
              test: `indexof(${JSON.stringify(o.dashed)}, datum[${JSON.stringify(o.series)}]) >= 0`,
              value: [5, 3],
            },
            value: [1, 0],
          },
        };
  const mark =
    o.mark === "scatter"
      ? { type: "point", filled: true, size: 30 }
      : { type: "line", strokeWidth: 2, ...(o.mark === "points" ? { point: true } : {}) };
  const layer: Record<string, unknown>[] = [
    {
      mark,
      encoding: {
        x: quantitative(o.x),
        y: quantitative(o.y),
        color,
        ...(o.mark === "scatter" ? {} : dash),
        ...(o.series === undefined ? {} : { detail: { field: o.series } }),
      },
    },
  ];
  for (const r of o.hrules ?? []) {
    layer.push({
      data: ONE,
      mark: { type: "rule", color: "#666", strokeDash: [2, 2] },
      encoding: { y: { datum: r.y } },
    });
    if (r.label !== undefined) {
      layer.push({
        data: ONE,
        mark: { type: "text", align: "right", dy: -6, fontSize: 10, color: "#444" },
        encoding: { y: { datum: r.y }, x: { value: o.width ?? PANEL.width }, text: { value: r.label } },
      });
    }
  }
  for (const r of o.vrules ?? []) {
    layer.push({
      data: ONE,
      mark: { type: "rule", color: "#666", strokeDash: [2, 2] },
      encoding: { x: { datum: r.x } },
    });
    if (r.label !== undefined) {
      layer.push({
        data: ONE,
        mark: { type: "text", align: "left", dx: 3, baseline: "top", fontSize: 10, color: "#444" },
        encoding: { x: { datum: r.x }, y: { value: 2 }, text: { value: r.label } },
      });
    }
  }
  const size = { width: o.width ?? PANEL.width, height: o.height ?? PANEL.height };
  if (o.facet !== undefined) {
    return {
      $schema: VEGA_LITE_SCHEMA,
      title: titleOf(o.title, o.subtitle),
      data: { values: o.data },
      facet: { field: o.facet, type: "nominal", title: null, sort: null },
      columns: o.facetColumns ?? 2,
      spec: { ...size, layer },
      resolve: { scale: { y: "independent" } },
    };
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(o.title, o.subtitle),
    ...size,
    data: { values: o.data },
    layer,
  };
}
