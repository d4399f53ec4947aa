/** The models' ids and one-line summaries (a module of its own: each model reads its summary here). */
export const MODEL_SUMMARIES = Object.freeze({
  "fine-tuning": "generalist + specialists bargain over δ, then invest (Fine-tuning Games)",
  openness: "openness regulation: G's release decision, D's fine-tuning, region of the (θ, p) landscape",
  market: "Bertrand–Nash prices, demands, revenues of N firms selling models (defection-free paper)",
  collaboration: "collaboration schemes between competitors; the defection-free protocol (Algorithm 1)",
} as const);

/** A model's id (the `"model"` field of its scenarios). */
export type ModelId = keyof typeof MODEL_SUMMARIES;
