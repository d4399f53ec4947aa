/**
 * What a surface reads before it loads any model's code (the `@ftg/core/catalog` entry point): the
 * models' ids and one-line summaries for help texts, each model's module loaded on demand (a
 * command that solves one model loads that model's code alone, not the whole library), the
 * built-in default scenario, and the limits a scenario's text is held to.
 */
import { InputError } from "../inputError.js";
import type { ModelId } from "./summaries.js";
import type { AnyModel } from "./types.js";

export { DEFAULT_SCENARIO, DEFAULT_SCENARIO_TITLE } from "../scenario/defaults.js";
export { describeValue } from "../scenario/issues.js";
export { bracketDepth, LIMITS, valueDepth } from "../scenario/limits.js";

export { MODEL_SUMMARIES, type ModelId } from "./summaries.js";

/**
 * Each model's module, imported when first asked for: the same objects as ./registry.ts's MODELS
 * (whose order, that of {@link MODEL_SUMMARIES}, the tests hold these to).
 */
const LOADERS: Readonly<Record<ModelId, () => Promise<AnyModel>>> = {
  "fine-tuning": async () => (await import("./fineTuning.js")).fineTuningModel as AnyModel,
  openness: async () => (await import("./openness.js")).opennessModel as AnyModel,
  market: async () => (await import("./market.js")).marketModel as AnyModel,
  collaboration: async () => (await import("./collaboration.js")).collaborationModel as AnyModel,
};

/**
 * The model a scenario's `"model"` field names (absent means "fine-tuning"), loading its code
 * alone; an unknown id is the InputError of {@link modelIn}.
 */
export function loadModel(id: unknown): Promise<AnyModel> {
  const key = id ?? "fine-tuning";
  if (typeof key !== "string" || !Object.hasOwn(LOADERS, key))
    return Promise.reject(unknownModel(key, Object.keys(LOADERS)));
  return LOADERS[key as ModelId]();
}

/**
 * The model `id` names in a registry (absent means "fine-tuning"), or an InputError at `model`
 * listing the ids the registry holds.
 */
export function modelIn(id: unknown, models: ReadonlyMap<string, AnyModel>): AnyModel {
  const key = id ?? "fine-tuning";
  const model = typeof key === "string" ? models.get(key) : undefined;
  if (model === undefined) throw unknownModel(key, [...models.keys()]);
  return model;
}

function unknownModel(key: unknown, known: readonly string[]): InputError {
  const ids = known.map((m) => JSON.stringify(m)).join(", ");
  return new InputError([{ path: "model", message: `expected one of ${ids}, found ${JSON.stringify(key)}` }]);
}

/** Every model, by id, in the order help texts list them (each model's code loaded). */
export async function loadModels(): Promise<ReadonlyMap<string, AnyModel>> {
  const ids = Object.keys(LOADERS) as ModelId[];
  const models = await Promise.all(ids.map((id) => LOADERS[id]()));
  return new Map(ids.map((id, k) => [id, models[k]!]));
}
