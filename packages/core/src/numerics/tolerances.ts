/**
 * Named tolerances. Every comparison of floating-point results in the toolkit goes through one of
 * these, so that a reader can see what "equal" means and a caller can override it per call.
 */
export interface Tolerances {
  /**
   * Width (in units of δ, the revenue share) to which bargaining solutions and Pareto endpoints
   * are located. 1e-10 is well below the 1e-9 (closed form) / 1e-7 (numeric) accuracy targets.
   */
  readonly delta: number;
  /**
   * Width (in units of performance α) to which best responses are located by the numeric path.
   * Relative to max(1, |α|).
   */
  readonly alpha: number;
  /**
   * Relative tolerance on utilities when deciding Pareto dominance and ties: u ≥ v counts as
   * "not worse" when u ≥ v − utility·max(1, |u|, |v|). Guards against dominance by round-off.
   */
  readonly utility: number;
}

/** The defaults; see each field for the unit and the reason. */
export const DEFAULT_TOLERANCES: Tolerances = Object.freeze({
  delta: 1e-10,
  alpha: 1e-10,
  utility: 1e-12,
});

/** Fills in a partial tolerance override. */
export function resolveTolerances(overrides?: Partial<Tolerances>): Tolerances {
  return overrides === undefined ? DEFAULT_TOLERANCES : { ...DEFAULT_TOLERANCES, ...overrides };
}

/** `u` is not worse than `v` up to the relative utility tolerance. */
export function notWorse(u: number, v: number, tol: number): boolean {
  return u >= v - tol * Math.max(1, Math.abs(u), Math.abs(v));
}

/** `u` is strictly better than `v` beyond the relative utility tolerance. */
export function strictlyBetter(u: number, v: number, tol: number): boolean {
  return u > v + tol * Math.max(1, Math.abs(u), Math.abs(v));
}
