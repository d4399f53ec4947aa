/** Every reproduced figure, in paper order. */
import { COLLABORATION_FIGURES } from "./collaboration.js";
import { FINE_TUNING_FIGURES } from "./fineTuning.js";
import { OPENNESS_FIGURES } from "./openness.js";

export * from "./collaboration.js";
export * from "./figure.js";
export * from "./fineTuning.js";
export * from "./openness.js";

import type { FigureDefinition } from "./figure.js";

/** All figures of the three papers. */
export const FIGURES: readonly FigureDefinition[] = [
  ...FINE_TUNING_FIGURES,
  ...COLLABORATION_FIGURES,
  ...OPENNESS_FIGURES,
];
