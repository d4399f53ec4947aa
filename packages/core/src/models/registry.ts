/**
 * The registry of models: the one place a model is listed. Surfaces look models up here by the
 * scenario's `"model"` field and never switch on it themselves.
 */
import { InputError } from "../inputError.js";
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
  const key = id ?? "fine-tuning";
  const model = typeof key === "string" ? models.get(key) : undefined;
  if (model === undefined) {
    const known = [...models.keys()].map((m) => JSON.stringify(m)).join(", ");
    throw new InputError([
      { path: "model", message: `expected one of ${known}, found ${JSON.stringify(key)}` },
    ]);
  }
  return model;
}
