/**
 * At ω = 0 the openness game is the fine-tuning game with quadratic costs (c0 = c_G, c1 = c_D):
 * Theorem 3.1 and Corollary 3.1 of "Fine-tuning Games" (k0 = k1 = 2), in fixed-δ mode and, when
 * G keeps the model closed at every δ, in bargaining mode (Proposition 3.5).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brentMax } from "../../src/numerics/brent.js";
import { solveOpenness } from "../../src/openness/equilibrium.js";
import { resolveOpennessGame } from "../../src/openness/model.js";
import { opennessOutcomeAt } from "../../src/openness/stages.js";

/** Corollary 3.1 with k0 = k1 = 2. */
function corollary31(delta: number, c0: number, c1: number) {
  return {
    alpha0: delta / (2 * c0),
    alpha1: delta / (2 * c0) + (1 - delta) / (2 * c1),
    uG: (1 / (2 * c0)) * 0.5 * delta ** 2 + (1 / (2 * c1)) * delta * (1 - delta),
    uD: (1 / (2 * c1)) * 0.5 * (1 - delta) ** 2 + (1 / (2 * c0)) * (1 - delta) * delta,
  };
}

const close = (a: number, b: number, tol = 1e-12) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("reduction to the fine-tuning game at ω = 0", () => {
  it("stages 2–3 at ω = 0 give Theorem 3.1's strategies and Corollary 3.1's utilities for every δ, c0, c1, λ, ε, κ", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.constantFrom("additive" as const, "multiplicative" as const),
        (delta, c0, c1, lambda, epsilon, kappa, reputation) => {
          const g = resolveOpennessGame(
            { alpha0: "endogenous", params: { cG: c0, cD: c1, lambda, epsilon, kappa, reputation } },
            delta,
          );
          const o = opennessOutcomeAt(g, 0);
          const ref = corollary31(delta, c0, c1);
          expect(o.dParticipates).toBe(true);
          close(o.alpha0, ref.alpha0);
          close(o.alpha1!, ref.alpha1);
          close(o.uG, ref.uG);
          close(o.uD, ref.uD);
        },
      ),
    );
  });

  it("with ε = 0, λ = 0 and c_G ≤ c_D, G keeps the model closed and the fixed-δ equilibrium is the fine-tuning game's", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 10, noNaN: true }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (delta, c0, ratio, kappa) => {
          const c1 = c0 * ratio;
          const r = solveOpenness({
            alpha0: "endogenous",
            delta,
            params: { cG: c0, cD: c1, lambda: 0, epsilon: 0, kappa },
          });
          const ref = corollary31(delta, c0, c1);
          expect(r.omega).toBe(0);
          expect(r.certificate.method).toBe("closed-form");
          close(r.alpha1!, ref.alpha1);
          close(r.utilities.G, ref.uG);
          close(r.utilities.D, ref.uD);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("in bargaining mode the closed game gives the fine-tuning game's bargains: utilitarian δ = c1/(c1 + c0) (Prop. 3.5) and the Nash product's maximiser", () => {
    for (const [c0, c1] of [
      [1, 2],
      [1, 1],
      [0.5, 3],
    ] as const) {
      const model = {
        alpha0: "endogenous" as const,
        params: { cG: c0, cD: c1, lambda: 0, epsilon: 0, kappa: 0.2 },
      };
      const vm = solveOpenness({ ...model, delta: { bargaining: "utilitarian" } }, { certify: false });
      expect(vm.omega).toBe(0);
      expect(Math.abs(vm.delta! - c1 / (c1 + c0))).toBeLessThan(1e-7);
      const nash = solveOpenness({ ...model, delta: { bargaining: "nash" } }, { certify: false });
      const ref = brentMax(
        (d) => {
          const u = corollary31(d, c0, c1);
          return Math.log(u.uG) + Math.log(u.uD);
        },
        1e-9,
        1 - 1e-9,
        { xTol: 1e-12 },
      ).value.x;
      expect(Math.abs(nash.delta! - ref)).toBeLessThan(1e-7);
    }
  });
});
