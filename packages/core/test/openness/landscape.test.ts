/** The landscape's shared work and reuse give exactly the per-cell answers of solveOpenness. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveOpenness } from "../../src/openness/equilibrium.js";
import { evenGrid, RELEASE_DECISIONS, regulatoryLandscape } from "../../src/openness/landscape.js";
import type { OpennessModel } from "../../src/openness/model.js";
import { REGULATORY_REGIONS } from "../../src/openness/regions.js";

const modelArb: fc.Arbitrary<OpennessModel> = fc.record({
  alpha0: fc.oneof(fc.double({ min: 0, max: 1.5, noNaN: true }), fc.constant("endogenous" as const)),
  delta: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
  regulation: fc.record({
    threshold: fc.constant(0),
    penalty: fc.constant(0),
    form: fc.constantFrom("fixed" as const, "proportional" as const),
  }),
  params: fc.record({
    lambda: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.8, noNaN: true })),
    epsilon: fc.double({ min: 0, max: 0.4, noNaN: true }),
    kappa: fc.double({ min: 0, max: 0.6, noNaN: true }),
    cG: fc.double({ min: 0.3, max: 2, noNaN: true }),
    fD: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.2, noNaN: true })),
  }),
});

describe("regulatory landscape", () => {
  it("every cell equals the direct equilibrium at its (θ, p), whatever the order of the penalties", () => {
    fc.assert(
      fc.property(
        modelArb,
        fc.array(fc.double({ min: 0, max: 0.6, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (m, ps) => {
          const thetas = evenGrid(0, 1, 6);
          for (const penalties of [ps, [...ps].sort((a, b) => a - b)]) {
            const l = regulatoryLandscape(m, thetas, penalties, { certify: false });
            expect(l.region).toHaveLength(thetas.length * penalties.length);
            thetas.forEach((theta, i) => {
              penalties.forEach((penalty, j) => {
                const k = i * penalties.length + j;
                const r = solveOpenness(
                  { ...m, regulation: { ...m.regulation!, threshold: theta, penalty } },
                  { certify: false },
                );
                expect(REGULATORY_REGIONS[l.region[k]!]).toBe(r.outcome);
                expect(RELEASE_DECISIONS[l.decision[k]!]).toBe(r.decision);
                expect(Number.isNaN(l.omega[k]!) ? null : l.omega[k]).toBe(r.omega);
                expect(l.uG[k]).toBe(r.utilities.G);
                expect(l.uD[k]).toBe(r.utilities.D);
              });
            });
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("the indifference curve separates ignoring (below) from complying (at or above) in fixed mode", () => {
    const thetas = evenGrid(0, 1, 11);
    const penalties = evenGrid(0, 0.5, 26);
    const l = regulatoryLandscape({ alpha0: 0.9 }, thetas, penalties, { certify: false });
    thetas.forEach((_, i) => {
      const pStar = l.indifference[i];
      penalties.forEach((p, j) => {
        const d = RELEASE_DECISIONS[l.decision[i * penalties.length + j]!];
        if (pStar === null || pStar === undefined || pStar === 0 || p === 0) return;
        expect(d).toBe(p >= pStar ? "comply" : "ignore");
      });
    });
  });
});
