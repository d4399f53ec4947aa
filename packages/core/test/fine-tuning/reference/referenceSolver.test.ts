/**
 * The reference solver is itself checked before it judges the product: against the closed forms
 * of Theorem 3.1 and Propositions 3.2–3.6 (quadratic one-specialist games, ./referenceCases.ts),
 * Theorem 2.1's Pareto interval, G's fixed cost, and a dense scan of G's utility.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FineTuningScenario } from "../../../src/index.js";
import { EQUILIBRIUM_CASES, type PolyGame, SOLUTION_CASES } from "../referenceCases.js";
import { manySpecialists } from "./arbitraries.js";
import { generalistValue, referenceEquilibrium, referenceGame } from "./bruteForce.js";
import { referenceSolve } from "./overDelta.js";

const scenario = (p: PolyGame): FineTuningScenario => ({
  generalist: { cost: { polynomial: { c: p.c0, k: p.k0 } } },
  specialists: [{ cost: { polynomial: { c: p.c1, k: p.k1 } } }],
});

describe("reference equilibrium", () => {
  for (const c of EQUILIBRIUM_CASES) {
    it(`${c.id}: matches ${c.source} to 1e-12`, () => {
      const e = referenceEquilibrium(referenceGame(scenario(c.game)), c.delta);
      expect(e.agreement).toBe(true);
      expect(Math.abs(e.alpha0! - c.expected.alpha0)).toBeLessThan(1e-12);
      expect(Math.abs(e.alphas[0]! - c.expected.alpha1)).toBeLessThan(1e-12);
      expect(Math.abs(e.u[0]! - c.expected.uG)).toBeLessThan(1e-12);
      expect(Math.abs(e.u[1]! - c.expected.uD)).toBeLessThan(1e-12);
    });
  }

  it("charges G's polynomial fixed cost: U_G drops by F0 while G still enters, and G stays out below d0", () => {
    const base = referenceGame(scenario({ c0: 1, k0: 2, c1: 2, k1: 2 }));
    const fixed = referenceGame({
      generalist: { cost: { polynomial: { c: 1, k: 2, fixed: 0.05 } } },
      specialists: [{ cost: { polynomial: { c: 2, k: 2 } } }],
    });
    const a = referenceEquilibrium(base, 0.5);
    const b = referenceEquilibrium(fixed, 0.5);
    expect(b.agreement).toBe(true);
    expect(Math.abs(b.u[0]! - (a.u[0]! - 0.05))).toBeLessThan(1e-15);
    expect(b.alpha0).toBe(a.alpha0);
    // U_G(1/2) = 1/8 without the fixed cost: a fixed cost of 0.2 keeps G out
    const out = referenceEquilibrium(
      referenceGame({
        generalist: { cost: { polynomial: { c: 1, k: 2, fixed: 0.2 } } },
        specialists: [{ cost: { polynomial: { c: 2, k: 2 } } }],
      }),
      0.5,
    );
    expect(out.agreement).toBe(false);
    expect(Array.from(out.u)).toEqual([0, 0]);
  });

  it("finds G's global best α0 in many-specialist games (checked against a 200,000-point scan)", () => {
    fc.assert(
      fc.property(manySpecialists, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (sc, delta) => {
        const g = referenceGame(sc);
        const e = referenceEquilibrium(g, delta);
        let best = Number.NEGATIVE_INFINITY;
        for (let i = 0; i <= 200_000; i++) {
          const v = generalistValue(g, (6 * i) / 200_000, delta);
          if (v.mask !== 0) best = Math.max(best, v.u);
        }
        const mine = e.agreement ? e.u[0]! : Number.NEGATIVE_INFINITY;
        // the scan cannot beat the reference (it may fall short of a threshold G invests up to)
        expect(mine).toBeGreaterThanOrEqual(best - 1e-12);
        if (best >= g.d0) expect(e.agreement).toBe(true);
      }),
      { numRuns: 8, seed: 7 },
    );
  });
});

describe("reference bargaining solutions against Propositions 3.2–3.6", () => {
  const quadratic = SOLUTION_CASES.filter((c) => c.game.k0 === 2 && c.game.k1 === 2);
  const solved = new Map<string, ReturnType<typeof referenceSolve>>();
  const solve = (p: PolyGame) => {
    const key = JSON.stringify(p);
    let r = solved.get(key);
    if (r === undefined) {
      r = referenceSolve(referenceGame(scenario(p)));
      solved.set(key, r);
    }
    return r;
  };
  for (const c of quadratic) {
    it(`${c.id}: ${c.source} (to 1e-6)`, () => {
      const r = solve(c.game);
      const s = r.solutions[c.solution]!;
      if (c.ties !== undefined) {
        // a plateau: every δ ties, and the reference says so
        expect(s.ties).toBe(true);
        expect(s.clusters.length).toBe(1);
        expect(s.clusters[0]![0]).toBeLessThan(1e-6);
        expect(s.clusters[0]![1]).toBeGreaterThan(1 - 1e-6);
      } else {
        expect(s.ties).toBe(false);
        expect(Math.abs(s.delta! - c.expected)).toBeLessThan(1e-6);
      }
    });
  }

  it("gives Theorem 2.1's Pareto interval between the powerful solutions (quadratic games)", () => {
    for (const p of [
      { c0: 1, k0: 2, c1: 2, k1: 2 },
      { c0: 2, k0: 2, c1: 1, k1: 2 },
      { c0: 1, k0: 2, c1: 0.5, k1: 2 },
    ]) {
      const r = solve(p);
      expect(r.pareto.length).toBe(1);
      const lo = Math.min(r.solutions["powerful-G"]!.delta!, r.solutions["powerful-D"]!.delta!);
      const hi = Math.max(r.solutions["powerful-G"]!.delta!, r.solutions["powerful-D"]!.delta!);
      expect(Math.abs(r.pareto[0]![0] - lo)).toBeLessThan(1e-6);
      expect(Math.abs(r.pareto[0]![1] - hi)).toBeLessThan(1e-6);
    }
  });
});
