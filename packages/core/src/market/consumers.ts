/**
 * Consumer populations of the vertically differentiated market.
 *
 * Conventions: a consumer's type θ ∈ [0, θmax] is how much it values quality; a type-θ consumer
 * buying a model of quality q at price p gets θq − p, and 0 if it buys nothing. The population is
 * described by the cumulative mass F(θ) of types in [0, θ], normalised so that F(θmax) = 1. The
 * paper (Section 2.1.1) takes θ uniform on [0, 1] and Appendix B states the scaling for
 * U[0, θmax]; any other density is handled here numerically (piecewise-linear density, whose
 * cumulative mass is integrated exactly).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Sections 2.1.1 and Appendix B
 */
import { TOLERANCE } from "../numerics/tolerances.js";

/** A population of consumer types on [0, θmax]. */
export interface ConsumerDistribution {
  /** Upper end of the type support (types live on [0, thetaMax]). */
  readonly thetaMax: number;
  /** True when types are uniform: the closed forms of Lemma 2 (scaled by θmax) apply. */
  readonly uniform: boolean;
  /** Mass of types in [0, θ], clamped: 0 below 0, 1 above θmax. */
  cdf(theta: number): number;
  /** Density at θ (0 outside the support). */
  pdf(theta: number): number;
  /** One line for people. */
  readonly description: string;
  /**
   * True when the density is log-concave on its support (uniform, or a piecewise-linear density
   * that is concave where positive on one interval): each firm's revenue is then unimodal in its
   * own price and the scalable solver visits O(log n) demand pieces per firm. Absent = unknown
   * (treated as not log-concave: every relevant piece is visited).
   */
  readonly logConcave?: boolean;
  /** Derivative of the density at θ (right derivative at knots); absent = estimated from `pdf`. */
  pdfSlope?(theta: number): number;
}

/** Whether `c` is known to have a log-concave density. */
export function isLogConcave(c: ConsumerDistribution): boolean {
  return c.logConcave ?? c.uniform;
}

/**
 * Whether the piecewise-linear density through these knots is log-concave: positive on one
 * interval of knots and concave there (log w is concave on every linear piece, and at a knot
 * with w > 0 it stays concave exactly when the slope of w does not increase).
 */
function piecewiseLinearLogConcave(xs: readonly number[], ws: readonly number[]): boolean {
  const positive = ws.map((w) => w > 0);
  const first = positive.indexOf(true);
  const last = positive.lastIndexOf(true);
  for (let k = first; k <= last; k++) if (!positive[k]) return false;
  const lo = Math.max(0, first - 1);
  const hi = Math.min(ws.length - 1, last + 1);
  for (let k = lo + 1; k < hi; k++) {
    if (!(ws[k]! > 0)) continue;
    const left = (ws[k]! - ws[k - 1]!) / (xs[k]! - xs[k - 1]!);
    const right = (ws[k + 1]! - ws[k]!) / (xs[k + 1]! - xs[k]!);
    // relative slack: knots sampled from a linear density must not read as convex by round-off
    if (right > left + TOLERANCE.relativeRoundOff * Math.max(Math.abs(left), Math.abs(right), ws[k]!))
      return false;
  }
  return true;
}

/**
 * Types uniform on [0, θmax].
 * @param thetaMax upper end of the support; default 1 (the paper's Θ = [0, 1]).
 * @example
 * uniformConsumers(2).cdf(0.5) // 0.25
 */
export function uniformConsumers(thetaMax = 1): ConsumerDistribution {
  if (!(thetaMax > 0) || !Number.isFinite(thetaMax)) {
    throw new RangeError(`thetaMax: expected a finite number > 0, found ${thetaMax}`);
  }
  return {
    thetaMax,
    uniform: true,
    logConcave: true,
    pdfSlope: () => 0,
    cdf: (t) => (t <= 0 ? 0 : t >= thetaMax ? 1 : t / thetaMax),
    pdf: (t) => (t < 0 || t > thetaMax ? 0 : 1 / thetaMax),
    description: `θ ~ U[0, ${thetaMax}]`,
  };
}

/**
 * Types with a piecewise-linear density through the given knots (θ_k, w_k), θ_0 = 0 < θ_1 < … ,
 * θmax = last θ, weights ≥ 0 and not all 0 (rescaled to total mass 1). F is integrated exactly
 * (piecewise quadratic), so demands are exact for this density.
 * @example
 * piecewiseLinearConsumers([[0, 0], [1, 2]]).cdf(0.5) // 0.25 (density 2θ)
 */
export function piecewiseLinearConsumers(
  knots: readonly (readonly [number, number])[],
  description?: string,
): ConsumerDistribution {
  if (knots.length < 2) throw new RangeError("density: expected at least 2 knots");
  const xs = knots.map((k) => k[0]);
  const ws = knots.map((k) => k[1]);
  if (xs[0] !== 0) throw new RangeError(`density: the first knot must be at θ = 0, found ${xs[0]}`);
  for (let k = 0; k < xs.length; k++) {
    if (!Number.isFinite(xs[k]!) || !Number.isFinite(ws[k]!) || ws[k]! < 0) {
      throw new RangeError(`density: knot ${k} must be finite with weight ≥ 0, found [${xs[k]}, ${ws[k]}]`);
    }
    if (k > 0 && !(xs[k]! > xs[k - 1]!))
      throw new RangeError(`density: knots must increase in θ (knot ${k})`);
  }
  // cumulative (unnormalised) mass at each knot, trapezoid rule (exact for linear pieces)
  const cum = new Float64Array(xs.length);
  for (let k = 1; k < xs.length; k++)
    cum[k] = cum[k - 1]! + 0.5 * (ws[k - 1]! + ws[k]!) * (xs[k]! - xs[k - 1]!);
  const total = cum[xs.length - 1]!;
  if (!(total > 0)) throw new RangeError("density: total mass is 0; expected some positive weight");
  const thetaMax = xs[xs.length - 1]!;
  const cell = (t: number): number => {
    let lo = 0;
    let hi = xs.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! <= t) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const pdf = (t: number): number => {
    if (t < 0 || t > thetaMax) return 0;
    const k = cell(t);
    const h = xs[k + 1]! - xs[k]!;
    const s = (t - xs[k]!) / h;
    return (ws[k]! * (1 - s) + ws[k + 1]! * s) / total;
  };
  const cdf = (t: number): number => {
    if (t <= 0) return 0;
    if (t >= thetaMax) return 1;
    const k = cell(t);
    const d = t - xs[k]!;
    const slope = (ws[k + 1]! - ws[k]!) / (xs[k + 1]! - xs[k]!);
    return Math.min(1, (cum[k]! + ws[k]! * d + 0.5 * slope * d * d) / total);
  };
  const pdfSlope = (t: number): number => {
    if (t < 0 || t >= thetaMax) return 0;
    const k = cell(t);
    return (ws[k + 1]! - ws[k]!) / (xs[k + 1]! - xs[k]!) / total;
  };
  return {
    thetaMax,
    uniform: false,
    logConcave: piecewiseLinearLogConcave(xs, ws),
    cdf,
    pdf,
    pdfSlope,
    description: description ?? `piecewise-linear density on [0, ${thetaMax}] (${xs.length} knots)`,
  };
}

/** Options of {@link densityConsumers}. */
export interface DensityOptions {
  /** Number of equal cells on which the density is sampled (then linearly interpolated). Default 2048. */
  readonly gridSize?: number;
  /** Text for `description`. Default "user density on [0, θmax]". */
  readonly description?: string;
}

/**
 * Types with an arbitrary (unnormalised, non-negative) density `pdf` on [0, θmax], sampled on a
 * uniform grid and interpolated linearly (error O(h²) in F for smooth densities).
 * @example
 * densityConsumers((t) => 3 * t * t, 1).cdf(0.5) // ≈ 0.125
 */
export function densityConsumers(
  pdf: (theta: number) => number,
  thetaMax = 1,
  options: DensityOptions = {},
): ConsumerDistribution {
  const n = Math.max(2, Math.floor(options.gridSize ?? 2048));
  const knots: [number, number][] = [];
  for (let k = 0; k <= n; k++) {
    const t = k === n ? thetaMax : (thetaMax * k) / n;
    const w = pdf(t);
    if (!Number.isFinite(w) || w < 0) {
      throw new RangeError(`density: expected a finite value ≥ 0 at θ = ${t}, found ${w}`);
    }
    knots.push([t, w]);
  }
  return piecewiseLinearConsumers(knots, options.description ?? `user density on [0, ${thetaMax}]`);
}
