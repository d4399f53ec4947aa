/**
 * The generalist's side of the equilibrium certificate for polynomial games with many specialists
 * (./certificate.ts): G's utility at α0 in one pass over typed arrays instead of one best-response
 * object per specialist, and at every participation threshold by one sorted sweep with running
 * sums instead of a full evaluation per threshold — O(n log n) for all n thresholds, where the
 * direct evaluation costs O(n²) — and at any other α0 from the running sums at the last threshold
 * below it (a binary search, where the direct pass costs O(n) for each point of the search).
 * Participation is decided by the same threshold numbers as the per-specialist response
 * (./responses.ts), and the values differ from the direct evaluation only by the order of
 * summation (relative round-off ~√n·ε, far below the certificate's tolerance).
 */
import { firstIndex } from "../numerics/search.js";
import type { FineTuningGame } from "./model.js";
import { packPolynomial, sortByKey } from "./packed.js";
import {
  contribution,
  directAsSpecialist,
  participationThreshold,
  specialistResponsePolynomial,
} from "./responses.js";

/** Above this many specialists the certificate checks G by the sweep of this module. */
export const SWEEP_CERTIFICATE_MIN_SPECIALISTS = 2000;

/** What the certificate needs to know about G's utility over α0 at one δ. */
export interface GeneralistLandscape {
  /** U_G(α0) given everyone's best responses. */
  value(alpha0: number): number;
  /** The finite participation thresholds and U_G at each (G's utility jumps up there). */
  readonly atThresholds: { readonly thresholds: Float64Array; readonly values: Float64Array };
  /** Whether the same specialists participate at a and at b. */
  sameParticipants(a: number, b: number): boolean;
  /** Whether anybody participates at α0. */
  anyParticipant(alpha0: number): boolean;
}

/** G's utility landscape at δ for a polynomial game (see module comment). */
export function polynomialLandscape(game: FineTuningGame, delta: number): GeneralistLandscape {
  const p = packPolynomial(game)!;
  const ns = p.ns;
  const xs = new Float64Array(ns);
  const ts = new Float64Array(ns);
  game.specialists.forEach((s, i) => {
    xs[i] = contribution(p.c[i]!, p.k[i]!, p.slope[i]!, delta);
    ts[i] = participationThreshold(s, delta);
  });
  const d = game.generalist.direct;
  const own = (alpha0: number): number => {
    if (d === undefined) return 0;
    const r = specialistResponsePolynomial(directAsSpecialist(d), alpha0, 0);
    return r.participates ? r.utility : 0;
  };
  const phi0 = (alpha0: number): number => game.generalist.cost.value(alpha0);
  // the sweep: thresholds in increasing order, with Σ s_i and Σ s_i·x_i over those at or below
  // the sort reads the keys only, and its index arrays are the equilibrium's scratch (no
  // equilibrium runs while this is built, and the order is not kept): 24 MB less garbage per
  // certificate with a million specialists
  const order = sortByKey(ts, ns, p.order, p.spare, p.scratch, p.spareScratch);
  const finite: number[] = [];
  const values: number[] = [];
  // Σ s_i and Σ s_i·x_i over the thresholds up to each of `finite`
  const sums: number[] = [];
  const sumsX: number[] = [];
  let sumS = 0;
  let sumSX = 0;
  let r = 0;
  while (r < ns) {
    const t = ts[order[r]!]!;
    if (!Number.isFinite(t)) break;
    while (r < ns && ts[order[r]!]! === t) {
      const i = order[r++]!;
      sumS += p.slope[i]!;
      sumSX += p.slope[i]! * xs[i]!;
    }
    finite.push(t);
    values.push(delta * (sumS * t + sumSX) + own(t) - phi0(t));
    sums.push(sumS);
    sumsX.push(sumSX);
  }
  // the thresholds left are +∞ or NaN (never reached); a NaN, which the sort does not place, leaves
  // the value to the direct pass
  let placed = true;
  for (let q = r; q < ns; q++) if (Number.isNaN(ts[order[q]!]!)) placed = false;
  const thresholds = Float64Array.from(finite);
  /** How many of the finite thresholds are at most α0. */
  const reached = (alpha0: number): number => firstIndex(thresholds.length, (q) => thresholds[q]! > alpha0);
  const value = (alpha0: number): number => {
    if (!placed) {
      let total = 0;
      for (let i = 0; i < ns; i++) if (alpha0 >= ts[i]!) total += p.slope[i]! * (alpha0 + xs[i]!);
      return delta * total + own(alpha0) - phi0(alpha0);
    }
    // every specialist at or below α0 joins: the running sums of the sweep there
    const q = reached(alpha0);
    return q === 0
      ? own(alpha0) - phi0(alpha0)
      : delta * (sums[q - 1]! * alpha0 + sumsX[q - 1]!) + own(alpha0) - phi0(alpha0);
  };
  return {
    value,
    atThresholds: { thresholds, values: Float64Array.from(values) },
    sameParticipants(a, b) {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      if (placed && hi < Number.POSITIVE_INFINITY) return reached(lo) === reached(hi);
      for (let i = 0; i < ns; i++) if (ts[i]! > lo && ts[i]! <= hi) return false;
      return true;
    },
    anyParticipant(alpha0) {
      if (placed) return thresholds.length > 0 && thresholds[0]! <= alpha0;
      for (let i = 0; i < ns; i++) if (alpha0 >= ts[i]!) return true;
      return false;
    },
  };
}
