export * from "./certificate.js";
export * from "./closedForm.js";
export * from "./equilibrium.js";
export * from "./functions.js";
export * from "./model.js";
export * from "./regimeMap.js";
export * from "./regimes.js";
export * from "./solve.js";
