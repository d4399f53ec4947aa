/**
 * The sizes and resolutions at which the fine-tuning solver changes what it does (./solve.ts):
 * which checks of the bargaining certificate it makes on each path, and its δ grids.
 */
import { MAX_BREAKPOINTS } from "../bargaining/solve.js";

/**
 * Specialists up to which the polynomial path gets every check of the bargaining certificate by
 * default (bargaining.fullChecksMaxPlayers; the generic solver's own default, 64 players, holds on
 * the numeric path, where each equilibrium costs a search per specialist): with 1,000 specialists
 * the checks take seconds to tens of seconds, and the answer without them can miss gaps of the
 * Pareto set.
 */
export const POLYNOMIAL_FULL_CHECKS = 1000;

/**
 * Specialists above which the polynomial path makes those checks over the decisive players, when
 * the reduction applies (./decisive.ts; up to {@link POLYNOMIAL_FULL_CHECKS} the checks over every
 * player remain the fallback): the same answer (tested), with bounded cells (./cellBounds.ts), in
 * a tenth of the time at 1,000 specialists in the scaling table.
 */
export const POLYNOMIAL_REDUCTION_FROM = 100;

/**
 * Specialists up to which the polynomial path still gets every check of the bargaining certificate
 * by default beyond {@link POLYNOMIAL_FULL_CHECKS}, made over G and the few specialists that decide
 * dominance (./decisive.ts), with the others' ideal points from closed forms (./ideals.ts) and the
 * changes of regime in cells that bounds prove dominated left unlocated (./cellBounds.ts): the
 * rest are located by bisection at O(n) an equilibrium (seconds at 10,000 specialists and tens of
 * seconds at 100,000 in the scaling table). Above it the solver keeps to what scales unless the
 * limit of full checks is lifted (bargaining.fullChecksMaxPlayers, ftg solve --full-checks).
 */
export const POLYNOMIAL_DECISIVE_CHECKS = 100_000;

/**
 * Specialists up to which the polynomial path proves by default that no window of another
 * structure hides in a cell whose ends have one structure (./cellStructure.ts,
 * ../bargaining/smooth.ts; bargaining.structureProofs: true at any size, false never). Without the
 * proofs the certificate is not claimed: G choosing among local maxima of its utility may switch
 * inside a cell and back. What they add to a solve is printed by `npm run bench -- fine-tuning`
 * (the scaling table's sizes without them); the same limit as
 * {@link POLYNOMIAL_DECISIVE_CHECKS}, above which the bargaining checks are not full either.
 */
export const POLYNOMIAL_STRUCTURE_PROOFS = 100_000;

/**
 * Specialists up to which the polynomial path keeps its samples' utility vectors within the
 * bargaining solver's memory budget (bargaining.vectorMemory's default, 1 GiB); above, it keeps
 * none by default (vectorMemory 0; a caller's own vectorMemory applies). Its outcomes rebuild a
 * vector exactly, in one O(n) pass without the sort, into a buffer the solver reuses, which costs
 * about as much as the first writes of a new vector do (the kernel zeroes every fresh page), and
 * the solver reads a vector about twice after the sample is made: above this size keeping the
 * vectors saves no time and costs most of a solve's memory. Below, the vectors are small and are
 * read more often.
 */
export const POLYNOMIAL_KEEP_VECTORS_UP_TO = 10_000;

/**
 * The budget of the polynomial path for locating changes of regime, in specialist-equilibria, up
 * to {@link POLYNOMIAL_DECISIVE_CHECKS} specialists: it locates at most
 * {@link polynomialBreakpoints} changes (bargaining.maxBreakpoints' default there) before it
 * leaves the rest at the sampling's resolution and does not claim the certificate. A change costs
 * a bisection of ten to thirty-odd equilibria of O(n) each, so the budget is set in changes × n:
 * with fixed costs and outside options a few thousand specialists change regime at more than the
 * generic solver's MAX_BREAKPOINTS (512) δ (each leaves the market at its own share), and that cap
 * left such answers uncertified for want of a few more bisections.
 */
export const POLYNOMIAL_BREAKPOINT_ITEMS = 2 ** 24;

/**
 * Changes of regime the polynomial path locates with n specialists, at least the generic solver's
 * MAX_BREAKPOINTS, as the bargaining option; above {@link POLYNOMIAL_DECISIVE_CHECKS} none (the
 * generic defaults hold: MANY_PLAYERS_MAX_BREAKPOINTS without the full checks, MAX_BREAKPOINTS with
 * them).
 */
export function polynomialBreakpoints(n: number): { readonly maxBreakpoints?: number } {
  if (n > POLYNOMIAL_DECISIVE_CHECKS) return {};
  const budget = Math.floor(POLYNOMIAL_BREAKPOINT_ITEMS / Math.max(1, n));
  return { maxBreakpoints: Math.max(MAX_BREAKPOINTS, budget) };
}

/** Intervals of the bargaining solver's δ grid on the exact paths (closed form, polynomial). */
export const EXACT_GRID_SIZE = 256;

/** Intervals of the bargaining solver's δ grid on the numeric path. */
export const NUMERIC_GRID_SIZE = 64;

/** Up to this many specialists every player gets a powerful-player solution by default. */
export const POWERFUL_ALL_LIMIT = 50;

/** δ width to which the numeric path locates Pareto endpoints and maximisers (see solveFineTuning). */
export const NUMERIC_DELTA_TOLERANCE = 1e-9;
