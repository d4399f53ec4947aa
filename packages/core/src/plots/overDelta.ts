/**
 * What the two figures of utilities against the revenue share δ share (the per-player figure,
 * ./utilityCurves.ts, and the many-specialists figure, ./crowdCurves.ts): the δ grid their curves
 * are sampled on, and the layers drawn under and over the curves — the Pareto set shaded, its
 * note, the solutions' dashed rules. Only curveGrid is exported from the package.
 */
import { ONE } from "./lineChart.js";
import type { Row } from "./spec.js";

/**
 * The figure's δ grid: `points` evenly spaced over [0, 1], plus the Pareto endpoints and the
 * solutions' δ (null: no δ, skipped), increasing and without repeats.
 * @example
 * curveGrid(3, [[0.2, 0.5]], [0.3, null]) // [0, 0.2, 0.3, 0.5, 1]
 */
export function curveGrid(
  points: number,
  pareto: readonly (readonly [number, number])[],
  solutionDeltas: readonly (number | null)[],
): number[] {
  const ds = new Set<number>();
  for (let i = 0; i < points; i++) ds.add(i / (points - 1));
  for (const [a, b] of pareto) ds.add(a).add(b);
  for (const d of solutionDeltas) if (d !== null) ds.add(d);
  return [...ds].sort((a, b) => a - b);
}

/**
 * The Pareto set shaded: a rect per interval and, since a single-point piece has no width, a rule
 * for each piece narrower than 0.002. `x`: the panel's δ encoding (its field is replaced).
 */
export function paretoLayers(pareto: readonly Row[], x: Record<string, unknown>): Record<string, unknown>[] {
  return [
    {
      data: { values: pareto },
      mark: { type: "rect", color: "#4a90d9", opacity: 0.15 },
      encoding: { x: { ...x, field: "from" }, x2: { field: "to" } },
    },
    {
      // a single-point piece of the Pareto set has no width: draw it as a line
      data: { values: pareto },
      transform: [{ filter: "datum.to - datum.from < 0.002" }],
      mark: { type: "rule", color: "#4a90d9", strokeWidth: 3, opacity: 0.5 },
      encoding: { x: { ...x, field: "from" } },
    },
  ];
}

/** The note in the panel's top-left corner: "shaded: Pareto set (n intervals)". */
export function paretoNote(intervals: number): Record<string, unknown> {
  return {
    data: ONE,
    mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, fontSize: 10, color: "#2a6bb0" },
    encoding: {
      x: { value: 0 },
      y: { value: 0 },
      text: { value: `shaded: Pareto set (${intervals} interval${intervals === 1 ? "" : "s"})` },
    },
  };
}

/** A dashed rule at every solution's δ (rows with `solution` and `delta`), its id in the tooltip. */
export function solutionRules(rules: readonly Row[]): Record<string, unknown> {
  return {
    data: { values: rules },
    mark: { type: "rule", strokeDash: [3, 3], opacity: 0.5, color: "#555" },
    encoding: {
      x: { field: "delta", type: "quantitative" },
      tooltip: [
        { field: "solution", type: "nominal" },
        { field: "delta", type: "quantitative", format: ".4f" },
      ],
    },
  };
}
