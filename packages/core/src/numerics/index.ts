export * from "./brent.js";
export * from "./brentRoot.js";
export * from "./focMax.js";
export * from "./globalMax.js";
export * from "./result.js";
export * from "./roots.js";
export * from "./search.js";
export * from "./tolerances.js";
