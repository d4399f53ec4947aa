export * from "./catalog.js";
export * from "./collaboration.js";
export * from "./fineTuning.js";
export { flattenRow, formatNumber, jsonSweepRow, scalarLeaves } from "./format.js";
export * from "./market.js";
export * from "./openness.js";
export * from "./opennessLandscape.js";
export * from "./registry.js";
export * from "./types.js";
