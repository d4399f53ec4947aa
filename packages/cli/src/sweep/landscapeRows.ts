/**
 * One chunk of a landscape split by θ rows, as a queue job carries it, and its solution in a
 * JSON-safe form (what `ftg worker` returns for a "landscape-rows" job; see ./landscapeQueue.ts).
 */
import { type OpennessModel, regulatoryLandscape } from "@ftg/core";

/** The name of landscape jobs on the sweep queue. */
export const LANDSCAPE_JOB = "landscape-rows";

/** One chunk of rows. */
export interface LandscapeChunk {
  readonly model: OpennessModel;
  readonly thetas: number[];
  readonly penalties: number[];
  readonly deltaGrid: number;
  readonly rows: [number, number];
}

/** The solved rows, JSON-safe (non-finite numbers as null). */
export interface LandscapeRows {
  readonly rows: [number, number];
  readonly region: number[];
  readonly decision: number[];
  readonly omega: (number | null)[];
  readonly alpha1: (number | null)[];
  readonly uG: (number | null)[];
  readonly uD: (number | null)[];
  readonly delta: (number | null)[];
  readonly indifference: (number | null)[];
  readonly bargainsSolved: number;
  readonly warnings: string[];
}

/** The landscape arrays of numbers (NaN travels as null in the jobs' JSON). */
export const FLOAT_KEYS = ["omega", "alpha1", "uG", "uD", "delta"] as const;

/** Solves one chunk (what a worker runs). */
export function solveLandscapeRows(c: LandscapeChunk): LandscapeRows {
  const l = regulatoryLandscape(c.model, c.thetas, c.penalties, {
    rows: c.rows,
    certify: false,
    bargaining: { gridSize: c.deltaGrid },
  });
  const nP = c.penalties.length;
  const [a, b] = c.rows;
  const slice = (x: Float64Array) =>
    Array.from(x.subarray(a * nP, b * nP), (v) => (Number.isNaN(v) ? null : v));
  return {
    rows: c.rows,
    region: Array.from(l.region.subarray(a * nP, b * nP)),
    decision: Array.from(l.decision.subarray(a * nP, b * nP)),
    omega: slice(l.omega),
    alpha1: slice(l.alpha1),
    uG: slice(l.uG),
    uD: slice(l.uD),
    delta: slice(l.delta),
    indifference: l.indifference.slice(a, b),
    bargainsSolved: l.bargainsSolved,
    warnings: l.warnings,
  };
}
