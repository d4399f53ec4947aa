/** Differential tests: the λ = 0 closed form against the numeric stage-2 path and the payoff itself. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_TOLERANCES } from "../../src/numerics/tolerances.js";
import { evalPayoffQuadratic, opennessPayoffQuadratic } from "../../src/openness/closedForm.js";
import { resolveOpennessGame } from "../../src/openness/model.js";
import { ReleaseSolver } from "../../src/openness/release.js";
import { opennessOutcomeAt } from "../../src/openness/stages.js";

const params = fc.record({
  delta: fc.double({ min: 0, max: 1, noNaN: true }),
  cD: fc.double({ min: 0.1, max: 5, noNaN: true }),
  epsilon: fc.double({ min: 0, max: 1, noNaN: true }),
  kappa: fc.double({ min: 0, max: 1, noNaN: true }),
  cG: fc.double({ min: 0.1, max: 5, noNaN: true }),
  alpha0: fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constant("endogenous" as const)),
  reputation: fc.constantFrom("additive" as const, "multiplicative" as const),
});

type P = typeof params extends fc.Arbitrary<infer T> ? T : never;
const game = (p: P) =>
  resolveOpennessGame(
    {
      alpha0: p.alpha0,
      params: { cD: p.cD, lambda: 0, epsilon: p.epsilon, kappa: p.kappa, cG: p.cG, reputation: p.reputation },
    },
    p.delta,
  );

describe("closed form at λ = 0", () => {
  it("the quadratic q0 + q1ω + q2ω² equals G's payoff from stages 2–3 at every ω", () => {
    fc.assert(
      fc.property(params, fc.double({ min: 0, max: 1, noNaN: true }), (p, w) => {
        const g = game(p);
        const q = opennessPayoffQuadratic(g);
        const u = opennessOutcomeAt(g, w).uG;
        expect(Math.abs(evalPayoffQuadratic(q, w) - u)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(u)));
      }),
    );
  });

  it("closed-form and numeric stage 2 find the same ω_NR, compliant optimum and decision", () => {
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom("fixed" as const, "proportional" as const),
        (p, theta, penalty, form) => {
          const g = game(p);
          const exact = new ReleaseSolver(g, { method: "closed-form" });
          const num = new ReleaseSolver(g, { method: "numeric" });
          expect(exact.method).toBe("closed-form");
          expect(num.method).toBe("numeric");
          const scale = Math.max(1, Math.abs(exact.unregulated.value));
          expect(Math.abs(exact.unregulated.value - num.unregulated.value)).toBeLessThan(1e-10 * scale);
          // ω itself is only determined to ~√(value tolerance) where the payoff is flat
          const curvature = Math.abs(opennessPayoffQuadratic(g).q2);
          if (curvature > 1e-3)
            expect(Math.abs(exact.unregulated.omega - num.unregulated.omega)).toBeLessThan(1e-6);
          const c1 = exact.comply(theta);
          const c2 = num.comply(theta);
          expect(Math.abs(c1.value - c2.value)).toBeLessThan(1e-10 * scale);
          const d1 = exact.decide(theta, penalty, form, DEFAULT_TOLERANCES);
          const d2 = num.decide(theta, penalty, form, DEFAULT_TOLERANCES);
          const i1 = exact.ignore(theta, penalty, form);
          // decisions may differ only at a numerical tie between the alternatives
          const margin = i1 === null ? Number.POSITIVE_INFINITY : Math.abs(c1.value - i1.value);
          if (margin > 1e-8 && Math.abs(Math.max(c1.value, i1?.value ?? -1)) > 1e-8)
            expect(d2.decision).toBe(d1.decision);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the closed-form method refuses λ > 0 instead of answering wrongly", () => {
    const g = resolveOpennessGame({ alpha0: 0.3 }, 0.5);
    expect(() => new ReleaseSolver(g, { method: "closed-form" })).toThrow(/lambda = 0/);
  });
});
