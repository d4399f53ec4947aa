/**
 * Result objects shared by every iterative solver of the toolkit.
 *
 * Conventions: solvers never throw on numerical trouble and never return a bare number; they
 * return a {@link SolverResult} whose `status` says how the iteration ended. Warnings are data.
 */

/** How an iterative solver stopped. */
export type SolverStatus = "converged" | "maxIterations" | "nanEncountered" | "unbounded" | "infeasible";

/** A scalar solver's answer: the value found, how it ended, how hard it worked, how sure it is. */
export interface SolverResult<T = number> {
  readonly value: T;
  readonly status: SolverStatus;
  readonly iterations: number;
  /** Solver-specific residual (bracket width, first-order residual, ...); see each solver's docs. */
  readonly residual: number;
  readonly warnings: readonly string[];
}

/** The warnings of every result that has none: one shared frozen array (solvers run millions of times). */
export const NO_WARNINGS: readonly string[] = Object.freeze([]);

/** A warning carried as data in a result; surfaces print or show it, the core never logs. */
export type Warning = string;
