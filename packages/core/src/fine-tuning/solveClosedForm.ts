/**
 * The closed-form path of the fine-tuning analysis: one specialist, polynomial costs with
 * k0, k1 ≥ 2, no fixed cost, identity revenue, zero disagreement payoffs. Utilities are strictly
 * unimodal (Prop. 3.1), so the Pareto set is the interval between the powerful-player solutions
 * (Theorem 2.1); solutions are the closed forms of Props 3.2–3.6 (quadratic costs) or roots of
 * exact first-order conditions.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 3
 */
import type { SolutionId } from "../bargaining/problem.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { bisectRoot } from "../numerics/roots.js";
import {
  corollary31Curves,
  corollary31Derivatives,
  egalitarianQuadratic,
  maxPerformanceQuadratic,
  type PolyParams,
  powerfulDQuadratic,
  powerfulGQuadratic,
  unimodalArgmax,
  verticalMonopolyQuadratic,
} from "./closedForm.js";
import { type FineTuningGame, isPolynomialGame } from "./model.js";

/** The closed-form path applies (see module comment). */
export function closedFormApplies(game: FineTuningGame): boolean {
  if (game.specialists.length !== 1 || !isPolynomialGame(game)) return false;
  const g = game.generalist.cost.polynomial!;
  const s = game.specialists[0]!;
  const p = s.cost.polynomial!;
  return (
    g.k >= 2 &&
    g.fixed === 0 &&
    p.k >= 2 &&
    p.fixed === 0 &&
    s.revenue.linear!.slope === 1 &&
    game.generalist.disagreement === 0 &&
    game.generalist.direct === undefined &&
    s.disagreement === 0
  );
}

/** Root of f on [lo, hi] when it changes sign from + to −, else the better endpoint of `score`. */
function focOrEndpoint(
  f: (d: number) => number,
  score: (d: number) => number,
  lo: number,
  hi: number,
): number {
  const flo = f(lo);
  const fhi = f(hi);
  if (flo > 0 && fhi < 0) {
    const r = brentRoot(f, lo, hi);
    return r.status === "converged" ? r.value : bisectRoot(f, lo, hi, 1e-16);
  }
  return score(hi) > score(lo) ? hi : lo;
}

/** The closed-form path (see module comment). */
export function closedFormSolutions(game: FineTuningGame) {
  const g = game.generalist.cost.polynomial!;
  const s = game.specialists[0]!;
  const sp = s.cost.polynomial!;
  const p: PolyParams = { c0: g.c, k0: g.k, c1: sp.c, k1: sp.k };
  const quadratic = p.k0 === 2 && p.k1 === 2; // exact: the quadratic closed forms need k = 2 exactly
  const { uG, uD } = corollary31Curves(p);
  const dU = (d: number) => corollary31Derivatives(p, d);
  const dG = quadratic ? powerfulGQuadratic(p.c0, p.c1) : unimodalArgmax((d) => dU(d).dG);
  const dD = quadratic ? powerfulDQuadratic(p.c0, p.c1) : unimodalArgmax((d) => dU(d).dD);
  const lo = Math.min(dG, dD);
  const hi = Math.max(dG, dD);
  const gStar = uG(dG);
  const dStar = uD(dD);
  const sum = (d: number) => uG(d) + uD(d);
  const utilitarian = quadratic
    ? verticalMonopolyQuadratic(p.c0, p.c1)
    : focOrEndpoint((d) => dU(d).dG + dU(d).dD, sum, 0, 1);
  const egalitarian = quadratic
    ? egalitarianQuadratic(p.c0, p.c1)
    : focOrEndpoint(
        (d) => (dG > dD ? 1 : -1) * (uD(d) - uG(d)),
        (d) => Math.min(uG(d), uD(d)),
        lo,
        hi,
      );
  const ratioGap = (d: number) => (dG > dD ? 1 : -1) * (uD(d) / dStar - uG(d) / gStar);
  const ks = focOrEndpoint(ratioGap, (d) => Math.min(uG(d) / gStar, uD(d) / dStar), lo, hi);
  const nashFoc = (d: number) => {
    const du = dU(d);
    return (dG > dD ? 1 : -1) * (du.dG / uG(d) + du.dD / uD(d));
  };
  const nash = lo === hi ? lo : focOrEndpoint(nashFoc, (d) => uG(d) * uD(d), lo, hi);
  let maxPerf: { delta: number; ties: [number, number][] };
  if (quadratic) maxPerf = maxPerformanceQuadratic(p.c0, p.c1);
  else {
    // α1(δ) = (δ/(k0 c0))^{p0} + ((1−δ)/(k1 c1))^{p1}, p = 1/(k − 1) ≤ 1: a sum of concave terms,
    // so its maximiser is the root of dα1/dδ (Theorem 3.1), exact to machine precision
    const p0 = 1 / (p.k0 - 1);
    const p1 = 1 / (p.k1 - 1);
    const a0 = (1 / (p.k0 * p.c0)) ** p0;
    const a1 = (1 / (p.k1 * p.c1)) ** p1;
    maxPerf = {
      delta: unimodalArgmax((d) => p0 * a0 * d ** (p0 - 1) - p1 * a1 * (1 - d) ** (p1 - 1)),
      ties: [],
    };
  }
  const inP = (d: number) => d >= lo && d <= hi;
  const sol = (id: SolutionId, delta: number, ties: [number, number][] = []) => ({
    id,
    delta,
    ties: ties as (readonly [number, number])[],
    inParetoSet: inP(delta),
  });
  return {
    pareto: [lo, hi] as const,
    parties: ["G", s.name],
    solutions: [
      sol("nash", nash),
      sol("kalai-smorodinsky", ks),
      sol("egalitarian", egalitarian),
      sol("utilitarian", utilitarian),
      sol("max-performance", maxPerf.delta, maxPerf.ties),
      sol("powerful-G", dG),
      sol(`powerful-${s.name}`, dD),
    ],
  };
}
