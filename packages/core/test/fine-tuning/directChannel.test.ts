import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equilibrium, fineTuningGameFromScenario, solveFineTuning } from "../../src/index.js";

// G: a0²; its own domain: cost c_d·(a − a0)², revenue a; one specialist D: c·(a − a0)².
const game = (cd: number, c: number, disagreement?: number) =>
  fineTuningGameFromScenario({
    generalist: {
      cost: "a0^2",
      direct: { cost: `${cd}*(a-a0)^2` },
      ...(disagreement === undefined ? {} : { disagreement }),
    },
    specialists: [{ cost: `${c}*(a-a0)^2` }],
  });

describe("the generalist selling directly to consumers (Section 4)", () => {
  it("defaults G's outside option to what its own channel earns alone: max a0 + 1/(4c_d) − a0² = 1/4 + 1/(4c_d)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 5, noNaN: true }), (cd) => {
        expect(game(cd, 1).generalist.disagreement).toBeCloseTo(0.25 + 1 / (4 * cd), 12);
      }),
      { numRuns: 5 },
    );
  });

  it("G invests α0 = (1 + δ)/2: its own channel adds a full unit of marginal revenue to δ", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (delta) => {
        for (const method of ["polynomial", "numeric"] as const) {
          const e = equilibrium(game(2, 1), delta, { method });
          expect(e.alpha0!, method).toBeCloseTo((1 + delta) / 2, 9);
          expect(e.direct!.alpha, method).toBeCloseTo((1 + delta) / 2 + 0.25, 9);
          expect(e.direct!.profit, method).toBeCloseTo((1 + delta) / 2 + 0.125, 9);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("the exact and numeric paths agree on the Pareto set and every solution, with certificates", () => {
    const exact = solveFineTuning(game(2, 1));
    const numeric = solveFineTuning(game(2, 1), { method: "numeric" });
    expect(exact.method).toBe("polynomial");
    expect(numeric.pareto.length).toBe(exact.pareto.length);
    for (const id of ["nash", "egalitarian", "kalai-smorodinsky", "utilitarian", "powerful-G"] as const) {
      expect(Math.abs(numeric.solutions[id].delta! - exact.solutions[id].delta!), id).toBeLessThan(1e-7);
    }
    expect(exact.certificate.maxDeviationGain).toBeLessThan(1e-9);
    expect(numeric.certificate.maxDeviationGain).toBeLessThan(1e-9);
  });

  it("a generalist whose own channel beats every bargain leaves the specialist without a deal", () => {
    // an outside option of 10 cannot be matched by any δ
    const r = solveFineTuning(game(2, 1, 10));
    expect(r.pareto).toEqual([]);
    expect(r.solutions.nash.delta).toBeNull();
  });
});
