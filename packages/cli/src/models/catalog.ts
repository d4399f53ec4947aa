/**
 * The models' names and one-line summaries, without their code: `ftg --help` lists them without
 * loading the solvers (each handler takes its summary from here).
 */
export const MODEL_SUMMARIES = Object.freeze({
  "fine-tuning": "generalist + specialists bargain over δ, then invest (Fine-tuning Games)",
  openness: "openness regulation: G's release decision, D's fine-tuning, region of the (θ, p) landscape",
  market: "Bertrand–Nash prices, demands, revenues of N firms selling models (defection-free paper)",
  collaboration: "collaboration schemes between competitors; the defection-free protocol (Algorithm 1)",
} as const);
