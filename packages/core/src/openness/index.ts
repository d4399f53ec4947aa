export * from "./closedForm.js";
export * from "./equilibrium.js";
export * from "./landscape.js";
export * from "./model.js";
export * from "./progressiveLandscape.js";
export * from "./regions.js";
export * from "./release.js";
export * from "./stages.js";
