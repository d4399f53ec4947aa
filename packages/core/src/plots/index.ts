/** Plot specifications (Vega-Lite JSON), built from plain rows; the papers' figures are in ../reproduction/. */
export * from "./collaborationRuns.js";
export * from "./crowdCurves.js";
export * from "./heatmap.js";
export * from "./lineChart.js";
export { curveGrid } from "./overDelta.js";
export * from "./regionMap.js";
export * from "./spec.js";
export * from "./utilityCurves.js";
