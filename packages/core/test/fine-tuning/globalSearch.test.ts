import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  equilibriumNumeric,
  fineTuningGameFromScenario,
  generalistUtilityNumeric,
  linearRevenue,
  revenueExpr,
  specialistCostExpr,
  specialistResponseNumeric,
} from "../../src/index.js";

describe("numeric best responses assume no unimodality", () => {
  // a revenue with several local maxima in the specialist's utility: r(a) = a + 0.35·sin(7a)
  const specialist = {
    name: "D",
    cost: specialistCostExpr("0.25*(a-a0)^2"),
    revenue: revenueExpr("a + 0.35*sin(7*a)"),
    disagreement: -10,
  };

  it("finds the global maximum of a multimodal specialist utility (checked by brute force)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (delta, a0) => {
          const r = specialistResponseNumeric(specialist, a0, delta);
          const g = (a: number) => (1 - delta) * specialist.revenue.value(a) - specialist.cost.value(a, a0);
          let best = Number.NEGATIVE_INFINITY;
          for (let i = 0; i <= 200_000; i++) best = Math.max(best, g(a0 + (8 * i) / 200_000));
          expect(r.participationUtility).toBeGreaterThanOrEqual(best - 1e-9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("finds G's global best response when its utility has several local maxima (brute force)", () => {
    // φ0 = c·a0² + A·(1 − cos(f·a0)): U_G(α0) wiggles with period 2π/f, down to a quarter of the
    // initial grid's cells; the search subdivides cells where a cubic model of U_G misfits, so none
    // is missed (`npm run bench -- global-search` prints the counts for 150 cases)
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        fc.integer({ min: 2, max: 25 }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        (delta, amp, freq, c) => {
          const game = fineTuningGameFromScenario({
            generalist: { cost: `${c}*a0^2 + ${amp}*(1 - cos(${freq}*a0))` },
            specialists: [{ cost: "(a-a0)^2", revenue: "log(1+a)" }],
          });
          const e = equilibriumNumeric(game, delta);
          let best = Number.NEGATIVE_INFINITY;
          for (let i = 0; i <= 3000; i++) {
            best = Math.max(best, generalistUtilityNumeric(game, (3 * i) / 3000, delta).utility);
          }
          expect(e.utilities[0]!).toBeGreaterThanOrEqual(best - 1e-9);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("finds G's better maximum one period away where a small wiggle rides on a steep trend (brute force over δ ∈ [0.905, 0.915])", () => {
    // a cubic model of a cell fits the trend and passes over the wiggle: near the δ where two
    // maxima tie, the search kept α0 ≈ 1.703 while α0 ≈ 1.556 is better (by 1.5e-4 at δ = 0.908197)
    const game = fineTuningGameFromScenario({
      generalist: { cost: "0.836*a0^2 + 0.0052*sin(24.09*a0)", disagreement: 0.045 },
      specialists: [
        { cost: "0.918*(a-a0)^2", disagreement: 0.043 },
        { cost: "0.456*(a-a0)^2" },
        { cost: "1.755*(a-a0)^2", disagreement: 0.071 },
      ],
    });
    for (let j = 0; j <= 20; j++) {
      const delta = 0.905 + (0.01 * j) / 20;
      const e = equilibriumNumeric(game, delta);
      let best = Number.NEGATIVE_INFINITY;
      for (let i = 0; i <= 12_000; i++) {
        best = Math.max(best, generalistUtilityNumeric(game, 1.2 + (0.8 * i) / 12_000, delta).utility);
      }
      expect(e.utilities[0]!, `δ = ${delta}`).toBeGreaterThanOrEqual(best - 1e-9);
    }
  });

  it("a linear revenue with a concave cost still gives the closed-form contribution", () => {
    const s = {
      name: "D",
      cost: specialistCostExpr("2*(a-a0)^2"),
      revenue: linearRevenue(1),
      disagreement: 0,
    };
    expect(specialistResponseNumeric(s, 0.3, 0.2).alpha).toBeCloseTo(0.3 + 0.8 / 4, 12);
  });
});
