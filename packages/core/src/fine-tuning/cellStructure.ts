/**
 * Proofs that no window of another structure hides inside a cell [lo, hi] of δ whose two ends have
 * the same structure (BargainingProblem.sameStructure), for a polynomial game with linear revenues
 * and a strictly convex cost for G. Equal signatures at a cell's ends do not make the cell smooth:
 * G chooses among local maxima of its utility over α0 (one at each specialist's threshold it could
 * invest to), and another may overtake the chosen one inside the cell and give way again.
 *
 * Notation as in ./cellBounds.ts: item i (a specialist, or the direct channel) is active at α0 iff
 * α0 ≥ t_i(δ), its threshold, which rises with δ, as its contribution x_i(δ) falls; U(α0, δ) is
 * G's utility. G's choice at the ends follows a path P(δ) of one kind: 0, the threshold t_j(δ) of
 * item j, or the interior maximiser α*_A(δ) = ((δ·S_A + S_D)/(k0·c0))^{1/(k0−1)} of its utility
 * with the active set A (S_A the specialists' revenue slopes, S_D the direct channel's if active);
 * every kind rises with δ. The structure is the same at every δ of the cell when:
 * 1. Each item's threshold stays on one side of the path: t_i(hi) < P(lo) (active at G's choice)
 *    or t_i(lo) > P(hi) (not), or, near the path, the differences at both ends keep their sign by
 *    more than the difference's curvature (closed forms of t_i and P in δ) times (hi − lo)²/8; so
 *    the active set A is constant. Items with j's parameters move with j.
 * 2. The path is G's best choice on [P(δ), τ), τ the smallest threshold at lo of an inactive item,
 *    where the active set is A: the interior kind is its maximum; a threshold (or 0) is when
 *    α*_A ≤ t_j throughout (α*_A(hi) ≤ t_j(lo), or the ends and the curvature as in 1), as U
 *    decreases past it.
 * 3. No α0 ≥ τ beats the path. The difference U(α0, δ) − U(P(δ), δ) = S·(α0 − P) − c0·(α0^k0 −
 *    P^k0) + Σ over the items that join between them of their share of revenue, S = δ·S_A + S_D,
 *    rises with P (S ≤ k0·c0·P^{k0−1} on the path: condition 2) and, as α0 ≥ P, with S, so it is
 *    below E(α0) = S_e·(α0 − P(hi)) − c0·(α0^k0 − P(hi)^k0) + Σ_{t_i(lo) ≤ α0, i ∉ A}
 *    hi·s_i·(α0 + x_i(lo)) at every δ, with S_e the slope at hi where α0 ≥ P(hi) and at lo below
 *    (the direct channel, if it joins, with its own profit): E < 0 on [τ, ∞). The terms common to
 *    both investments cancel, so the bound is as tight as G's choice is close (two thresholds G is
 *    nearly indifferent between), not as loose as the cell's spread of G's whole utility.
 * 4. No α0 < P(δ) beats the path. Interior kind: the active set there is a part of A, and a
 *    specialist adds δ·s_i·(α0 + x_i) ≥ 0, so U ≤ U_A < U_A(P). Threshold kind: the difference
 *    U(α0, δ) − U(t_j(δ), δ) = c0·(t_j^k0 − α0^k0) − Σ_{active at α0} δ·s_i·(t_j − α0) −
 *    Σ_{i ∈ A inactive at α0} δ·s_i·(t_j + x_i) rises with t_j (condition 2 again), so it is
 *    below F(α0), the same with t_j at P(hi), δ = lo, x_i at hi, and i counted active when
 *    t_i(lo) ≤ α0 (the smaller loss): F < 0 on [0, P(hi)]. A direct channel of negative profit in
 *    A with the interior kind: F < 0 below its threshold.
 *    E and F take each parameter at its worst end, so their slack is first order in the cell's
 *    width; where they fail (next to a change of structure, where G's gap shrinks), the α0 where
 *    they do go to a second-order proof that follows each competing choice along its own curve
 *    (./cellCandidates.ts).
 * 5. G enters throughout: a lower bound on its utility (./cellBounds.ts's lowerAt) is at least its
 *    disagreement payoff. A cell from δ = 0 needs no bound: U(α0, δ) − U(α0, 0) is the sum of the
 *    specialists' shares δ·s_i·(α0 + x_i) ≥ 0 (the direct channel's profit and G's cost do not
 *    depend on δ), so V(δ) ≥ V(0), and G enters at δ = 0 (the cell's end). There G's gain from
 *    entering can be a tie to rounding: with a direct channel, G's default disagreement payoff is
 *    its value at δ = 0 (equilibriumNumeric.ts's directOnlyValue).
 * Where no bargain forms at either end, none forms inside when G's upper envelope stays below its
 * disagreement payoff, or every α0 where it reaches the lower envelope's maximum lies below every
 * specialist's threshold (G's choice then has no participant). Comparisons of thresholds carry each
 * one's rounding (8 ulps of the terms it is computed from) and the path's (4·(n + 16) ulps), and
 * each first-order bound's value 8·(n + 16) ulps of the sizes of its own terms (the rounding of
 * plain sums over n items; the terms common to G's two investments never enter it), and G's lower
 * bound (condition 5) as many of G's utility, cost and revenue. The second-order proof sums with
 * compensation, so its values carry a rounding that does not grow with n (G's gaps between
 * neighbouring thresholds shrink as n grows).
 * O(n) per cell; the walks of conditions 3 and 4 sort only the items they read (./cellWalks.ts), or
 * read the cell's whole order of thresholds (the nearest kept order repaired) where those are many.
 * Conditions 1 and 2 are ./cellPath.ts's.
 */
import { BOUND_MARGIN, lowerAt } from "./cellBounds.js";
import { candidatesHold } from "./cellCandidates.js";
import { cellEnds, EPS } from "./cellEnds.js";
import { type EndChoice, fillAtLo, pathOf, pathSides } from "./cellPath.js";
import { leftMax, rightMax } from "./cellWalks.js";
import { type Envelope, envelope } from "./envelope.js";
import type { FineTuningGame } from "./model.js";
import { type PackedPolynomial, packPolynomial, slopesNonNegative } from "./packed.js";
import { pow } from "./polynomialChoice.js";
import { orderOfThresholds } from "./thresholdOrders.js";
import { utilityUnit } from "./units.js";

export type { EndChoice } from "./cellPath.js";

/** How {@link structureHolds} proves conditions 3 and 4 (for tests of each way). */
export interface StructureProofOptions {
  /**
   * Whether the first-order bounds E and F are tried first (default true); false hands every α0
   * to the second-order proof (./cellCandidates.ts).
   */
  readonly firstOrder?: boolean;
  /** Whether the second-order proof takes the region where E or F fail (default true). */
  readonly secondOrder?: boolean;
}

/**
 * Relative margin by which, where no bargain forms, every specialist's threshold must lie above
 * the investments G could choose: far above the rounding of a threshold or of G's envelope.
 */
export const ORDER_MARGIN = 1e-9;

/**
 * The first-order walks' rounding, relative to the sum of the sizes of a bound's terms: that of
 * plain sums over n items in any order (the walks' and the buckets' orders differ) and the few
 * operations of each bound.
 */
export const WALK_ROUNDING = (n: number): number => 8 * (n + 16) * EPS;

/**
 * Whether the equilibrium's structure (agreement, every specialist's regime, G's kind of choice
 * and the item it invests to) is provably the same at every δ ∈ [lo, hi] as at both ends, whose
 * choices are `a` and `b` (null: no bargain) and whose structures are equal (see the module's
 * header). False when it cannot be proven, or the game is not of the kind the proof covers.
 */
export function structureHolds(
  game: FineTuningGame,
  lo: number,
  hi: number,
  a: EndChoice | null,
  b: EndChoice | null,
  options: StructureProofOptions = {},
): boolean {
  const p = packPolynomial(game);
  if (p === null || !(lo >= 0 && lo < hi && hi <= 1)) return false;
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  if (!(c0 > 0 && k0 > 1)) return false;
  if (!slopesNonNegative(p)) return false;
  if (a === null || b === null) return a === b && noBargain(p, game, lo, hi);
  if (a.choice !== b.choice) return false;
  const w = cellEnds(p, lo, hi);
  if (w === null) return false;
  const path = pathOf(p, w, a, b);
  if (path === null) return false;
  const [p0, p1, j] = path;
  const sides = pathSides(p, game, w, lo, hi, a.choice, p0, p1, j);
  if (sides === null) return false;
  const { n } = p;
  const { pathErr, specSlopes, directSlope, revenue, tau, negativeDirect } = sides;
  // 5. G enters throughout (from δ = 0, as it enters there: see the module's header)
  const lower = lowerAt(p, game, lo, hi, [a.alpha0, b.alpha0]);
  // the rounding of the sums below (n terms of at most the revenue and G's cost)
  const margin = 8 * (n + 16) * EPS * (utilityUnit(p) + Math.abs(lower) + 2 * c0 * pow(p1, k0) + revenue);
  if (!(lower - margin >= game.generalist.disagreement) && lo !== 0) return false;
  // 3. and 4., over the items in order of their thresholds at lo: past the path, the difference
  // with slope δ·S_A + S_D at lo below P(hi) and at hi above it; where these first-order bounds
  // fail, the second-order proof over that region (./cellCandidates.ts)
  fillAtLo(p, w, hi);
  // the order of thresholds at lo, made only if a walk needs it (./cellWalks.ts)
  const orderAt = (): Uint32Array => orderOfThresholds(p, lo);
  const region: [number, number][] = [];
  // the walks' rounding relative to the sizes of each bound's terms; without the first order (∞)
  // every segment goes to the second-order proof
  const rho = options.firstOrder === false ? Number.POSITIVE_INFINITY : WALK_ROUNDING(n);
  if (Number.isFinite(tau)) {
    const cost = c0 * pow(p1, k0);
    for (const [d, from, to] of [
      [lo, tau, p1],
      [hi, Math.max(tau, p1), Number.POSITIVE_INFINITY],
    ] as const) {
      if (!(from <= to)) continue;
      const S = d * specSlopes + directSlope;
      rightMax(
        p,
        game,
        orderAt,
        w.active,
        S,
        cost - S * p1,
        cost + Math.abs(S * p1),
        tau,
        from,
        to,
        rho,
        region,
      );
    }
  }
  if (a.choice === "threshold") leftMax(p, game, orderAt, w, lo, p0, p1, p1, rho, region);
  if (a.choice === "interior" && Number.isFinite(negativeDirect))
    leftMax(p, game, orderAt, w, lo, p0, p1, negativeDirect, rho, region);
  if (region.length === 0) return true;
  const kind = a.choice;
  if (kind === "out" || options.secondOrder === false) return false;
  return candidatesHold({ p, game, lo, hi, ...w, kind, p0, p1, j, tau, pathErr }, joined(region));
}

/** The union of closed intervals, as sorted disjoint intervals. */
function joined(list: [number, number][]): [number, number][] {
  list.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of list) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * Whether no bargain forms at any δ of [lo, hi]: G's utility stays below its disagreement payoff,
 * or every α0 it could choose lies below every specialist's threshold.
 */
function noBargain(p: PackedPolynomial, game: FineTuningGame, lo: number, hi: number): boolean {
  const d0 = game.generalist.disagreement;
  // BOUND_MARGIN, or twice the rounding of the envelope's terms where that is less (a few items:
  // a fixed 1e-9 of G's utility left cells within ~1e-7 of G's participation boundary unproven)
  const widen = (e: Envelope): number =>
    Math.min(BOUND_MARGIN * Math.max(utilityUnit(p), Math.abs(e.max)), 16 * (p.n + 16) * EPS * e.scale);
  const upper = envelope(p, game, lo, hi, d0);
  if (upper === null) return false;
  if (upper.max + widen(upper) < d0) return true;
  const lower = envelope(p, game, hi, lo, Number.POSITIVE_INFINITY);
  if (lower === null || !Number.isFinite(lower.max)) return false;
  const reach = envelope(p, game, lo, hi, lower.max - Math.max(widen(lower), widen(upper)));
  if (reach === null) return false;
  // the specialists' thresholds at lo, as the proof of a bargaining cell reads them
  const w = cellEnds(p, lo, hi);
  if (w === null) return false;
  let first = Number.POSITIVE_INFINITY;
  for (let i = 0; i < p.ns; i++) first = Math.min(first, Math.max(0, w.tLo[i]!));
  return reach.sup * (1 + ORDER_MARGIN) < first;
}
