/**
 * Bounds on how fast the closed forms of a polynomial game move and bend over a cell [lo, hi] of
 * δ, for the structure proofs (./cellStructure.ts, ./cellCandidates.ts). Item i (a specialist)
 * contributes x_i(δ) = X_i·(1 − δ)^e (X_i = (s_i/(k_i·c_i))^e, e = 1/(k_i − 1)) and joins at its
 * threshold, before the clamp at 0, t_i(δ) = A·u − B·(1 − δ)^e with u = 1/(1 − δ),
 * A = (d_i + F_i)/s_i and B = (1 − 1/k_i)·(k_i·c_i)^{−e}·s_i^e; every term of every derivative
 * below is monotone in δ, so its bound over the cell is read at one of the ends. The direct channel
 * keeps its whole revenue: its threshold and contribution do not depend on δ. Each bound carries
 * a relative 1e-9 for its own rounding; ∞ when hi = 1 (a threshold runs off to infinity there).
 */
import { type PackedPolynomial, perGame } from "./packed.js";

/** Relative widening of every bound below: far above the rounding of the few operations in each. */
const WIDEN = 1 + 1e-9;

/** max over δ ∈ [lo, hi] of (1 − δ)^q: at lo when q ≥ 0, else at hi. */
function powOfRest(lo: number, hi: number, q: number): number {
  return q >= 0 ? (1 - lo) ** q : (1 - hi) ** q;
}

/**
 * Per game, each item's closed-form constants A, B and e (the module's header), and whether its
 * threshold moves: 0 for the direct channel or a zero slope (it does not), −1 for a negative
 * slope (no bound), 1 otherwise. Computed once: the bounds below run for many items a cell.
 */
interface ThresholdParts {
  readonly A: Float64Array;
  readonly B: Float64Array;
  readonly e: Float64Array;
  readonly moves: Int8Array;
}
const parts = new WeakMap<PackedPolynomial, ThresholdParts>();

function thresholdParts(p: PackedPolynomial): ThresholdParts {
  return perGame(parts, p, makeThresholdParts);
}

function makeThresholdParts(p: PackedPolynomial): ThresholdParts {
  const t = {
    A: new Float64Array(p.n),
    B: new Float64Array(p.n),
    e: new Float64Array(p.n),
    moves: new Int8Array(p.n),
  };
  for (let i = 0; i < p.ns; i++) {
    const s = p.slope[i]!;
    if (s === 0) continue;
    if (!(s > 0)) {
      t.moves[i] = -1;
      continue;
    }
    const k = p.k[i]!;
    const e = 1 / (k - 1);
    t.moves[i] = 1;
    t.e[i] = e;
    t.A[i] = p.need[i]! / s;
    t.B[i] = (1 - 1 / k) * (k * p.c[i]!) ** -e * s ** e;
  }
  return t;
}

/** A bound on |t_i″| over [lo, hi]: t_i″ = 2A·u³ − B·e·(e − 1)·(1 − δ)^{e−2}. */
export function thresholdCurvature(p: PackedPolynomial, i: number, lo: number, hi: number): number {
  const t = thresholdParts(p);
  const moves = t.moves[i]!;
  if (moves === 0) return 0;
  if (moves < 0 || !(hi < 1)) return Number.POSITIVE_INFINITY;
  const e = t.e[i]!;
  const u = 1 / (1 - hi);
  const bend = e === 1 ? 0 : t.B[i]! * Math.abs(e * (e - 1)) * powOfRest(lo, hi, e - 2);
  return (2 * Math.abs(t.A[i]!) * u * u * u + bend) * WIDEN;
}

/** A bound on |t_i′| over [lo, hi]: t_i′ = A·u² + B·e·(1 − δ)^{e−1}. */
export function thresholdSlope(p: PackedPolynomial, i: number, lo: number, hi: number): number {
  const t = thresholdParts(p);
  const moves = t.moves[i]!;
  if (moves === 0) return 0;
  if (moves < 0 || !(hi < 1)) return Number.POSITIVE_INFINITY;
  const e = t.e[i]!;
  const u = 1 / (1 - hi);
  return (Math.abs(t.A[i]!) * u * u + t.B[i]! * e * powOfRest(lo, hi, e - 1)) * WIDEN;
}

/** A bound on |f″| for f = r^e over a cell of width `width` where r is linear, r0 and r1 at its ends. */
export function powerCurvature(r0: number, r1: number, e: number, width: number): number {
  const slope = (r1 - r0) / width;
  const q = Math.max(r0 ** (e - 2), r1 ** (e - 2));
  return Math.abs(e * (e - 1)) * q * slope * slope * (1 + 1e-6);
}

/** A bound on |f′| for f = r^e over a cell of width `width` where r is linear, r0 and r1 at its ends. */
export function powerSlope(r0: number, r1: number, e: number, width: number): number {
  const slope = (r1 - r0) / width;
  const q = Math.max(r0 ** (e - 1), r1 ** (e - 1));
  return Math.abs(e * slope) * q * (1 + 1e-6);
}

/** Per game: the largest |A| over the specialists, and per exponent k the largest B. */
interface Extremes {
  readonly maxA: number;
  readonly maxB: Map<number, number>;
}
const extremes = new WeakMap<PackedPolynomial, Extremes>();

function makeExtremes(p: PackedPolynomial): Extremes {
  let maxA = 0;
  const maxB = new Map<number, number>();
  const t = thresholdParts(p);
  for (let i = 0; i < p.ns; i++) {
    if (t.moves[i] === 0) continue;
    if (t.moves[i]! < 0) {
      maxA = Number.POSITIVE_INFINITY;
      continue;
    }
    maxA = Math.max(maxA, Math.abs(t.A[i]!));
    maxB.set(p.k[i]!, Math.max(maxB.get(p.k[i]!) ?? 0, t.B[i]!));
  }
  return { maxA, maxB };
}

/** A bound on |t_i″| over [lo, hi] for every item at once, from per-game extremes (O(1) per cell). */
export function maxThresholdCurvature(p: PackedPolynomial, lo: number, hi: number): number {
  if (!(hi < 1)) return Number.POSITIVE_INFINITY;
  const x = perGame(extremes, p, makeExtremes);
  const u = 1 / (1 - hi);
  let bend = 0;
  for (const [k, B] of x.maxB) {
    const e = 1 / (k - 1);
    if (e !== 1) bend = Math.max(bend, B * Math.abs(e * (e - 1)) * powOfRest(lo, hi, e - 2));
  }
  return (2 * x.maxA * u * u * u + bend) * WIDEN * WIDEN;
}

/**
 * Per game: s_i·X_i of each specialist (NaN for a negative slope), so that its share of revenue
 * s_i·x_i(δ) = s_i·X_i·(1 − δ)^{1/(k_i − 1)}, and the index of its exponent in `ks` (the distinct
 * exponents, in order of first appearance).
 */
export interface ContributionFactors {
  readonly sx: Float64Array;
  readonly kIndex: Uint32Array;
  readonly ks: readonly number[];
}
const factors = new WeakMap<PackedPolynomial, ContributionFactors>();

/** The game's {@link ContributionFactors}, computed once. */
export function contributionFactors(p: PackedPolynomial): ContributionFactors {
  return perGame(factors, p, (q) => {
    const sx = new Float64Array(q.n);
    const kIndex = new Uint32Array(q.n);
    const ks: number[] = [];
    const index = new Map<number, number>();
    for (let i = 0; i < q.ns; i++) {
      const s = q.slope[i]!;
      const k = q.k[i]!;
      sx[i] = s > 0 ? s * (s / (k * q.c[i]!)) ** (1 / (k - 1)) : s === 0 ? 0 : Number.NaN;
      let at = index.get(k);
      if (at === undefined) {
        at = ks.length;
        ks.push(k);
        index.set(k, at);
      }
      kIndex[i] = at;
    }
    return { sx, kIndex, ks };
  });
}

/**
 * A bound on s_i·|y_i″| over [lo, hi] for every item into `out`, y_i = δ·x_i(δ) being G's share of
 * specialist i's contribution per unit of revenue slope: y″ = X·(−2e·(1 − δ)^{e−1} +
 * δ·e·(e − 1)·(1 − δ)^{e−2}), 0 for the direct channel. s_i·X_i is fixed per game and the rest
 * depends only on the exponent, so an item costs a multiplication. False when a bound is not finite.
 */
export function shareCurvatures(p: PackedPolynomial, lo: number, hi: number, out: Float64Array): boolean {
  if (!(hi < 1)) return false;
  const f = contributionFactors(p);
  const factor = f.ks.map((k) => {
    const e = 1 / (k - 1);
    const bend = e === 1 ? 0 : hi * Math.abs(e * (e - 1)) * powOfRest(lo, hi, e - 2);
    return (2 * e * powOfRest(lo, hi, e - 1) + bend) * WIDEN * WIDEN;
  });
  for (let i = 0; i < p.ns; i++) {
    const y = f.sx[i]! * factor[f.kIndex[i]!]!;
    if (!Number.isFinite(y)) return false;
    out[i] = y;
  }
  for (let i = p.ns; i < p.n; i++) out[i] = 0;
  return true;
}
