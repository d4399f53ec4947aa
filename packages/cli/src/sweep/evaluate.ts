/**
 * Solving one point of a sweep and flattening the answer into one row. Fine-tuning scenarios are
 * solved by the core directly, so that solver options (certificates off, a coarser bargaining
 * grid) can be passed; every other model goes through its `ftg solve` handler, whose JSON is
 * flattened (nested keys joined by ".", long arrays of records reduced to their last element).
 */

import { PassThrough } from "node:stream";
import {
  type FineTuningOptions,
  type FineTuningSolution,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  solutionEntries,
  solveFineTuning,
} from "@ftg/core";
import { assertFiniteAnswer } from "../io/finite.js";
import type { Io } from "../io/streams.js";
import { validate } from "../io/validate.js";
import { solutionIds } from "../models/fineTuning.js";
import { MODELS } from "../models/index.js";

/** A cell of a result row. */
export type Cell = number | string | boolean | null;

/** Solver options a sweep passes through. */
export interface SweepSolverOptions {
  /** Compute certificates (default true). */
  readonly certify?: boolean;
  /** Bargaining grid intervals over δ (default: the solver's). */
  readonly deltaGrid?: number;
}

const num = (x: number | null | undefined): Cell =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

function fineTuningRow(raw: unknown, opts: SweepSolverOptions): Record<string, Cell> {
  const sc = validate(fineTuningScenarioSchema, raw, "scenario");
  const game = fineTuningGameFromScenario(sc);
  const options: FineTuningOptions = {
    ...(opts.certify === undefined ? {} : { certify: opts.certify }),
    ...(opts.deltaGrid === undefined ? {} : { bargaining: { gridSize: opts.deltaGrid } }),
  };
  const r = solveFineTuning(game, options);
  // checked before `num` turns a non-finite number into an empty cell
  assertFiniteAnswer(
    solutionEntries(r.solutions).map(([, s]) => s),
    "scenario",
  );
  const row: Record<string, Cell> = {
    pareto: r.pareto.map(([a, b]) => `[${a}, ${b}]`).join(" ∪ "),
    method: r.method,
  };
  // every solution and player in one fixed order, present or not, so that every row has the same
  // columns in the same order whichever solver path (closed form, polynomial, numeric) it took
  const names = game.specialists.map((s) => s.name);
  const solutions = r.solutions as Partial<Record<string, FineTuningSolution>>;
  for (const id of solutionIds(names)) {
    const s = solutions[id];
    row[`${id}.delta`] = num(s?.delta);
    row[`${id}.alpha.G`] = num(s?.alpha0);
    for (const n of names) row[`${id}.alpha.${n}`] = num(s?.alphas[n]);
    for (const p of ["G", ...names]) row[`${id}.utility.${p}`] = num(s?.utilities[p]);
    row[`${id}.performance`] = num(s?.revenue);
    for (const n of names) row[`${id}.regime.${n}`] = s?.regimes[n] ?? null;
  }
  row["warnings"] = r.warnings.join("; ");
  return row;
}

/** Flattens JSON into dotted keys; arrays of records keep only their last element. */
export function flatten(x: unknown, prefix = "", out: Record<string, Cell> = {}): Record<string, Cell> {
  if (x === null || x === undefined) {
    if (prefix !== "") out[prefix] = null;
  } else if (typeof x === "number") out[prefix] = num(x);
  else if (typeof x === "string" || typeof x === "boolean") out[prefix] = x;
  else if (ArrayBuffer.isView(x)) flatten(Array.from(x as unknown as ArrayLike<number>), prefix, out);
  else if (Array.isArray(x)) {
    if (x.every((v) => v === null || typeof v !== "object")) out[prefix] = x.join("; ");
    else if (x.length > 0) flatten(x[x.length - 1], `${prefix}.last`, out);
  } else {
    for (const [k, v] of Object.entries(x)) flatten(v, prefix === "" ? k : `${prefix}.${k}`, out);
  }
  return out;
}

const quietIo: Io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() };

/** Solves one scenario and returns its row (without the varied values). Throws on failure. */
export async function evaluateScenario(
  raw: unknown,
  opts: SweepSolverOptions,
): Promise<Record<string, Cell>> {
  const model = (raw as { model?: unknown }).model ?? "fine-tuning";
  if (model === "fine-tuning") {
    const row = fineTuningRow(raw, opts);
    // a point is failed, with the field, rather than written as NaN or an empty cell
    assertFiniteAnswer(row, "scenario");
    return row;
  }
  const handler = MODELS.get(String(model));
  if (handler === undefined) throw new Error(`model: unknown model "${String(model)}"`);
  const out = await handler.solve(raw, { json: true, csv: false }, quietIo, "scenario");
  assertFiniteAnswer(out.json, "scenario");
  const json = out.json as Record<string, unknown>;
  const { warnings, ...rest } = json;
  const row = flatten(rest);
  row["warnings"] = Array.isArray(warnings) ? warnings.join("; ") : "";
  return row;
}
