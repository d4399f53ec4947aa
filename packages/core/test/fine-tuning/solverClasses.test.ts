import { describe, expect, it } from "vitest";
import {
  checkFineTuningAnswer,
  equilibrium,
  fineTuningGameFromScenario,
  readFineTuningAnswer,
  solveFineTuning,
  theorem31,
} from "../../src/index.js";

describe("fine-tuning answers in the classes that used to go wrong", () => {
  it("reports an isolated Pareto point (G over-invests to keep a specialist in) as the point it is", () => {
    const game = fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [
        { name: "D1", cost: "0.03 + (a-a0)^2" },
        { name: "D2", cost: "(a-a0)^2" },
      ],
    });
    const r = solveFineTuning(game);
    expect(r.pareto).toHaveLength(2);
    const [lo, hi] = r.pareto[1]!;
    expect(hi).toBe(lo);
    expect(lo).toBeCloseTo(0.96979, 5);
    expect(r.certificate.certified).toBe(true);
  });

  it("holds a specialist G invests exactly to at its outside option, not round-off above it (no Pareto points made of noise)", () => {
    // G's wiggly cost sends the game down the numeric path; at every δ G invests exactly to the
    // specialist's threshold. Its utility was d + 1e-15..1e-14 (the threshold's bisection), and the
    // δ where the noise peaked came out as 9 "Pareto points", each dominated by δ ≈ 0.526 for G
    const game = fineTuningGameFromScenario({
      generalist: { cost: "2.075*a0^2 + 0.0028*sin(9.16*a0)" },
      specialists: [{ cost: "0.045 + 2.246*(a-a0)^2", disagreement: 0.074 }],
    });
    for (const d of [0.1, 0.3, 0.5262803]) {
      const e = equilibrium(game, d);
      expect(e.choice).toBe("threshold");
      expect(e.utilities[1]).toBe(0.074);
    }
    const r = solveFineTuning(game);
    expect(r.pareto).toHaveLength(1);
    expect(r.pareto[0]![0]).toBeCloseTo(0.52628, 5);
    const verdict = checkFineTuningAnswer(game, readFineTuningAnswer(game, JSON.parse(JSON.stringify(r))));
    expect(verdict.items.filter((i) => !i.holds).map((i) => i.message)).toEqual([]);
    // the polynomial path's threshold specialist too (G over-invests to keep D1 in)
    const poly = fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [
        { name: "D1", cost: "0.03 + (a-a0)^2" },
        { name: "D2", cost: "(a-a0)^2" },
      ],
    });
    const at = solveFineTuning(poly).pareto[1]![0];
    const e = equilibrium(poly, at);
    expect(e.choice).toBe("threshold");
    expect(e.utilities[1]).toBe(0);
  });

  it("locates max-performance on the closed-form path for k ≠ 2 as a first-order root (1e-12)", () => {
    const game = fineTuningGameFromScenario({
      generalist: { cost: "1.3*a0^3" },
      specialists: [{ cost: "0.7*(a-a0)^2.5" }],
    });
    const r = solveFineTuning(game);
    expect(r.method).toBe("closed-form");
    const d = r.solutions["max-performance"].delta!;
    const p = { c0: 1.3, k0: 3, c1: 0.7, k1: 2.5 };
    // the derivative of α1(δ) vanishes there: a central difference of α1 is ~0 to round-off
    const h = 1e-6;
    const slope = (theorem31(p, d + h).alpha1 - theorem31(p, d - h).alpha1) / (2 * h);
    expect(Math.abs(slope)).toBeLessThan(1e-8);
    // and no δ on a fine grid does better
    for (let i = 0; i <= 1000; i++) {
      expect(theorem31(p, i / 1000).alpha1).toBeLessThanOrEqual(theorem31(p, d).alpha1 + 1e-15);
    }
  });

  it("raises Theorem 7.1's warning only within its hypotheses (no fixed costs, zero disagreement payoffs)", () => {
    const outside = fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [{ cost: "0.3 + (a-a0)^2", disagreement: 0.05 }],
    });
    const r = solveFineTuning(outside, { certify: false });
    expect(r.theorem71).toBeUndefined();
    expect(r.warnings.some((w) => w.includes("Theorem 7.1"))).toBe(false);
    const inside = fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [{ cost: "2*(a-a0)^2" }],
    });
    expect(solveFineTuning(inside, { certify: false }).theorem71?.consistent).toBe(true);
  });

  it.each(["0", "-a", "0*a"])(
    "revenue %s: every bargain gives everyone 0, reported as a tie, no crash",
    (revenue) => {
      const game = fineTuningGameFromScenario({
        generalist: { cost: "a0^2" },
        specialists: [{ cost: "(a-a0)^2", revenue }],
      });
      const r = solveFineTuning(game);
      for (const s of Object.values(r.solutions)) {
        if (s === undefined) continue;
        for (const u of Object.values(s.utilities)) expect(u === 0).toBe(true); // 0 or -0
      }
      expect(r.warnings.some((w) => w.includes("no player gains"))).toBe(true);
    },
  );

  it("honours G's polynomial fixed cost exactly as the same cost written as an expression", () => {
    for (const fixed of [0.05, 0.5]) {
      const poly = solveFineTuning(
        fineTuningGameFromScenario({
          generalist: { cost: { polynomial: { c: 1, k: 2, fixed } } },
          specialists: [{ cost: "2*(a-a0)^2" }],
        }),
        { certify: false },
      );
      const expr = solveFineTuning(
        fineTuningGameFromScenario({
          generalist: { cost: `${fixed} + a0^2` },
          specialists: [{ cost: "2*(a-a0)^2" }],
        }),
        { certify: false },
      );
      expect(poly.pareto).toEqual(expr.pareto);
      expect(poly.solutions.nash.delta).toBe(expr.solutions.nash.delta);
    }
  });
});
