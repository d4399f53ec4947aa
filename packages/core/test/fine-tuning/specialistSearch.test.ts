import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { searchWidth, specialistSearch } from "../../src/fine-tuning/specialistSearch.js";
import { maximizeByFoc, revenueExpr, specialistCostExpr } from "../../src/index.js";

// The specialist's search runs maximizeByFoc's method from its own loops, for speed (see
// specialistSearch.ts). This keeps the two in step: same answer, to the last bit.
describe("the specialist's best-response search is maximizeByFoc's method", () => {
  it("gives maximizeByFoc's answer bit for bit, on smooth and wiggly utilities", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.constantFrom(1.5, 2, 3),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.constantFrom(6, 12, 24),
        (c, k, amp, freq, a0, delta, alphaGrid) => {
          const s = {
            name: "D",
            cost: specialistCostExpr(`${c}*(a-a0)^${k}`),
            revenue: revenueExpr(`log(1+a) + ${amp}*sin(${freq}*a)`),
            disagreement: 0,
          };
          const search = specialistSearch(s, { alphaGrid });
          search.respond(a0, delta);

          const u = (a: number) => (1 - delta) * s.revenue.value(a) - s.cost.value(a, a0);
          const du = (a: number) => (1 - delta) * s.revenue.derivative(a) - s.cost.dA(a, a0);
          let alpha = a0;
          let utility = u(a0);
          const r = maximizeByFoc(u, du, a0, a0 + searchWidth(u, a0, 1e6, "D"), { gridSize: alphaGrid });
          if (r.value.fx > utility && r.value.x > a0) ({ x: alpha, fx: utility } = r.value);

          expect(search.alpha).toBe(alpha);
          expect(search.utility).toBe(utility);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reports a revenue that is not a number with the specialist, α, α0 and δ", () => {
    const s = {
      name: "Med",
      cost: specialistCostExpr("(a-a0)^2"),
      revenue: revenueExpr("sqrt(1.5 - a)"),
      disagreement: 0,
    };
    expect(() => specialistSearch(s).respond(0.2, 0.5)).toThrow(
      /Med's revenue or cost is not a number at α = .* \(α0 = 0\.2, δ = 0\.5\)/,
    );
  });
});
