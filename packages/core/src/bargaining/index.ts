export * from "./dominance.js";
export * from "./problem.js";
export * from "./solve.js";
