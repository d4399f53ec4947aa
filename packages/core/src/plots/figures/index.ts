/** Every reproduced figure, in paper order. */
import { FINE_TUNING_FIGURES } from "./fineTuning.js";

export * from "./figure.js";
export * from "./fineTuning.js";

import type { FigureDefinition } from "./figure.js";

/** All figures of the three papers. */
export const FIGURES: readonly FigureDefinition[] = [...FINE_TUNING_FIGURES];
