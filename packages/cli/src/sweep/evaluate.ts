/**
 * Solving one point of a sweep and flattening the answer into one row, through the model's object
 * in the core's registry: its `sweepRow` where it has one (fine-tuning: every solution and player
 * in one fixed order), else its JSON answer flattened (nested keys joined by ".", long arrays of
 * records reduced to their last element). Solver options (certificates off, a coarser bargaining
 * grid) pass through to models that take them.
 */

import { type AnyModel, type Cell, jsonSweepRow, MODELS, type ModelResult, modelFor } from "@ftg/core";
import { assertFiniteAnswer } from "../io/finite.js";

export type { Cell } from "@ftg/core";

/** Solver options a sweep passes through. */
export interface SweepSolverOptions {
  /** Compute certificates (default true). */
  readonly certify?: boolean;
  /** Bargaining grid intervals over δ (default: the solver's). */
  readonly deltaGrid?: number;
}

/** Solves one scenario and returns its row (without the varied values). Throws on failure. */
export async function evaluateScenario(
  raw: unknown,
  opts: SweepSolverOptions,
  models: ReadonlyMap<string, AnyModel> = MODELS,
): Promise<Record<string, Cell>> {
  const model = modelFor((raw as { model?: unknown }).model, models);
  const result = model.solve(model.build(model.parse(raw)), {
    ...(opts.certify === undefined ? {} : { certify: opts.certify }),
    ...(opts.deltaGrid === undefined ? {} : { deltaGrid: opts.deltaGrid }),
  }) as ModelResult;
  // a point whose answer holds NaN or Infinity is failed, naming the field, rather than written as
  // an empty cell
  assertFiniteAnswer(model.json(result), "scenario");
  return model.sweepRow?.(result) ?? jsonSweepRow(model.json(result));
}
