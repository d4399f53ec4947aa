/** The model's options and its discontinuities: every answer is checked against brute force. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveOpenness } from "../../src/openness/equilibrium.js";
import { type OpennessModel, resolveOpennessGame } from "../../src/openness/model.js";
import { classifyRegulatoryRegion } from "../../src/openness/regions.js";
import { opennessOutcomeAt } from "../../src/openness/stages.js";

const modelArb: fc.Arbitrary<OpennessModel> = fc.record({
  alpha0: fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constant("endogenous" as const)),
  delta: fc.double({ min: 0, max: 1, noNaN: true }),
  regulation: fc.record({
    threshold: fc.double({ min: 0, max: 1, noNaN: true }),
    penalty: fc.double({ min: 0, max: 1, noNaN: true }),
    form: fc.constantFrom("fixed" as const, "proportional" as const),
  }),
  params: fc.record({
    cD: fc.double({ min: 0.2, max: 3, noNaN: true }),
    lambda: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.9, noNaN: true })),
    epsilon: fc.double({ min: 0, max: 0.6, noNaN: true }),
    kappa: fc.double({ min: 0, max: 0.6, noNaN: true }),
    cG: fc.double({ min: 0.2, max: 3, noNaN: true }),
    fD: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true })),
    reputation: fc.constantFrom("additive" as const, "multiplicative" as const),
  }),
});

/** G's payoff under the rule at ω, by direct evaluation (penalty included). */
function payoff(m: OpennessModel, w: number): number {
  const g = resolveOpennessGame(m, m.delta as number);
  const { threshold: t, penalty: p, form } = g;
  const pen = form === "fixed" ? (w < t ? p : 0) : p * Math.max(0, t - w);
  return opennessOutcomeAt(g, w).uG - pen;
}

describe("options and discontinuities", () => {
  it("G's equilibrium choice is at least as good as abstaining and as every ω on a fine grid, θ and θ's neighbours included", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const r = solveOpenness(m, { certify: false });
        const t = m.regulation!.threshold;
        const grid = [t, Math.max(0, t - 1e-12), Math.min(1, t + 1e-12)];
        for (let i = 0; i <= 400; i++) grid.push(i / 400);
        const best = Math.max(0, ...grid.map((w) => payoff(m, w)));
        expect(r.utilities.G).toBeGreaterThanOrEqual(best - 1e-9 * Math.max(1, Math.abs(best)));
        if (r.omega !== null)
          expect(Math.abs(payoff(m, r.omega) - r.utilities.G)).toBeLessThan(
            1e-12 * Math.max(1, Math.abs(r.utilities.G)),
          );
      }),
      { numRuns: 150 },
    );
  });

  it("D's α1 = α0 + s/(2c) has no profitable one-stage deviation, and D participates iff that pays", () => {
    fc.assert(
      fc.property(
        modelArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (m, w, dev) => {
          const g = resolveOpennessGame(m, m.delta as number);
          const o = opennessOutcomeAt(g, w);
          const s = 1 - g.delta * (1 - w);
          const c = g.params.cD * (1 - g.params.lambda * w);
          const uD = (a1: number) => s * a1 - c * (a1 - o.alpha0) ** 2 - g.params.fD;
          if (o.alpha1 === null) {
            expect(uD(o.alpha0 + s / (2 * c))).toBeLessThan(0);
          } else {
            expect(o.uD).toBeGreaterThanOrEqual(0);
            expect(uD(Math.max(o.alpha0, o.alpha1 + dev))).toBeLessThanOrEqual(o.uD + 1e-12);
          }
        },
      ),
    );
  });

  it("the fixed penalty makes U_G jump at ω = θ and G never stops just short of the threshold", () => {
    const m: OpennessModel = { alpha0: 0.3, delta: 0.5, regulation: { threshold: 0.5, penalty: 0.1 } };
    expect(payoff(m, 0.5) - payoff(m, 0.5 - 1e-12)).toBeGreaterThan(0.099);
    const r = solveOpenness(m);
    expect(r.decision).toBe("comply");
    expect(r.omega).toBe(0.5);
  });

  it("the proportional penalty can stop G part way below θ, paying p·(θ − ω)", () => {
    const m: OpennessModel = {
      alpha0: 0.9,
      delta: 0.5,
      params: { lambda: 0 },
      regulation: { threshold: 0.8, penalty: 0.3, form: "proportional" },
    };
    const r = solveOpenness(m);
    // V'(ω) = −0.25 − 0.65ω; with slope +0.3 the optimum below θ is ω = 0.05/0.65
    expect(r.decision).toBe("ignore");
    expect(r.omega!).toBeCloseTo(0.05 / 0.65, 12);
    expect(r.penaltyPaid).toBeCloseTo(0.3 * (0.8 - 0.05 / 0.65), 12);
  });

  it("with endogenous α0 and ω = 0 forced by ε = 0, α0 = δ/(2c_G)", () => {
    const r = solveOpenness({
      alpha0: "endogenous",
      delta: 0.6,
      params: { cG: 2, cD: 2, lambda: 0, epsilon: 0 },
    });
    expect(r.omega).toBe(0);
    expect(r.alpha0).toBeCloseTo(0.6 / 4, 14);
  });

  it("with D's fixed cost, G opens just enough for D to enter when that beats D staying out", () => {
    // at ω = 0 D would earn 0.5·0.1 + 0.25/4 − 0.13 < 0; it enters once s·0.1 + s²/(4c) ≥ 0.13
    const m: OpennessModel = { alpha0: 0.1, delta: 0.5, params: { fD: 0.13, epsilon: 0, kappa: 0.05 } };
    const r = solveOpenness(m);
    expect(r.dParticipates).toBe(true);
    expect(r.omega!).toBeGreaterThan(0);
    expect(r.utilities.D).toBeGreaterThanOrEqual(0);
    expect(r.certificate.deviationGain!).toBeLessThanOrEqual(1e-9);
  });

  it("multiplicative reputation rewards openness in proportion to α1", () => {
    const g = resolveOpennessGame({ alpha0: 0.3, params: { reputation: "multiplicative" } }, 0.5);
    const o = opennessOutcomeAt(g, 0.4);
    expect(o.uG).toBeCloseTo(0.5 * 0.6 * o.alpha1! + 0.2 * 0.4 * o.alpha1! - 0.2 * 0.16, 14);
  });

  it("regions: the classifier names each documented case", () => {
    const base = { delta: 0.5, omega: 0.2, uG: 0.3, uD: 0.3 };
    const tol = 1e-12;
    expect(classifyRegulatoryRegion(base, base, tol)).toBe("non-binding");
    expect(classifyRegulatoryRegion({ ...base, uG: 0.2 }, base, tol)).toBe("deadweight-loss");
    expect(classifyRegulatoryRegion({ ...base, omega: 0.5, uG: 0.2, uD: 0.4 }, base, tol)).toBe("transfer");
    expect(classifyRegulatoryRegion({ ...base, omega: 0.5, uG: 0.31, uD: 0.4 }, base, tol)).toBe(
      "pareto-improvement",
    );
    expect(classifyRegulatoryRegion({ ...base, omega: null, uG: 0, uD: 0 }, base, tol)).toBe("abstain");
    expect(classifyRegulatoryRegion({ ...base, omega: 0.5, uG: 0.4, uD: 0.2 }, base, tol)).toBe("other");
  });
});

describe("invalid input in direct calls", () => {
  it("NaN, infinities and out-of-range parameters stop the solver with a message naming the input", () => {
    expect(() => solveOpenness({ alpha0: Number.NaN })).toThrow(
      /alpha0: expected a finite number ≥ 0 .*found NaN/,
    );
    expect(() => solveOpenness({ alpha0: 0.3, params: { lambda: 1 } })).toThrow(
      /params\.lambda: expected a number in \[0, 1\), found 1/,
    );
    expect(() =>
      solveOpenness({ alpha0: 0.3, regulation: { threshold: 0.5, penalty: Number.POSITIVE_INFINITY } }),
    ).toThrow(/regulation\.penalty/);
    expect(() => solveOpenness({ alpha0: "endogenous" })).toThrow(/params\.cG: expected cG > 0/);
  });
});
