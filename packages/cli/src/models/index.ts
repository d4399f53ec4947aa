/**
 * The registry of models known to `ftg solve`. To add a model: write `models/<name>.ts` exporting
 * a {@link ModelHandler} and add it to the list below.
 */
import { collaborationHandler } from "./collaboration.js";
import { fineTuningHandler } from "./fineTuning.js";
import type { ModelHandler } from "./handler.js";
import { marketHandler } from "./market.js";
import { opennessHandler } from "./openness.js";

const handlers: ModelHandler[] = [fineTuningHandler, opennessHandler, marketHandler, collaborationHandler];

/** Registered handlers by model name. */
export const MODELS: ReadonlyMap<string, ModelHandler> = new Map(handlers.map((h) => [h.model, h]));
