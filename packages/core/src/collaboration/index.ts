/** Collaboration between competitors: learners, the Nash target, thresholds and schemes. */
export * from "./learner.js";
export * from "./nashTarget.js";
export * from "./nFirm.js";
export * from "./schemes.js";
export * from "./threshold.js";
