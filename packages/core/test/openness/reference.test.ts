/**
 * Reference cases: published results of "Fine-tuning Games" that the openness model must reduce
 * to at ω = 0, and hand-derived values of our specification's closed forms (λ = 0). Each case has
 * an id, its source, inputs, expected values and a tolerance; one parametrised test runs the
 * applicable solvers (closed form and numeric where both exist) on every case.
 */
import { describe, expect, it } from "vitest";
import { solveOpenness } from "../../src/openness/equilibrium.js";
import { indifferenceCurve, thresholdBand } from "../../src/openness/landscape.js";
import type { OpennessModel } from "../../src/openness/model.js";

interface ReferenceCase {
  readonly id: string;
  readonly source: string;
  readonly model: OpennessModel;
  readonly expected: Partial<{
    omega: number;
    alpha0: number;
    alpha1: number;
    uG: number;
    uD: number;
    delta: number;
    decision: string;
    pStar: number;
    thetaMax: number;
  }>;
  /** Absolute tolerance. */
  readonly tolerance: number;
  readonly query?: { readonly pStarAt?: number; readonly thetaMaxAt?: number };
}

export const OPENNESS_REFERENCE_CASES: readonly ReferenceCase[] = [
  {
    id: "ftg-thm3.1-cor3.1-quadratic",
    source:
      "Fine-tuning Games, Theorem 3.1 and Corollary 3.1 (k0 = k1 = 2, c0 = 1, c1 = 2, δ = 0.5), at ω = 0",
    model: { alpha0: "endogenous", delta: 0.5, params: { cG: 1, cD: 2, lambda: 0, epsilon: 0, kappa: 0.2 } },
    expected: { omega: 0, alpha0: 0.25, alpha1: 0.375, uG: 0.125, uD: 0.15625 },
    tolerance: 1e-12,
  },
  {
    id: "ftg-prop3.5-vertical-monopoly",
    source: "Fine-tuning Games, Proposition 3.5: δ_VM = c1/(c1 + c0) = 2/3 for c0 = 1, c1 = 2, at ω = 0",
    model: {
      alpha0: "endogenous",
      delta: { bargaining: "utilitarian" },
      params: { cG: 1, cD: 2, lambda: 0, epsilon: 0, kappa: 0.2 },
    },
    expected: { omega: 0, delta: 2 / 3 },
    tolerance: 1e-7,
  },
  {
    id: "spec-unregulated-interior-alpha0-0",
    source: "our specification, λ = 0 closed form: U = 0.125 + 0.2ω − 0.325ω² at α0 = 0, defaults",
    model: { alpha0: 0, params: { lambda: 0 } },
    expected: {
      omega: 0.2 / 0.65,
      uG: 0.125 + 0.04 / 1.3,
      alpha1: 0.3269230769230769,
      uD: 0.10687869822485208,
      decision: "non-binding",
    },
    tolerance: 1e-12,
  },
  {
    id: "spec-deadweight-high-alpha0",
    source: "our specification, λ = 0: α0 = 0.9 keeps ω = 0; θ = 0.5, p = 0.1 < p* = 0.20625 is ignored",
    model: { alpha0: 0.9, params: { lambda: 0 }, regulation: { threshold: 0.5, penalty: 0.1 } },
    expected: { omega: 0, uG: 0.475, uD: 0.5125, decision: "ignore", pStar: 0.20625 },
    query: { pStarAt: 0.5 },
    tolerance: 1e-12,
  },
  {
    id: "spec-theta-max-high-alpha0",
    source: "our specification, λ = 0: θ_max(0.9, 0.1) solves 0.25θ + 0.325θ² = 0.1",
    model: { alpha0: 0.9, params: { lambda: 0 } },
    expected: { thetaMax: 0.29038187595324016 },
    query: { thetaMaxAt: 0.1 },
    tolerance: 1e-9,
  },
];

describe("openness reference cases", () => {
  it.each(OPENNESS_REFERENCE_CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const lambdaZero = (c.model.params?.lambda ?? 0.5) === 0;
    const methods = lambdaZero ? (["closed-form", "numeric"] as const) : (["numeric"] as const);
    for (const method of methods) {
      const r = solveOpenness(c.model, { method });
      const e = c.expected;
      const check = (got: number | null, want: number | undefined) => {
        if (want === undefined) return;
        expect(got).not.toBeNull();
        // the numeric path locates ω to ~1e-8; values at the optimum are second-order accurate
        expect(Math.abs(got! - want)).toBeLessThanOrEqual(
          method === "numeric" ? Math.max(c.tolerance, 1e-7) : c.tolerance,
        );
      };
      check(r.omega, e.omega);
      check(r.alpha0, e.alpha0);
      check(r.alpha1, e.alpha1);
      check(r.utilities.G, e.uG);
      check(r.utilities.D, e.uD);
      check(r.delta, e.delta);
      if (e.decision !== undefined) expect(r.decision).toBe(e.decision);
      if (c.query?.pStarAt !== undefined)
        check(indifferenceCurve(c.model, [c.query.pStarAt], { method })[0] ?? null, e.pStar);
      if (c.query?.thetaMaxAt !== undefined)
        check(thresholdBand(c.model, c.query.thetaMaxAt, { method }).high, e.thetaMax);
    }
  });
});
