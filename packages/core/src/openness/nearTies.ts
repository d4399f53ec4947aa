/**
 * The near-ties of a structured bargaining cell (./fastBargain.ts): which second maximum, how close
 * to the best, sends the cell to the generic solver, whose tie rules then decide.
 *
 * Conventions: see ./fastBargain.ts. Values are relative to the best candidate's.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import type { Candidate } from "./fastBargainPoints.js";

/**
 * Relative objective margin (units of the best objective value) within which a second local
 * maximum counts as a near-tie and the cell goes to the generic solver: far above the solver's
 * own tie tolerance (1e-9) and the round-off of the refinements, so every cell answered here has
 * a clear winner.
 */
export const FAST_TIE_MARGIN = 1e-6;

/**
 * Which near-ties a structured cell leaves to the generic solver: every one ("cell"), or only
 * those that may change the cell's decision ("decision"; see `nearTie`).
 */
export type Ties = "cell" | "decision";

/**
 * Maximisers closer than this (δ units) are one maximiser: the same separation the generic
 * solver uses before it calls two maximisers a tie.
 */
const DISTINCT_DELTA = 1e-6;

/**
 * Relative objective margin (units of the best value) within which a candidate of the other
 * family sends a cell to the generic solver when only the cell's decision is asked for (the
 * bargained indifference penalty): about the resolution of G's choice itself (a flat maximum of
 * its payoff, located to ~1e-8 in ω, moves D's utility by as much). Around the indifference of the
 * Nash maps the family of the larger structured value agreed with a dense reference (the stage 2
 * every 5e-7 in δ around both families' maxima, switch sides bisected, peaks refined) wherever
 * the values differed by more than 8e-9, the generic solver's decision in about two thirds of
 * such points; on the 501 × 501 maps (α0 = 0.9 and 0.1) the reference sided with the structured
 * decision at each of the 98 bisection steps where the two differ.
 */
export const DECISION_TIE_MARGIN = 1e-8;

/**
 * Relative objective margin (units of the best value) within which a candidate of the other
 * family sends a cell to the generic solver, under the proportional penalty, when the best
 * candidate is an end of the δ range (its value is read there exactly, not located): above the
 * ~2e-8 to which a rival's maximum is located (a refined peak's flat-limited value), far below
 * the gap at the cells this decides (utilitarian, the comply family at δ = 0 against a switch's
 * ignore side a few thousandths above it: 4e-7 and more on the 201 × 201 map).
 */
export const END_TIE_MARGIN = 1e-7;

/**
 * Whether a candidate other than `top` ties with it closely enough that the generic solver's tie
 * rules must decide the cell: a distinct maximiser of the same family within `margins.same` of
 * it, or one of the other family within `margins.other` (relative to the best value).
 * `sameDecision`: only the cell's decision is asked for, so a candidate of the same family ties
 * only when its decision may differ.
 */
export function nearTie(
  candidates: readonly Candidate[],
  top: Candidate,
  margins: { readonly same: number; readonly other: number },
  sameDecision?: (c: Candidate) => boolean,
): boolean {
  const scale = Math.abs(top.value);
  for (const c of candidates) {
    if (c === top) continue;
    if (c.family !== top.family) {
      if (c.value >= top.value - margins.other * scale) return true;
      continue;
    }
    if (Math.abs(c.delta - top.delta) <= DISTINCT_DELTA) continue;
    if (c.value >= top.value - margins.same * scale && !(sameDecision?.(c) ?? false)) return true;
  }
  return false;
}

/**
 * The near-tie rule of a cell for what is asked of it (`ties`): a same-family maximiser within
 * {@link FAST_TIE_MARGIN}; one of the other family within {@link FAST_TIE_MARGIN}, or
 * {@link END_TIE_MARGIN} under the proportional penalty when the best is an end of the δ range,
 * or {@link DECISION_TIE_MARGIN} when only the decision is asked for (then a same-family one only
 * when `sameDecision` says its decision may differ).
 */
export function cellNearTie(
  candidates: readonly Candidate[],
  top: Candidate,
  ties: Ties,
  proportional: boolean,
  sameDecision: (c: Candidate) => boolean,
): boolean {
  const end = proportional && (top.delta === 0 || top.delta === 1);
  const other = ties === "decision" ? DECISION_TIE_MARGIN : end ? END_TIE_MARGIN : FAST_TIE_MARGIN;
  return nearTie(
    candidates,
    top,
    { same: FAST_TIE_MARGIN, other },
    ties === "decision" ? sameDecision : undefined,
  );
}
