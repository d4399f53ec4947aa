/**
 * Closed forms of "Fine-tuning Games" Section 3 for one specialist with polynomial costs
 * φ0 = c0·α0^k0, φ1 = c1·(α1 − α0)^k1 and identity revenue, and the bargaining solutions of the
 * quadratic case (k0 = k1 = 2). Utilities come with their exact δ-derivatives so that solutions
 * are located as roots of first-order conditions (to ~1e-15), not as maxima of flat functions.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Theorem 3.1, Corollary 3.1, Props 3.1–3.6
 */
import { brentRoot } from "../numerics/brentRoot.js";
import { bisectRoot } from "../numerics/roots.js";

/** Parameters of the one-specialist polynomial game. */
export interface PolyParams {
  readonly c0: number;
  readonly k0: number;
  readonly c1: number;
  readonly k1: number;
}

/**
 * Theorem 3.1: α0* = (δ/(k0 c0))^{1/(k0−1)}, α1* = α0* + ((1−δ)/(k1 c1))^{1/(k1−1)}.
 * @example theorem31({ c0: 1, k0: 2, c1: 2, k1: 2 }, 0.5) // { alpha0: 0.25, alpha1: 0.375 }
 */
export function theorem31(p: PolyParams, delta: number): { alpha0: number; alpha1: number } {
  const alpha0 = (delta / (p.k0 * p.c0)) ** (1 / (p.k0 - 1));
  return { alpha0, alpha1: alpha0 + ((1 - delta) / (p.k1 * p.c1)) ** (1 / (p.k1 - 1)) };
}

/** Corollary 3.1: both utilities as functions of δ alone. */
export function corollary31(p: PolyParams, delta: number): { uG: number; uD: number } {
  const { uG, uD } = corollary31Curves(p);
  return { uG: uG(delta), uD: uD(delta) };
}

/**
 * Corollary 3.1's utilities as two scalar functions of δ, constants computed once: for loops that
 * evaluate them many times (root finding), where an object per call showed up as garbage
 * collection.
 */
export function corollary31Curves(p: PolyParams): { uG: (d: number) => number; uD: (d: number) => number } {
  const { A0, A1, p0, p1 } = polyConstants(p);
  return {
    uG: (d) => A0 * (1 - 1 / p.k0) * d ** (p.k0 / (p.k0 - 1)) + A1 * d * (1 - d) ** p1,
    uD: (d) => A1 * (1 - 1 / p.k1) * (1 - d) ** (p.k1 / (p.k1 - 1)) + A0 * (1 - d) * d ** p0,
  };
}

/** The constants of Corollary 3.1: A_i = (1/(k_i c_i))^{p_i}, p_i = 1/(k_i − 1). */
function polyConstants(p: PolyParams) {
  const p0 = 1 / (p.k0 - 1);
  const p1 = 1 / (p.k1 - 1);
  return { p0, p1, A0: (1 / (p.k0 * p.c0)) ** p0, A1: (1 / (p.k1 * p.c1)) ** p1 };
}

/** dU_G/dδ and dU_D/dδ from Corollary 3.1 (exact). */
export function corollary31Derivatives(p: PolyParams, delta: number): { dG: number; dD: number } {
  const { A0, A1, p0, p1 } = polyConstants(p);
  const e = 1 - delta;
  // δ·e^{p1−1} and e·δ^{p0−1} written so that 0·∞ at the ends evaluates to the limit
  const dG = A0 * delta ** p0 + A1 * (e ** p1 - (delta === 0 ? 0 : p1 * delta * e ** (p1 - 1)));
  const dD = -A1 * e ** p1 + A0 * (-(delta ** p0) + (e === 0 ? 0 : p0 * e * delta ** (p0 - 1)));
  return { dG, dD };
}

/**
 * argmax over [0, 1] of a function that is strictly unimodal there (Proposition 3.1 for k ≥ 2),
 * from its derivative: 0 if f' ≤ 0 at 0+, 1 if f' ≥ 0 at 1−, else the root of f'.
 */
export function unimodalArgmax(df: (d: number) => number): number {
  const lo = df(0);
  const hi = df(1);
  if (!(lo > 0)) return 0;
  if (!(hi < 0)) return 1;
  const r = brentRoot(df, 0, 1);
  return r.status === "converged" ? r.value : bisectRoot(df, 0, 1, 1e-16);
}

/** Quadratic costs (k0 = k1 = 2): Proposition 3.2, δ^{powerful G}. */
export function powerfulGQuadratic(c0: number, c1: number): number {
  return c1 < c0 ? c0 / (2 * c0 - c1) : 1;
}

/** Proposition 3.3, δ^{powerful D}. */
export function powerfulDQuadratic(c0: number, c1: number): number {
  return c1 < c0 ? 0 : (c1 - c0) / (2 * c1 - c0);
}

/**
 * Proposition 3.4, the maximum-performance δ. At c0 = c1 the performance α1* = 1/(2c0) does not
 * depend on δ: every δ ties. The paper reports δ = 1 there; the toolkit reports the smallest tied
 * δ, 0, with the tied set [0, 1] (erratum FTG-E3 in docs/errata.md).
 */
export function maxPerformanceQuadratic(c0: number, c1: number): { delta: number; ties: [number, number][] } {
  if (c1 === c0) return { delta: 0, ties: [[0, 1]] }; // exact: the derivative 1/(2c0) − 1/(2c1) is exactly 0
  return { delta: c1 < c0 ? 0 : 1, ties: [] };
}

/** Proposition 3.5, the vertical monopoly (utilitarian) δ = c1/(c0 + c1). */
export function verticalMonopolyQuadratic(c0: number, c1: number): number {
  return c1 / (c0 + c1);
}

/**
 * Proposition 3.6, the egalitarian δ = (2c0 − c1 − √(c0² − c0c1 + c1²)) / (3(c0 − c1)), and its
 * limit 1/2 at c0 = c1 (where the quadratic equation degenerates to a linear one). The appendix
 * prints the square root over the whole numerator (erratum FTG-E2); the main text is right.
 */
export function egalitarianQuadratic(c0: number, c1: number): number {
  if (c0 === c1) return 0.5; // exact degenerate case: (3c1 − 3c0)δ² vanishes, 2c0δ − c0 = 0
  const r = Math.sqrt(c0 * c0 - c0 * c1 + c1 * c1);
  // rationalised form (2c0 − c1 − r)/(3(c0 − c1)) = c0/(2c0 − c1 + r): no cancellation near c0 = c1
  return c0 / (2 * c0 - c1 + r);
}
