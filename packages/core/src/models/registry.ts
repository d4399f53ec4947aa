/**
 * The registry of models, every model's code loaded. Surfaces look models up here by the
 * scenario's `"model"` field, or through ./catalog.ts's loaders, which load one model's code alone
 * (the tests hold the two lists to the same objects in the same order), and never switch on it
 * themselves.
 */
import { modelIn } from "./catalog.js";
import { collaborationModel } from "./collaboration.js";
import { fineTuningModel } from "./fineTuning.js";
import { marketModel } from "./market.js";
import { opennessModel } from "./openness.js";
import type { AnyModel } from "./types.js";

/** Every model, by id, in the order help texts list them. */
export const MODELS: ReadonlyMap<string, AnyModel> = new Map<string, AnyModel>(
  [fineTuningModel, opennessModel, marketModel, collaborationModel].map((m) => [m.id, m]),
);

/** The model a scenario's `"model"` field names; absent means "fine-tuning". */
export function modelFor(id: unknown, models: ReadonlyMap<string, AnyModel> = MODELS): AnyModel {
  return modelIn(id, models);
}
