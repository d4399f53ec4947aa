import { describe, expect, it } from "vitest";
import { INDIFFERENCE_STEPS, powerfulFor } from "../../src/openness/bargainedCells.js";
import { opennessEquilibriumWith, ReleaseCache } from "../../src/openness/equilibrium.js";
import { FastBargains } from "../../src/openness/fastBargain.js";
import { evenGrid, RELEASE_DECISIONS, regulatoryLandscape } from "../../src/openness/landscape.js";
import type { OpennessModel } from "../../src/openness/model.js";
import { classifyRegulatoryRegion, REGULATORY_REGIONS } from "../../src/openness/regions.js";

/** A seeded generator (Park–Miller), so that a failure names its case. */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const OBJECTIVE = {
  nash: (g: number, d: number) => g * d,
  egalitarian: (g: number, d: number) => Math.min(g, d),
  utilitarian: (g: number, d: number) => g + d,
  "powerful-G": (g: number, _d: number) => g,
  "powerful-D": (_g: number, d: number) => d,
} as const;

/**
 * The solutions compared. Kalai–Smorodinsky's objective needs the ideal point and max-performance's
 * the revenue: their optima are compared through U_G + U_D instead.
 */
const SOLUTIONS = [
  "nash",
  "egalitarian",
  "utilitarian",
  "powerful-G",
  "powerful-D",
  "kalai-smorodinsky",
  "max-performance",
] as const;

describe("bargaining-mode landscape solved by structure", () => {
  // the reference: every cell solved on its own by the generic bargaining solver (default grid)
  for (const seed of [11, 23, 37, 41, 59, 73, 5, 17, 29, 47, 13, 19, 28, 35, 36, 1097, 1048]) {
    const solution = SOLUTIONS[seed % SOLUTIONS.length]!;
    it(`equals the cell-by-cell landscape region for region (seed ${seed}, ${solution})`, () => {
      const rnd = generator(seed);
      const model: OpennessModel = {
        alpha0: 0.05 + 1.2 * rnd(),
        delta: { bargaining: solution },
        params: { lambda: rnd() < 0.3 ? 0 : 0.8 * rnd(), epsilon: 0.4 * rnd(), kappa: 0.05 + 0.5 * rnd() },
      };
      const n = 6;
      const thetas = Array.from({ length: n }, () => rnd()).sort((a, b) => a - b);
      const penalties = Array.from({ length: n }, () => 0.6 * rnd()).sort((a, b) => a - b);
      const l = regulatoryLandscape(model, thetas, penalties, { certify: false });
      const cache = new ReleaseCache(model);
      const opts = { certify: false, bargaining: { powerful: powerfulFor(solution) } };
      const u = opennessEquilibriumWith(cache, 0, 0, solution, opts).eq;
      const unreg = { delta: u.delta, omega: u.omega, uG: u.utilities.G, uD: u.utilities.D };
      const f =
        solution === "kalai-smorodinsky" || solution === "max-performance"
          ? OBJECTIVE.utilitarian
          : OBJECTIVE[solution];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const e = opennessEquilibriumWith(cache, thetas[i]!, penalties[j]!, solution, opts).eq;
          const region = classifyRegulatoryRegion(
            { delta: e.delta, omega: e.omega, uG: e.utilities.G, uD: e.utilities.D },
            unreg,
            1e-12,
          );
          const k = i * n + j;
          const at = `θ = ${thetas[i]}, p = ${penalties[j]}`;
          expect(REGULATORY_REGIONS[l.region[k]!], at).toBe(region);
          expect(RELEASE_DECISIONS[l.decision[k]!], at).toBe(e.decision);
          // the same optimum: a flat one is located in δ only to the round-off of the objective
          const v = f(e.utilities.G, e.utilities.D);
          expect(Math.abs(f(l.uG[k]!, l.uD[k]!) - v), at).toBeLessThanOrEqual(
            1e-8 * Math.max(1, Math.abs(v)),
          );
        }
      }
    });
  }

  for (const [alpha0, solution] of [
    [0.9, "nash"],
    [0.9, "egalitarian"],
  ] as const) {
    it(`puts the bargained indifference curve on the decision boundary (α0 = ${alpha0}, ${solution})`, () => {
      // each row's p* is where the bargained decision turns to "comply": comply at p*, not at
      // p* − tol, with tol = 2^−INDIFFERENCE_STEPS grid steps (the reference: the generic solver)
      const model: OpennessModel = { alpha0, delta: { bargaining: solution } };
      const penalties = evenGrid(0, 0.5, 11);
      const thetas = evenGrid(0.4, 1, 4);
      const l = regulatoryLandscape(model, thetas, penalties, { certify: false });
      const tol = (penalties[1]! - penalties[0]!) / 2 ** INDIFFERENCE_STEPS;
      const cache = new ReleaseCache(model);
      const decision = (theta: number, p: number) =>
        opennessEquilibriumWith(cache, theta, p, solution, {
          certify: false,
          bargaining: { powerful: [], gridSize: 1024 },
        }).eq.decision;
      let located = 0;
      thetas.forEach((theta, i) => {
        const p = l.indifference[i];
        if (p === null || p === undefined || penalties.includes(p)) return;
        located++;
        expect(decision(theta, p), `θ = ${theta}, p* = ${p}`).toBe("comply");
        expect(decision(theta, p - tol), `θ = ${theta}, p* − tol = ${p - tol}`).not.toBe("comply");
      });
      expect(located).toBeGreaterThan(0);
    });
  }

  it("answers a cell of a switch band by structure, under either penalty form", () => {
    const model: OpennessModel = { alpha0: 0.9, delta: { bargaining: "nash" } };
    const cache = new ReleaseCache(model);
    const unregulated = opennessEquilibriumWith(cache, 0, 0, "nash", { certify: false }).eq;
    const fast = new FastBargains(cache, "nash", unregulated);
    expect(fast.cell(0.6, 0.08)).not.toBeNull();
    expect(
      FastBargains.applies(
        new ReleaseCache({ alpha0: 0.9, regulation: { threshold: 0, penalty: 0, form: "proportional" } }),
        "nash",
      ),
    ).toBe(true);
    expect(FastBargains.applies(cache, "max-performance")).toBe(true);
  });
});
