/**
 * Certificates for an equilibrium at one δ: for every player's stage choice, the best gain found by
 * deviating — a global search (grid, then local refinement of the best cells, plus every
 * specialist's participation threshold for G, where G's utility jumps) that includes abstaining /
 * staying out — and, where the choice is interior and the utility smooth there, the first-order
 * residual judged against a tolerance. A user can check these numbers without trusting the solver;
 * a perturbed answer fails them (tested).
 */
import { brentMax } from "../numerics/brent.js";
import { bisectPredicate } from "../numerics/roots.js";
import { equilibriumUnit, resolvedResidual } from "./certificateScale.js";
import { polynomialLandscape, SWEEP_CERTIFICATE_MIN_SPECIALISTS } from "./certificateSweep.js";
import { generalistUtilityNumeric } from "./equilibriumNumeric.js";
import { pow } from "./equilibriumPolynomial.js";
import { isExactLinear, isExactPolyCost1 } from "./families.js";
import type { FineTuningGame } from "./model.js";
import { type Equilibrium, generalistValue } from "./outcome.js";
import { packPolynomial } from "./packed.js";
import { type EquilibriumOptions, participationThreshold } from "./responses.js";

export interface PlayerCertificate {
  /** max over checked deviations of (deviation utility − equilibrium utility); ≤ tolerance certifies. */
  readonly deviationGain: number;
  /** First-order residual ∂U/∂(own choice) at an interior, smooth choice; null at a boundary, kink or abstention. */
  readonly focResidual: number | null;
  readonly checkedPoints: number;
}

export interface EquilibriumCertificate {
  readonly generalist: PlayerCertificate;
  readonly specialists: readonly PlayerCertificate[];
  /** Largest deviation gain over all players. */
  readonly maxDeviationGain: number;
  /** Whether every deviation gain and first-order residual is within {@link CERTIFICATE_TOLERANCE}. */
  readonly holds: boolean;
}

/** Options of {@link certifyEquilibrium}. */
export interface CertificateOptions extends EquilibriumOptions {
  /** Points of each deviation grid (before local refinement). Default 64. */
  readonly checkPoints?: number;
}

/**
 * Tolerances of the equilibrium certificate, relative to max(1, |U|) of the player: a deviation
 * gain above `deviation` or a first-order residual above `foc` fails it. A choice moved by 1e-3
 * off a smooth optimum gains ~U″·5e-7 by moving back and has a residual ~U″·1e-3, both far above.
 */
export const CERTIFICATE_TOLERANCE = Object.freeze({ deviation: 1e-9, foc: 1e-5 });

/** Relative width (of max(1, |x|)) to which a deviation search refines a grid cell's maximum. */
const DEVIATION_SEARCH_TOLERANCE = 1e-12;

/** Width (performance units) to which a jump of G's utility (a change of participants) is located. */
const JUMP_TOLERANCE = 1e-13;

/** Relative step (of max(1, α0)) of G's central-difference first-order residual. */
const FOC_STEP = 1e-6;

/** Grid abscissae and values of {@link searchMax}, reused across calls (it does not nest). */
let gridXs = new Float64Array(65);
let gridFs = new Float64Array(65);

/** Best of f over [lo, hi]: a grid of k intervals, then Brent around the best three grid cells. */
function searchMax(
  f: (x: number) => number,
  lo: number,
  hi: number,
  k: number,
): { x: number; fx: number; n: number } {
  if (gridXs.length < k + 1) {
    gridXs = new Float64Array(k + 1);
    gridFs = new Float64Array(k + 1);
  }
  // f may be G's utility, which never calls back here; the arrays are taken locally all the same
  const xs = gridXs.subarray(0, k + 1);
  const fs = gridFs.subarray(0, k + 1);
  for (let j = 0; j <= k; j++) {
    const x = lo + ((hi - lo) * j) / k;
    xs[j] = x;
    fs[j] = f(x);
  }
  let bestX = xs[0]!;
  let bestF = fs[0]!;
  let n = k + 1;
  for (const i of bestThree(fs)) {
    if (fs[i]! > bestF) {
      bestX = xs[i]!;
      bestF = fs[i]!;
    }
    const a = xs[Math.max(0, i - 1)]!;
    const b = xs[Math.min(k, i + 1)]!;
    if (b > a) {
      const r = brentMax(f, a, b, { xTol: DEVIATION_SEARCH_TOLERANCE * Math.max(1, Math.abs(b)) });
      n += r.iterations;
      if (r.value.fx > bestF) {
        bestX = r.value.x;
        bestF = r.value.fx;
      }
    }
  }
  return { x: bestX, fx: bestF, n };
}

/**
 * The indices of the three largest values, largest first, ties by index: the first three of a
 * stable sort by decreasing value, without sorting (this runs for every specialist at every
 * certified δ). With a NaN among the values, the sort itself.
 */
function bestThree(fs: Float64Array): number[] {
  let nan = false;
  for (let i = 0; i < fs.length && !nan; i++) nan = Number.isNaN(fs[i]!);
  if (nan)
    return Array.from(fs, (_, i) => i)
      .sort((a, b) => fs[b]! - fs[a]!)
      .slice(0, 3);
  const top: number[] = [];
  for (let i = 0; i < fs.length; i++) {
    const v = fs[i]!;
    if (top.length === 3 && !(v > fs[top[2]!]!)) continue;
    let at = Math.min(top.length, 2);
    if (top.length === 3) top.pop();
    // strictly larger values move ahead; an equal value stays behind (the lower index first)
    while (at > 0 && v > fs[top[at - 1]!]!) at--;
    top.splice(at, 0, i);
  }
  return top;
}

/** Whether the specialist's revenue and cost are exactly slope·a and F + c·max(0, a − a0)^k. */
function exactPolynomial(s: FineTuningGame["specialists"][number]): boolean {
  return isExactLinear(s.revenue) && isExactPolyCost1(s.cost);
}

/**
 * share·r(a) − φ(a, a0) for an exact linear revenue and polynomial cost, operation for operation as
 * their closures compute it (./functions.ts), with x ** k by the engine's exact shortcut for k = 1, 2.
 */
function polynomialDeviation(
  share: number,
  slope: number,
  cost: { readonly c: number; readonly k: number; readonly fixed: number },
  a0: number,
): (a: number) => number {
  const { c, k, fixed } = cost;
  return (a) => share * (slope * a) - (fixed + c * pow(Math.max(0, a - a0), k));
}

/**
 * Relative offset (of the contribution) of the two points that bracket a concave deviation
 * utility's maximum in {@link concaveDeviationBound}: the bound then exceeds the maximum by about
 * c·k(k−1)·x^k·1e-14, far below the certificate's tolerance, while the slopes at the two points
 * are far from 0 in floating point.
 */
const CONCAVE_BRACKET = 1e-7;

/**
 * An upper bound on max over a ≥ a0 of g(a) = share·s·a − F − c·(a − a0)^k (an exact linear revenue
 * and polynomial cost with k > 1, c > 0: g is concave there), or undefined when the bound cannot
 * be established (the generic search decides then). The candidate maximiser a0 + x̂ comes from the
 * first-order condition, but the bound does not trust it: it holds because the slope
 * g′ = share·s − c·k·(a − a0)^(k−1) is checked to be ≥ 0 at a_L and ≤ 0 at a_R, so that g rises up
 * to a_L, falls after a_R, and between them lies below its tangent at a_L:
 *   max g ≤ max(g(a_L) + g′(a_L)·(a_R − a_L), g(a_R)).
 * When g′(a0) ≤ 0, g falls from a0 on and the bound is g(a0). Two or three evaluations instead of a
 * 64-point grid and three Brent searches: with a million specialists this is most of a
 * certificate's time.
 */
export function concaveDeviationBound(
  share: number,
  slope: number,
  cost: { readonly c: number; readonly k: number; readonly fixed: number },
  a0: number,
): number | undefined {
  return concaveBound(share, slope, cost.c, cost.k, cost.fixed, a0);
}

/** {@link concaveDeviationBound} on plain numbers (no allocation: it runs for every specialist). */
function concaveBound(
  share: number,
  slope: number,
  c: number,
  k: number,
  fixed: number,
  a0: number,
): number | undefined {
  if (!(k > 1 && c > 0 && Number.isFinite(c) && Number.isFinite(k))) return undefined;
  const m = share * slope;
  if (!(m > 0))
    return m <= 0 && m - c * k * pow(0, k - 1) <= 0 ? polyDev(share, slope, c, k, fixed, a0, a0) : undefined;
  const x = pow(m / (k * c), 1 / (k - 1));
  if (!(x > 0 && Number.isFinite(x))) return undefined;
  const aL = a0 + x * (1 - CONCAVE_BRACKET);
  const aR = a0 + x * (1 + CONCAVE_BRACKET);
  const sL = m - c * k * pow(aL - a0, k - 1);
  if (!(aL > a0 && aR > aL && sL >= 0 && m - c * k * pow(aR - a0, k - 1) <= 0)) return undefined;
  return Math.max(
    polyDev(share, slope, c, k, fixed, a0, aL) + sL * (aR - aL),
    polyDev(share, slope, c, k, fixed, a0, aR),
  );
}

/**
 * share·(slope·a) − (fixed + c·max(0, a − a0)^k): a specialist's deviation utility for an exact
 * linear revenue and polynomial cost, operation for operation as their closures compute it
 * (./functions.ts), with x ** k by the engine's exact shortcut for k = 1, 2.
 */
function polyDev(
  share: number,
  slope: number,
  c: number,
  k: number,
  fixed: number,
  a0: number,
  a: number,
): number {
  return share * (slope * a) - (fixed + c * pow(Math.max(0, a - a0), k));
}

/**
 * Every specialist's certificate numbers in typed arrays (20 bytes each, no object per specialist:
 * with a million specialists and six certified δ, objects were ~6 million long-lived allocations
 * that every full collection traverses), read as PlayerCertificate records built when read.
 */
class SpecialistRecords {
  private readonly gains: Float64Array;
  private readonly focs: Float64Array;
  private readonly points: Int32Array;
  constructor(readonly length: number) {
    this.gains = new Float64Array(length);
    this.focs = new Float64Array(length);
    this.points = new Int32Array(length);
  }
  set(i: number, gain: number, foc: number | null, points: number): void {
    this.gains[i] = gain;
    // NaN stands for "no residual" (a residual is never NaN: a NaN one would fail the check)
    this.focs[i] = foc === null ? Number.NaN : foc;
    this.points[i] = points;
  }
  maxGain(): number {
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.length; i++) m = Math.max(m, this.gains[i]!);
    return m;
  }
  record(i: number): PlayerCertificate {
    const foc = this.focs[i]!;
    return {
      deviationGain: this.gains[i]!,
      focResidual: Number.isNaN(foc) ? null : foc,
      checkedPoints: this.points[i]!,
    };
  }
  /**
   * The records as a read-only array: a plain array up to {@link RECORD_OBJECTS_MAX} specialists,
   * above it an array whose entries are made when read (indexing, iteration, JSON alike).
   */
  view(): readonly PlayerCertificate[] {
    if (this.length <= RECORD_OBJECTS_MAX)
      return Array.from({ length: this.length }, (_, i) => this.record(i));
    const target: PlayerCertificate[] = new Array(this.length);
    return new Proxy(target, {
      get: (t, key, receiver) => {
        if (typeof key === "string") {
          const i = indexOf(key, this.length);
          if (i >= 0) return this.record(i);
        }
        return Reflect.get(t, key, receiver);
      },
      has: (t, key) => (typeof key === "string" && indexOf(key, this.length) >= 0) || Reflect.has(t, key),
      getOwnPropertyDescriptor: (t, key) => {
        if (typeof key === "string" && indexOf(key, this.length) >= 0)
          return {
            value: this.record(indexOf(key, this.length)),
            writable: false,
            enumerable: true,
            configurable: true,
          };
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
      ownKeys: (t) => [...Array.from({ length: this.length }, (_, i) => String(i)), ...Reflect.ownKeys(t)],
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    });
  }
}

/** Up to this many specialists a certificate's records are plain objects. */
const RECORD_OBJECTS_MAX = 10_000;

/** The array index a property key names (canonical "0", "1", …, below `length`), else −1. */
function indexOf(key: string, length: number): number {
  const c = key.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return -1;
  const i = Number(key);
  return Number.isInteger(i) && i < length && String(i) === key ? i : -1;
}

/**
 * ∂U_G/∂α0 at a0, with U_G G's share of the revenue (and its direct channel's profit) less its cost
 * φ0: the first part's slope by a central difference of U_G + φ0 with step h (linear in α0 between
 * two thresholds on the polynomial path, so exact up to rounding), the cost's from its derivative.
 * A central difference of U_G itself carried φ0's truncation, which near α0 = 0 grows without bound
 * when k0 < 2 (1.3e-5 at α0 = 5.3e-5 with h = 1e-6 in a random game of 1,200 specialists: above
 * the tolerance, at a choice whose deviation gain was 1e-16).
 */
function generalistFocResidual(
  uG: (x: number) => number,
  cost: FineTuningGame["generalist"]["cost"],
  a0: number,
  h: number,
): number {
  const revenue = (x: number): number => uG(x) + cost.value(x);
  return (revenue(a0 + h) - revenue(a0 - h)) / (2 * h) - cost.derivative(a0);
}

/** Checks an equilibrium against unilateral deviations at each stage. */
export function certifyEquilibrium(
  game: FineTuningGame,
  eq: Equilibrium,
  options: CertificateOptions = {},
): EquilibriumCertificate {
  const K = options.checkPoints ?? 64;
  const delta = eq.delta;
  const share = 1 - delta;
  const a0 = eq.alpha0;
  // each tolerance is relative to the size of the player's own terms (its utility, revenue share,
  // cost, outside option), floored at the equilibrium's unit of utility: not at 1, which in units
  // of 1e-6 let an α 1e-3 off its optimum pass (see equilibriumUnit)
  const unit = equilibriumUnit(game, eq);
  const tolOf = (size: number, t: number): number => t * Math.max(unit, size);
  let holds = true;
  const ns = game.specialists.length;
  const records = new SpecialistRecords(ns);
  const packed = eq.method === "polynomial" ? packPolynomial(game) : null;
  for (let i = 0; i < ns; i++) {
    const s = game.specialists[i]!;
    if (a0 === null) {
      records.set(i, 0, null, 0);
      continue;
    }
    const u = eq.utilities[i + 1]!;
    // exactness from the packed game's flags (one lookup per game, not per specialist and δ)
    const exact = packed !== null ? packed.exact[i] === 1 : exactPolynomial(s);
    const ai = eq.alphas[i] ?? null;
    // a concave deviation utility is bounded over all a ≥ a0 by its slopes at two points; any
    // other is searched globally over a span around the choice
    let best = Number.NaN;
    // the two points of the bound, then abstaining and free-riding (as the search counts them)
    let points = 4;
    let bound: number | undefined;
    if (exact) {
      // the packed copies of the parameters when there are (the same numbers, read in order)
      const slope = packed !== null ? packed.slope[i]! : s.revenue.linear!.slope;
      const c = packed !== null ? packed.c[i]! : s.cost.polynomial!.c;
      const k = packed !== null ? packed.k[i]! : s.cost.polynomial!.k;
      const fixed = packed !== null ? packed.fixed[i]! : s.cost.polynomial!.fixed;
      bound = concaveBound(share, slope, c, k, fixed, a0);
      // abstaining, free-riding
      if (bound !== undefined)
        best = Math.max(s.disagreement, bound, polyDev(share, slope, c, k, fixed, a0, a0));
    }
    if (bound === undefined) {
      const g = exact
        ? polynomialDeviation(share, s.revenue.linear!.slope, s.cost.polynomial!, a0)
        : (a: number): number => share * s.revenue.value(a) - s.cost.value(a, a0);
      const found = searchMax(g, a0, a0 + 2 * ((ai ?? a0) - a0) + 1, K);
      best = Math.max(s.disagreement, found.fx, g(a0)); // abstaining, free-riding
      points = found.n + 2;
    }
    const focResidual =
      ai !== null && ai > a0
        ? resolvedResidual((a) => share * s.revenue.derivative(a) - s.cost.dA(a, a0), ai, a0)
        : null;
    const gain = best - u;
    // its terms at its choice: u is their difference, and may be far smaller than either
    const size = Math.max(
      Math.abs(u),
      Math.abs(s.disagreement),
      ai === null ? 0 : Math.abs(s.cost.value(ai, a0)) + Math.abs(u),
    );
    if (gain > tolOf(size, CERTIFICATE_TOLERANCE.deviation)) holds = false;
    if (focResidual !== null && Math.abs(focResidual) > tolOf(size, CERTIFICATE_TOLERANCE.foc)) holds = false;
    records.set(i, gain, focResidual, points);
  }
  const specialists = records.view();
  // many specialists on the polynomial path: G's utility by typed arrays and one sorted sweep
  const sweep =
    eq.method === "polynomial" && game.specialists.length > SWEEP_CERTIFICATE_MIN_SPECIALISTS
      ? polynomialLandscape(game, delta)
      : undefined;
  const uG = (x: number): number =>
    sweep !== undefined ? sweep.value(x) : generalistValue(game, x, delta, eq.method, options);
  // who participates at α0, for locating G's jumps
  const joined = (x: number): string => {
    if (eq.method === "numeric") return generalistUtilityNumeric(game, x, delta, options).participants.join();
    return game.specialists.map((s) => x >= participationThreshold(s, delta)).join();
  };
  const sameParticipants = (a: number, b: number): boolean =>
    sweep !== undefined ? sweep.sameParticipants(a, b) : joined(a) === joined(b);
  const anyParticipant = (x: number): boolean =>
    sweep !== undefined ? sweep.anyParticipant(x) : joined(x).includes("true");
  const span = 2 * (a0 ?? 0) + 1;
  const found = searchMax(uG, 0, span, K);
  let best = found.fx;
  let points = found.n;
  // every participation threshold is a candidate: G's utility jumps up there
  const thresholds: number[] = [];
  if (sweep !== undefined) {
    // (thresholds are candidates already evaluated by the sweep)
  } else if (eq.method === "polynomial") {
    for (const s of game.specialists) {
      const t = participationThreshold(s, delta);
      if (Number.isFinite(t)) thresholds.push(t);
    }
  } else {
    let prev = joined(0);
    for (let j = 1; j <= K; j++) {
      const x = (span * j) / K;
      const here = joined(x);
      if (here !== prev) {
        const before = prev;
        thresholds.push(
          bisectPredicate((y) => joined(y) === before, (span * (j - 1)) / K, x, { xTol: JUMP_TOLERANCE })
            .outside,
        );
      }
      prev = here;
    }
  }
  for (const t of thresholds) {
    best = Math.max(best, uG(t));
    points++;
  }
  // the largest value at a threshold (every threshold has a participant: the one it belongs to)
  let bestThreshold = Number.NEGATIVE_INFINITY;
  if (sweep !== undefined) {
    for (const v of sweep.atThresholds.values) bestThreshold = Math.max(bestThreshold, v);
    best = Math.max(best, bestThreshold);
    points += sweep.atThresholds.values.length;
  }
  let generalist: PlayerCertificate;
  if (a0 !== null) {
    const u = eq.utilities[0]!;
    best = Math.max(best, game.generalist.disagreement); // staying out
    // smooth only at an interior choice with the same participants on both sides
    const h = FOC_STEP * Math.max(1, a0);
    const smooth = eq.choice === "interior" && a0 > h && sameParticipants(a0 - h, a0 + h);
    const focResidual = smooth ? generalistFocResidual(uG, game.generalist.cost, a0, h) : null;
    const gain = best - u;
    // G's terms: its utility and cost (its share of revenue is their sum), and its outside option
    const size = Math.max(
      Math.abs(u) + Math.abs(game.generalist.cost.value(a0)),
      Math.abs(game.generalist.disagreement),
    );
    if (gain > tolOf(size, CERTIFICATE_TOLERANCE.deviation)) holds = false;
    if (focResidual !== null && Math.abs(focResidual) > tolOf(size, CERTIFICATE_TOLERANCE.foc)) holds = false;
    generalist = { deviationGain: gain, focResidual, checkedPoints: points + 1 };
  } else {
    // G stayed out: the certificate is the best G could have had by entering where someone joins
    const d0 = game.generalist.disagreement;
    const entries = [found.x, ...thresholds].filter(anyParticipant);
    let entry = bestThreshold;
    for (const x of entries) entry = Math.max(entry, uG(x));
    // entering ties are broken towards entry, so entering must be strictly worse
    const gain = entry - d0;
    if (gain >= 0) holds = false;
    generalist = { deviationGain: Math.max(gain, 0), focResidual: null, checkedPoints: points };
  }
  // a loop, not Math.max(...spread): a million arguments overflow the stack
  let maxDeviationGain = generalist.deviationGain;
  maxDeviationGain = Math.max(maxDeviationGain, records.maxGain());
  return { generalist, specialists, maxDeviationGain, holds };
}
