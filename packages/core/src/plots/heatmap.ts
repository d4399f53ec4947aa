/**
 * Heat maps and region maps over a rectangular grid: one rectangle per grid point, coloured by a
 * quantitative value (joint utilities over (δ, c1/c0)) or a category (regulatory regions over
 * (θ, p)), with optional masked cells (grey: not Pareto-optimal) and overlaid curves.
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

/** Options of {@link heatmapSpec}. */
export interface HeatmapOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Grid values along each axis (sorted ascending); rows refer to them by value. */
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** One row per cell: the x and y fields, the colour field, optional mask and facet fields. */
  readonly data: readonly Row[];
  readonly x: AxisOptions;
  readonly y: AxisOptions;
  /** Colour: a quantitative field (with a scheme) or a nominal one (with a fixed category order). */
  readonly color:
    | {
        readonly field: string;
        readonly title: string;
        readonly type: "quantitative";
        readonly scheme?: string;
      }
    | {
        readonly field: string;
        readonly title: string;
        readonly type: "nominal";
        readonly categories: readonly string[];
        readonly colors: readonly string[];
      };
  /** Boolean field: cells where it is true are drawn grey (e.g. not Pareto-optimal). */
  readonly mask?: { readonly field: string; readonly label: string };
  /** Curves drawn over the map: rows with x, y and a series field. */
  readonly overlay?: { readonly data: readonly Row[]; readonly series: string; readonly title: string };
  /** Field of a facet: one panel per value. */
  readonly facet?: string;
  readonly facetColumns?: number;
  readonly width?: number;
  readonly height?: number;
}

/** Cell edges: midpoints between neighbours (geometric midpoints on a log axis). */
export function cellEdges(values: readonly number[], scale: "linear" | "log" = "linear"): number[] {
  const n = values.length;
  if (n === 0) return [];
  if (n === 1) return [values[0]! - 0.5, values[0]! + 0.5];
  const mid = (a: number, b: number) => (scale === "log" ? Math.sqrt(a * b) : (a + b) / 2);
  const edges = [0];
  for (let i = 0; i + 1 < n; i++) edges.push(mid(values[i]!, values[i + 1]!));
  const first = scale === "log" ? values[0]! ** 2 / edges[1]! : 2 * values[0]! - edges[1]!;
  const last = scale === "log" ? values[n - 1]! ** 2 / edges[n - 1]! : 2 * values[n - 1]! - edges[n - 1]!;
  edges[0] = first;
  edges.push(last);
  return edges;
}

/**
 * A heat-map specification. Cells get edge fields `_x0, _x1, _y0, _y1` from the grids.
 * @example
 * const spec = heatmapSpec({ title: "t", xs: [0, 1], ys: [0], data: [{ x: 0, y: 0, v: 1 }, { x: 1, y: 0, v: 2 }],
 *   x: { field: "x", title: "x" }, y: { field: "y", title: "y" },
 *   color: { field: "v", title: "v", type: "quantitative" } });
 * spec.layer.length // 1
 */
export function heatmapSpec(o: HeatmapOptions): VegaLiteSpec {
  const xe = cellEdges(o.xs, o.x.scale);
  const ye = cellEdges(o.ys, o.y.scale);
  const xi = new Map(o.xs.map((v, i) => [v, i]));
  const yi = new Map(o.ys.map((v, i) => [v, i]));
  const data = o.data.map((r) => {
    const i = xi.get(r[o.x.field] as number) ?? 0;
    const j = yi.get(r[o.y.field] as number) ?? 0;
    return { ...r, _x0: xe[i]!, _x1: xe[i + 1]!, _y0: ye[j]!, _y1: ye[j + 1]! };
  });
  const xAxis = {
    ...quantitative({ ...o.x, field: "_x0", domain: o.x.domain ?? [xe[0]!, xe[xe.length - 1]!] }),
    title: o.x.title,
  };
  const yAxis = {
    ...quantitative({ ...o.y, field: "_y0", domain: o.y.domain ?? [ye[0]!, ye[ye.length - 1]!] }),
    title: o.y.title,
  };
  const c = o.color;
  const colorEnc =
    c.type === "quantitative"
      ? { field: c.field, type: "quantitative", title: c.title, scale: { scheme: c.scheme ?? "viridis" } }
      : {
          field: c.field,
          type: "nominal",
          title: c.title,
          scale: { domain: [...c.categories], range: [...c.colors] },
        };
  const color =
    o.mask === undefined
      ? colorEnc
      : { condition: { test: `datum[${JSON.stringify(o.mask.field)}]`, value: "#c8c8c8" }, ...colorEnc };
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: "rect", strokeWidth: 0 },
      encoding: {
        x: xAxis,
        x2: { field: "_x1" },
        y: yAxis,
        y2: { field: "_y1" },
        color,
        tooltip: [
          { field: o.x.field, type: "quantitative", title: o.x.title },
          { field: o.y.field, type: "quantitative", title: o.y.title },
          { field: c.field, type: c.type, title: c.title },
        ],
      },
    },
  ];
  if (o.overlay !== undefined) {
    layer.push({
      data: { values: o.overlay.data },
      mark: { type: "line", color: "black", strokeWidth: 2, clip: true },
      encoding: {
        x: { field: o.x.field, type: "quantitative" },
        y: { field: o.y.field, type: "quantitative" },
        detail: { field: o.overlay.series },
        strokeDash: { field: o.overlay.series, type: "nominal", title: o.overlay.title },
      },
    });
  }
  const size = { width: o.width ?? PANEL.width, height: o.height ?? PANEL.height };
  const sub =
    o.mask === undefined
      ? o.subtitle
      : [o.subtitle, `grey: ${o.mask.label}`].filter((s) => s !== undefined).join(" · ");
  if (o.facet !== undefined) {
    return {
      $schema: VEGA_LITE_SCHEMA,
      title: titleOf(o.title, sub),
      data: { values: data },
      facet: { field: o.facet, type: "nominal", title: null, sort: null },
      columns: o.facetColumns ?? 2,
      spec: { ...size, layer },
      resolve: { scale: { color: "independent" } },
    };
  }
  return { $schema: VEGA_LITE_SCHEMA, title: titleOf(o.title, sub), ...size, data: { values: data }, layer };
}
