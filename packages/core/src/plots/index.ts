/** Plot specifications (Vega-Lite JSON) and the reproduced figures of the three papers. */
export * from "./crowdCurves.js";
export * from "./figures/index.js";
export * from "./heatmap.js";
export * from "./lineChart.js";
export { curveGrid } from "./overDelta.js";
export * from "./spec.js";
export * from "./utilityCurves.js";
