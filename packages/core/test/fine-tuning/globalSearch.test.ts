import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
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
