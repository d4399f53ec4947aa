import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equilibrium, solveFineTuning } from "../../src/index.js";
import { exprGame, polyGame } from "./games.js";

const ids = ["nash", "kalai-smorodinsky", "egalitarian", "utilitarian", "powerful-G", "powerful-D"] as const;
const cost = fc.double({ min: 0.2, max: 5, noNaN: true });

describe("closed form against numerics on the polynomial family", () => {
  for (const k of [2, 3, 1.5]) {
    it(`equilibria agree at every δ for k = ${k} (exact segment method vs numeric best responses)`, () => {
      fc.assert(
        fc.property(cost, cost, fc.double({ min: 0, max: 1, noNaN: true }), (c0, c1, delta) => {
          const p = { c0, k0: k, c1, k1: k };
          const a = equilibrium(polyGame(p), delta, { method: "polynomial" });
          const b = equilibrium(exprGame(p), delta, { method: "numeric" });
          expect(Math.abs(a.alpha0! - b.alpha0!)).toBeLessThan(1e-9);
          expect(Math.abs(a.alphas[0]! - b.alphas[0]!)).toBeLessThan(1e-9);
          for (let i = 0; i < 2; i++) expect(Math.abs(a.utilities[i]! - b.utilities[i]!)).toBeLessThan(1e-10);
        }),
        { numRuns: 40 },
      );
    });
  }

  for (const k of [2, 3]) {
    it(`every solution agrees across the closed-form, polynomial and numeric paths for k = ${k}`, () => {
      fc.assert(
        fc.property(cost, cost, (c0, c1) => {
          const p = { c0, k0: k, c1, k1: k };
          const cf = solveFineTuning(polyGame(p), { method: "closed-form", certify: false });
          const poly = solveFineTuning(polyGame(p), { method: "polynomial", certify: false });
          const num = solveFineTuning(exprGame(p), { method: "numeric", certify: false });
          expect(cf.pareto.length).toBe(1);
          for (const r of [poly, num]) {
            expect(r.pareto.length).toBe(1);
            // an end sits at a player's flat maximum, located to about √ε over its curvature: with
            // c0 = c1 = 5 (utilities ~1/c, the flattest here) the lower end near δ = 0 came out
            // 1.1e-7 off on the numeric path and 9.6e-8 on the polynomial one (as before this
            // test's random inputs reached it)
            expect(Math.abs(r.pareto[0]![0] - cf.pareto[0]![0])).toBeLessThan(2e-7);
            expect(Math.abs(r.pareto[0]![1] - cf.pareto[0]![1])).toBeLessThan(2e-7);
            // (powerful-G and powerful-D are those same flat maxima: the same accuracy)
            for (const id of ids) {
              const within = id.startsWith("powerful-") ? 2e-7 : 1e-7;
              expect(Math.abs(r.solutions[id]!.delta! - cf.solutions[id]!.delta!), id).toBeLessThan(within);
            }
          }
        }),
        { numRuns: 6 },
      );
    });
  }

  it("k = 1.5 (utilities need not be unimodal): polynomial and numeric paths agree", () => {
    const p = { c0: 1, k0: 1.5, c1: 0.7, k1: 1.5 };
    const poly = solveFineTuning(polyGame(p), { method: "polynomial", certify: false });
    const num = solveFineTuning(exprGame(p), { method: "numeric", certify: false });
    expect(num.pareto.length).toBe(poly.pareto.length);
    poly.pareto.forEach(([lo, hi], i) => {
      expect(Math.abs(num.pareto[i]![0] - lo)).toBeLessThan(1e-7);
      expect(Math.abs(num.pareto[i]![1] - hi)).toBeLessThan(1e-7);
    });
    for (const id of ids)
      expect(Math.abs(num.solutions[id]!.delta! - poly.solutions[id]!.delta!), id).toBeLessThan(1e-7);
  });
});
