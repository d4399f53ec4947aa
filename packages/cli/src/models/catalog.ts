/**
 * The models' names and one-line summaries, without their code: `ftg --help` lists them without
 * loading the solvers (the core's catalog is its own entry point for this reason).
 */
export { MODEL_SUMMARIES } from "@ftg/core/catalog";
