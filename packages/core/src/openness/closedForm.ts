/**
 * Closed forms for λ = 0 (openness does not cut D's cost) and f_D = 0: G's pre-penalty payoff is
 * then a quadratic q0 + q1·ω + q2·ω² in ω — with exogenous or endogenous α0 and with additive or
 * multiplicative reputation — so every stage-2 maximisation is exact (vertex or endpoint).
 *
 * Derivation (our specification): with weight R(ω) = r0 + r1·ω on α1 (r0 = δ, r1 = −δ, plus ε when
 * reputation is multiplicative), s(ω) = (1 − δ) + δω and α1 = α0 + s/(2c_D),
 *   exogenous α0:  U = R·α0 + R·s/(2c_D) + e·ω − κω² − c_G·α0²,
 *   endogenous α0: α0* = R/(2c_G) and U = R²/(4c_G) + R·s/(2c_D) + e·ω − κω²,
 * with e = ε (additive reputation) or 0 (multiplicative). Expanding gives the coefficients below.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), "Useful facts"
 */
import type { OpennessGame } from "./model.js";

/** Coefficients of U_G(ω) = q0 + q1·ω + q2·ω² (before any penalty). */
export interface PayoffQuadratic {
  readonly q0: number;
  readonly q1: number;
  readonly q2: number;
}

/** Whether the closed form applies: λ = 0 and f_D = 0. */
export function opennessHasClosedForm(game: OpennessGame): boolean {
  // exact comparisons: the closed form is valid only when these parameters are exactly zero
  return game.params.lambda === 0 && game.params.fD === 0;
}

/**
 * G's payoff as a quadratic in ω (valid when {@link opennessHasClosedForm}).
 * @example
 * // defaults with λ = 0, α0 = 0: U = 0.125 + 0.2ω − 0.325ω²
 * opennessPayoffQuadratic(resolveOpennessGame({ alpha0: 0, params: { lambda: 0 } }, 0.5)) // {q0: 0.125, q1: 0.2, q2: -0.325}
 */
export function opennessPayoffQuadratic(game: OpennessGame): PayoffQuadratic {
  const { cD, epsilon, kappa, cG, reputation } = game.params;
  const mult = reputation === "multiplicative";
  const d = game.delta;
  const r0 = d;
  const r1 = -d + (mult ? epsilon : 0);
  const s0 = 1 - d;
  const s1 = d;
  const e = mult ? 0 : epsilon;
  const cross0 = (r0 * s0) / (2 * cD);
  const cross1 = (r0 * s1 + r1 * s0) / (2 * cD);
  const cross2 = (r1 * s1) / (2 * cD);
  if (game.alpha0 === null) {
    return {
      q0: (r0 * r0) / (4 * cG) + cross0,
      q1: (2 * r0 * r1) / (4 * cG) + cross1 + e,
      q2: (r1 * r1) / (4 * cG) + cross2 - kappa,
    };
  }
  const a0 = game.alpha0;
  return { q0: r0 * a0 + cross0 - cG * a0 * a0, q1: r1 * a0 + cross1 + e, q2: cross2 - kappa };
}

/** Value of a quadratic. */
export function evalPayoffQuadratic(q: PayoffQuadratic, x: number): number {
  return q.q0 + x * (q.q1 + x * q.q2);
}

/**
 * Exact maximiser of q on [lo, hi] (the smaller point among equal values).
 * @example
 * argmaxPayoffQuadratic({ q0: 0, q1: 1, q2: -1 }, 0, 1) // { x: 0.5, fx: 0.25 }
 */
export function argmaxPayoffQuadratic(q: PayoffQuadratic, lo: number, hi: number): { x: number; fx: number } {
  let x = lo;
  let fx = evalPayoffQuadratic(q, lo);
  const consider = (c: number): void => {
    const fc = evalPayoffQuadratic(q, c);
    if (fc > fx) {
      x = c;
      fx = fc;
    }
  };
  if (q.q2 < 0) {
    const v = -q.q1 / (2 * q.q2);
    if (v > lo && v < hi) consider(v);
  }
  consider(hi);
  return { x, fx };
}
