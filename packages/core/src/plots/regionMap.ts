/**
 * The region map of an openness scenario: the regulatory region of every (θ, p) on an n × n grid,
 * with the indifference curve p*(θ) drawn over it — the natural figure of an openness scenario
 * and the panels of the reproduced region maps.
 * @see the openness model specification, docs/theory/openness-regulation.md
 */
import { evenGrid, regulatoryLandscape } from "../openness/landscape.js";
import type { OpennessModel } from "../openness/model.js";
import { REGULATORY_REGIONS } from "../openness/regions.js";
import { heatmapSpec } from "./heatmap.js";
import { num, type Row, type VegaLiteSpec } from "./spec.js";

/** Region colours, fixed across figures. */
export const REGION_COLORS: Readonly<Record<string, string>> = Object.freeze({
  "non-binding": "#e0e0e0",
  "deadweight-loss": "#e57373",
  transfer: "#64b5f6",
  "pareto-improvement": "#81c784",
  abstain: "#424242",
  other: "#ffb74d",
});

/** A region map's rows, curve, regions present and specification. */
export interface MapResult {
  readonly rows: Row[];
  readonly curve: Row[];
  readonly regions: Set<string>;
  readonly spec: VegaLiteSpec;
}

/** A region map of `model` over θ ∈ [0, 1] × p ∈ [0, pMax] (n × n), with its indifference curve. */
export function regionMap(
  model: OpennessModel,
  title: string,
  n: number,
  pMax: number,
  gridSize?: number,
): MapResult {
  const thetas = evenGrid(0, 1, n);
  const penalties = evenGrid(0, pMax, n);
  const l = regulatoryLandscape(model, thetas, penalties, {
    certify: false,
    ...(gridSize === undefined ? {} : { bargaining: { gridSize } }),
  });
  const rows: Row[] = [];
  const regions = new Set<string>();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      const region = REGULATORY_REGIONS[l.region[k]!]!;
      regions.add(region);
      rows.push({
        theta: thetas[i]!,
        penalty: penalties[j]!,
        region,
        omega: num(l.omega[k]),
        uG: num(l.uG[k]),
        uD: num(l.uD[k]),
      });
    }
  }
  const curve: Row[] = [];
  l.indifference.forEach((p, i) => {
    if (p !== null && p !== undefined && p <= pMax)
      curve.push({ theta: thetas[i]!, penalty: p, curve: "indifference p*(θ)" });
  });
  const spec = heatmapSpec({
    title,
    xs: thetas,
    ys: penalties,
    data: rows,
    x: { field: "theta", title: "threshold θ", domain: [0, 1] },
    y: { field: "penalty", title: "penalty p", domain: [0, pMax] },
    color: {
      field: "region",
      title: "region",
      type: "nominal",
      categories: Object.keys(REGION_COLORS),
      colors: Object.values(REGION_COLORS),
    },
    overlay: { data: curve, series: "curve", title: "" },
    width: 240,
    height: 200,
  });
  return { rows, curve, regions, spec };
}
