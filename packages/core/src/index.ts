/**
 * @ftg/core — pure solvers for the economics of general-purpose AI. No I/O, no clock, no
 * randomness (generators are injected), no console: warnings are data in results.
 */
export * from "./bargaining/index.js";
export * from "./collaboration/index.js";
export * from "./fine-tuning/index.js";
export * from "./inputError.js";
export * from "./market/index.js";
export * from "./models/index.js";
export * from "./numerics/index.js";
export * from "./openness/index.js";
export * from "./plots/index.js";
export * from "./reproduction/index.js";
export * from "./scenario/collaboration.js";
export * from "./scenario/defaults.js";
export * from "./scenario/fineTuning.js";
export * from "./scenario/issues.js";
export * from "./scenario/limits.js";
export * from "./scenario/market.js";
