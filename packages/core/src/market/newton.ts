/**
 * Newton's method on the first-order conditions of the interior N-firm equilibrium, any density.
 *
 * Conventions: firms q_1 > … > q_n > anchor ≥ 0 (the anchor is a product offered at price 0, or
 * the outside option), all selling (the interior case). Neighbours in the quality order are
 * indifferent at b_k = (p_k − p_{k+1})/(q_k − q_{k+1}) (p_{n+1} = 0), firm k sells to the types
 * in (b_k, b_{k−1}) (b_0 = θmax), and its first-order condition
 *   G_k = F(b_{k−1}) − F(b_k) − p_k·(f(b_{k−1})/Δ_{k−1} + f(b_k)/Δ_k) = 0
 * involves only p_{k−1}, p_k, p_{k+1}: the Jacobian is tridiagonal, so each Newton step is one
 * O(n) Thomas solve. For uniform types the system is linear and one step is exact. The result is
 * a starting point: the solver confirms it by exact best responses and certifies it.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Appendix B (Lemmas 6–7)
 */
import type { SolverResult, SolverStatus } from "../numerics/result.js";
import { TOLERANCE } from "../numerics/tolerances.js";
import type { ConsumerDistribution } from "./consumers.js";

/**
 * A first-order residual (demand units) below which a step that no longer lowers it counts as
 * converged: the sums of n demands carry round-off of about n·ε.
 */
const ROUND_OFF_RESIDUAL = 1e-9;

/** Options of {@link newtonInteriorPrices}. */
export interface NewtonOptions {
  /** Newton steps. Default 100. */
  readonly maxIterations?: number;
  /** Stop when max |G_k| ≤ this (demand units). Default `TOLERANCE.lastBits` (1e-15). */
  readonly residualTol?: number;
  /** Starting prices (descending-quality order). Default: the uniform-types interior prices. */
  readonly start?: readonly number[];
}

/** Solves the tridiagonal system (sub a, diagonal b, super c) x = d in place; false on a zero pivot. */
export function thomasSolve(a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array): boolean {
  const n = b.length;
  for (let i = 1; i < n; i++) {
    if (!(Math.abs(b[i - 1]!) > 0)) return false;
    const m = a[i]! / b[i - 1]!;
    b[i] = b[i]! - m * c[i - 1]!;
    d[i] = d[i]! - m * d[i - 1]!;
  }
  if (!(Math.abs(b[n - 1]!) > 0)) return false;
  d[n - 1] = d[n - 1]! / b[n - 1]!;
  for (let i = n - 2; i >= 0; i--) d[i] = (d[i]! - c[i]! * d[i + 1]!) / b[i]!;
  return d.every(Number.isFinite);
}

/**
 * Interior equilibrium prices (descending-quality order) by Newton's method on the tridiagonal
 * first-order system. `residual` is max |G_k| at the end; status "converged" when it is within
 * tolerance, "nanEncountered" when a step could not be taken.
 * @example
 * newtonInteriorPrices([1, 0.5], 0, uniformConsumers()).value // ≈ [0.285714, 0.071429] — 2/7 and 1/14 (Lemma 2)
 */
export function newtonInteriorPrices(
  sorted: readonly number[],
  anchor: number,
  consumers: ConsumerDistribution,
  options: NewtonOptions = {},
): SolverResult<number[]> {
  const n = sorted.length;
  const thetaMax = consumers.thetaMax;
  const maxIterations = options.maxIterations ?? 100;
  const tol = options.residualTol ?? TOLERANCE.lastBits;
  const delta = new Float64Array(n);
  for (let k = 0; k < n; k++) delta[k] = sorted[k]! - (k + 1 < n ? sorted[k + 1]! : anchor);
  const slope =
    consumers.pdfSlope?.bind(consumers) ??
    ((t: number): number => {
      const h = TOLERANCE.finiteDifferenceStep * thetaMax;
      return (consumers.pdf(t + h) - consumers.pdf(t - h)) / (2 * h);
    });
  let p = Float64Array.from(options.start ?? new Array<number>(n).fill(0));
  const b = new Float64Array(n);
  const g = new Float64Array(n);
  const residualOf = (x: Float64Array): number => {
    for (let k = 0; k < n; k++) b[k] = (x[k]! - (k + 1 < n ? x[k + 1]! : 0)) / delta[k]!;
    let r = 0;
    for (let k = 0; k < n; k++) {
      const up = k === 0 ? thetaMax : b[k - 1]!;
      const fUp = k === 0 ? 0 : consumers.pdf(up) / delta[k - 1]!;
      g[k] = consumers.cdf(up) - consumers.cdf(b[k]!) - x[k]! * (fUp + consumers.pdf(b[k]!) / delta[k]!);
      r = Math.max(r, Math.abs(g[k]!));
    }
    return r;
  };
  let residual = residualOf(p);
  let status: SolverStatus = "maxIterations";
  let iterations = 0;
  const sub = new Float64Array(n);
  const diag = new Float64Array(n);
  const sup = new Float64Array(n);
  const rhs = new Float64Array(n);
  for (; iterations < maxIterations; iterations++) {
    if (!Number.isFinite(residual)) {
      status = "nanEncountered";
      break;
    }
    if (residual <= tol) {
      status = "converged";
      break;
    }
    for (let k = 0; k < n; k++) {
      const pk = p[k]!;
      const dl = delta[k]!;
      const bl = b[k]!;
      const fl = consumers.pdf(bl) / dl;
      const sl = (pk * slope(bl)) / (dl * dl);
      let fu = 0;
      let su = 0;
      if (k > 0) {
        const du = delta[k - 1]!;
        const bu = b[k - 1]!;
        fu = consumers.pdf(bu) / du;
        su = (pk * slope(bu)) / (du * du);
      }
      sub[k] = k > 0 ? fu - su : 0;
      sup[k] = k + 1 < n ? fl + sl : 0;
      diag[k] = -2 * (fu + fl) + su - sl;
      rhs[k] = -g[k]!;
      if (!(Math.abs(diag[k]!) > Number.MIN_VALUE * 1e10)) {
        // no consumers near this firm's boundaries (its price has underflowed towards 0 where
        // the density vanishes): the row carries no information, so this price is held
        sub[k] = 0;
        sup[k] = 0;
        diag[k] = 1;
        rhs[k] = 0;
      }
    }
    if (!thomasSolve(sub, diag, sup, rhs)) {
      status = "nanEncountered";
      break;
    }
    // damped step: halve until the residual falls (a full step near the solution)
    let lambda = 1;
    let next = p;
    let r = Number.POSITIVE_INFINITY;
    for (let h = 0; h < 40; h++) {
      next = p.map((x, k) => Math.max(0, x + lambda * rhs[k]!));
      r = residualOf(next);
      if (r < residual) break;
      lambda /= 2;
    }
    if (!(r < residual)) {
      residualOf(p);
      // no descent left: at round-off level that is convergence; otherwise the exact best-response
      // sweeps that follow take over from here
      if (residual <= ROUND_OFF_RESIDUAL) status = "converged";
      break;
    }
    p = next;
    residual = r;
  }
  return {
    value: Array.from(p),
    status,
    iterations,
    residual,
    warnings: status === "converged" ? [] : [`Newton steps stopped (${status}) at residual ${residual}`],
  };
}
