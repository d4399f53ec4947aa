/**
 * The exact equilibrium at one δ for polynomial costs with fixed costs and linear revenues (the
 * `polynomial` path; conventions in ./model.ts). Each specialist's contribution
 * x_i = ((1−δ)s_i/(k_i c_i))^{1/(k_i−1)} does not depend on α0 (Theorem 3.1), and it participates
 * iff α0 ≥ t_i, a threshold in closed form. Sorting the thresholds splits α0 into segments with a
 * fixed set of participants, on each of which U_G = S·α0 + C − F0 − c0·α0^k0 is concave with a
 * closed-form maximiser: the global maximum is the best of O(n) candidates (every segment's start
 * — where G invests exactly enough to bring a player in — and its interior maximum), O(n log n)
 * per δ.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 3.1, Section 4
 */
import type { FineTuningGame, Regime } from "./model.js";
import { agreementOutcome, disagreementOutcome, type Equilibrium, type GeneralistChoice } from "./outcome.js";
import { contribution, directAsSpecialist, polynomialUtility, thresholdAt } from "./responses.js";

/** Exact equilibrium for the polynomial family with fixed costs (segment method, O(n log n)). */
export function equilibriumPolynomial(game: FineTuningGame, delta: number): Equilibrium {
  const { c: c0, k: k0, fixed: f0 } = game.generalist.cost.polynomial!;
  // Items: the specialists (G earns δ·s·(α0 + x) from each participant), then the direct channel
  // (G earns s·(α0 + x) − F − c·x^k itself). Each is active above a threshold in α0.
  const specialists = game.specialists;
  const ns = specialists.length;
  const d = game.generalist.direct;
  const n = ns + (d === undefined ? 0 : 1);
  // plain arrays: typed-array allocation dominated this function for small n (measured)
  const xs: number[] = new Array(n);
  const slopes: number[] = new Array(n);
  const consts: number[] = new Array(n);
  const thresholds: number[] = new Array(n);
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const own = i === ns;
    const s = own ? directAsSpecialist(d!) : specialists[i]!;
    const { c, k, fixed } = s.cost.polynomial!;
    const slope = s.revenue.linear!.slope;
    // the direct channel keeps the whole revenue and pays its own cost
    const share = own ? 0 : delta;
    const w = own ? 1 : delta;
    const x = contribution(c, k, slope, share);
    xs[i] = x;
    slopes[i] = w * slope;
    consts[i] = w * slope * x - (own ? fixed + c * x ** k : 0);
    thresholds[i] = thresholdAt(s, x, share);
    order[i] = i;
  }
  order.sort((i, j) => thresholds[i]! - thresholds[j]!);
  // on a segment with a fixed set of active items: U_G = S·α0 + C − F0 − c0·α0^k0 (concave)
  let S = 0;
  let C = -f0;
  let bestA = 0;
  let bestU = Number.NEGATIVE_INFINITY;
  let bestChoice: Exclude<GeneralistChoice, "out"> = "zero";
  let bestItem = -1;
  let idx = 0;
  let segStart = 0;
  let startItem = -1;
  for (;;) {
    while (idx < n && thresholds[order[idx]!]! <= segStart) {
      const i = order[idx++]!;
      S += slopes[i]!;
      C += consts[i]!;
      if (thresholds[i]! === segStart && segStart > 0) startItem = i;
    }
    const segEnd = idx < n ? thresholds[order[idx]!]! : Number.POSITIVE_INFINITY;
    const interior = S > 0 ? (S / (k0 * c0)) ** (1 / (k0 - 1)) : 0;
    // the segment is [segStart, segEnd): its right end belongs to the next segment
    const u0 = S * segStart + C - c0 * segStart ** k0;
    if (u0 > bestU) {
      bestU = u0;
      bestA = segStart;
      bestChoice = segStart === 0 ? "zero" : "threshold";
      bestItem = startItem;
    }
    if (interior > segStart && interior < segEnd) {
      const u = S * interior + C - c0 * interior ** k0;
      if (u > bestU) {
        bestU = u;
        bestA = interior;
        bestChoice = "interior";
        bestItem = -1;
      }
    }
    if (!Number.isFinite(segEnd)) break;
    segStart = segEnd;
    startItem = order[idx]!;
  }
  const alpha0 = bestA;
  let participants = 0;
  for (let i = 0; i < ns; i++) if (alpha0 >= thresholds[i]!) participants++;
  // ≥: an indifferent generalist enters (see model.ts); a bargain nobody joins is no bargain
  if (!(bestU >= game.generalist.disagreement) || participants === 0) {
    return disagreementOutcome(game, delta, "polynomial");
  }
  // The responses at G's choice, from the same x and thresholds (what specialistResponsePolynomial
  // computes, without computing it twice).
  const utilities = new Float64Array(ns + 1);
  utilities[0] = bestU;
  const alphas: (number | null)[] = new Array(ns);
  const regimes: Regime[] = new Array(ns);
  let revenue = 0;
  for (let i = 0; i < ns; i++) {
    const s = specialists[i]!;
    if (alpha0 >= thresholds[i]!) {
      const x = xs[i]!;
      const a = alpha0 + x;
      utilities[i + 1] = polynomialUtility(s, alpha0, x, delta);
      alphas[i] = a;
      regimes[i] = x > 0 ? "contributor" : "free-rider";
      revenue += s.revenue.value(a);
    } else {
      utilities[i + 1] = s.disagreement;
      alphas[i] = null;
      regimes[i] = "abstainer";
    }
  }
  let direct: Equilibrium["direct"] = null;
  if (d !== undefined && alpha0 >= thresholds[ns]!) {
    const x = xs[ns]!;
    const a = alpha0 + x;
    const rev = d.revenue.value(a);
    // the channel keeps the whole revenue: its profit is a specialist's utility at δ = 0
    direct = { alpha: a, revenue: rev, profit: polynomialUtility(directAsSpecialist(d), alpha0, x, 0) };
    revenue += rev;
  }
  return agreementOutcome(
    { delta, alpha0, alphas, utilities, regimes, revenue, direct, method: "polynomial", choice: bestChoice },
    bestItem,
  );
}
