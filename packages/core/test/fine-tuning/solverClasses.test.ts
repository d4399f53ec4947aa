import { describe, expect, it } from "vitest";
import {
  checkFineTuningAnswer,
  equilibrium,
  type FineTuningGame,
  fineTuningGameFromScenario,
  generalistValue,
  readFineTuningAnswer,
  solveFineTuning,
  theorem31,
} from "../../src/index.js";

/**
 * The reference of the Pareto checks below: the solver's own equilibria on steps + 1 δ from lo,
 * every pair compared; the claimed points (1e-7 inside an interval) that another one dominates.
 */
function dominatedClaims(
  game: FineTuningGame,
  pareto: readonly (readonly [number, number])[],
  lo: number,
  width: number,
  steps: number,
): string[] {
  const grid = Array.from({ length: steps + 1 }, (_, j) => equilibrium(game, lo + (width * j) / steps));
  const inClaimed = (d: number) => pareto.some(([a, b]) => d >= a + 1e-7 && d <= b - 1e-7);
  const dominated: string[] = [];
  for (const p of grid) {
    if (!p.agreement || !inClaimed(p.delta)) continue;
    for (const q of grid) {
      if (!q.agreement) continue;
      let worst = Number.POSITIVE_INFINITY;
      let gain = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < p.utilities.length; i++) {
        const d = q.utilities[i]! - p.utilities[i]!;
        worst = Math.min(worst, d);
        gain = Math.max(gain, d);
      }
      if (worst >= -1e-12 && gain > 1e-9) dominated.push(`δ = ${p.delta} by δ = ${q.delta}`);
    }
  }
  return dominated;
}

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

  it("finds where G jumps to another local maximum of a wiggly cost between two δ of one signature (no claimed Pareto point dominated on a fine grid)", () => {
    // G's rank-2 maximum at δ = 0.828 and at 0.844 are different maxima (α0 2.08 and 2.27): a lower
    // one vanished in between. The jump at δ ≈ 0.8365 makes everyone better off over a window
    // narrower than the 64-interval grid, so [0.8246, 0.8368) is dominated; it was claimed
    const game = fineTuningGameFromScenario({
      generalist: { cost: "0.576*a0^2 + 0.0047*sin(18.02*a0)" },
      specialists: [
        { cost: "1.559*(a-a0)^2", disagreement: 0.095 },
        { cost: "0.014 + 1.442*(a-a0)^2" },
        { cost: "0.363*(a-a0)^2" },
      ],
    });
    const r = solveFineTuning(game);
    expect(r.certificate.certified).toBe(true);
    // the reference: the solver's own equilibria on 801 δ around the jump, every pair compared
    expect(dominatedClaims(game, r.pareto, 0.8, 0.08, 800).slice(0, 3)).toEqual([]);
  });

  it("gives a specialist with a wiggly cost its best response where two of its local maxima tie (Pareto ends where it switches)", () => {
    // D2's utility has several local maxima a period of the wiggle apart; its search's 12-cell grid
    // is coarser than that, and near δ where two maxima tie it kept the lower one. The claimed set
    // then ended at the wrong switch: [0, 0.1331013] ∪ [0.1540520, 0.8266192]. The ends below are an
    // independent brute force's: D2 switches maxima at δ = 0.1334987 and starts free-riding at
    // 0.8267866 (its utility maximised over 2,000,000 points of α at each δ of a bisection)
    const game = fineTuningGameFromScenario({
      generalist: { cost: "2.197*a0^2 + 0.0002*sin(8.29*a0)" },
      specialists: [
        { cost: "0.046 + 0.986*(a-a0)^2", revenue: "1.88*log(1+a)", disagreement: 0.041 },
        { cost: "1.031*(a-a0)^2 + 0.0097*sin(18.69*(a-a0))" },
      ],
    });
    const r = solveFineTuning(game);
    expect(r.certificate.certified).toBe(true);
    expect(r.pareto.length).toBe(2);
    expect(r.pareto[0]![1]).toBeCloseTo(0.1334987, 6);
    expect(r.pareto[1]![1]).toBeCloseTo(0.8267866, 6);
    expect(r.solutions["powerful-G"]!.delta).toBeCloseTo(0.8267866, 6);
  });

  it("finds a specialist's maximum hidden between two falling slopes of its search's grid (a wiggle 4e-5 high)", () => {
    // Both specialists' costs wiggle. Near δ = 0.559 a specialist's best response lies between two
    // samples of its search where u′ < 0 at both and at the midpoint, 4e-5 above the better end and
    // within the cubic model's tolerance; the certified set ended at 0.5594130 and restarted at
    // 0.6141077. The ends below are the slow reference solver's (its response on 256 cells, every
    // local maximum refined), which the brute force over δ confirms
    const game = fineTuningGameFromScenario({
      generalist: { cost: "1.797*a0^2" },
      specialists: [
        { cost: "1.796*(a-a0)^2 + 0.006*(1-cos(25.581*(a-a0)))" },
        { cost: "0.664*(a-a0)^2 + 0.006*(1-cos(19.979*(a-a0)))" },
      ],
    });
    const r = solveFineTuning(game);
    expect(r.certificate.certified).toBe(true);
    expect(r.pareto.length).toBe(3);
    expect(r.pareto[1]![1]).toBeCloseTo(0.5588679, 6);
    expect(r.pareto[2]![0]).toBeCloseTo(0.6140733, 6);
  });

  it("finds a specialist's dip and rise inside one grid cell (G's investment wiggling along its cost): no claimed Pareto point dominated on a fine grid", () => {
    // D5's utility falls from δ = 0.4219 to 0.4375 on the 64-interval grid, but in between it dips
    // to a minimum at 0.433 and rises to a maximum at 0.4393, where everyone is better off than at
    // 0.4297: [0.4283, 0.4389) is dominated, and was claimed
    const game = fineTuningGameFromScenario({
      generalist: {
        cost: "0.378*a0^2 + 0.0070*sin(8.66*a0)",
        direct: { cost: "0.006 + 1.238*(a-a0)^2", revenue: "a" },
      },
      specialists: [
        { cost: "0.018 + 0.538*(a-a0)^2", revenue: "1.03*a" },
        { cost: "0.069 + 0.381*(a-a0)^2" },
        { cost: "0.054 + 0.760*(a-a0)^2", disagreement: 0.084 },
        { cost: "0.022 + 0.365*(a-a0)^2" },
        { cost: "1.233*(a-a0)^3", revenue: "1.44*log(1+a)", disagreement: 0.019 },
      ],
    });
    const r = solveFineTuning(game);
    expect(r.certificate.certified).toBe(true);
    expect(dominatedClaims(game, r.pareto, 0.41, 0.04, 600).slice(0, 3)).toEqual([]);
  });

  it("finds a window where G's threshold choice gives way to an interior maximum and back, inside one cell of threshold choices", () => {
    // at δ ∈ [0.96022, 0.96064] an interior maximum born just past the threshold beats it; the
    // cell's ends are both threshold choices with α0 continuous, and the window's points, where the
    // third specialist earns above its outside option, are undominated (checked over 200,000 δ)
    const game = fineTuningGameFromScenario({
      generalist: { cost: "0.448*a0^2 + 0.0087*sin(13.75*a0)" },
      specialists: [
        { cost: "0.035 + 2.012*(a-a0)^2", revenue: "1.08*a" },
        { cost: "0.009 + 1.201*(a-a0)^2", revenue: "0.60*a" },
        { cost: "0.042 + 1.008*(a-a0)^2", revenue: "1.83*log(1+a)", disagreement: 0.048 },
      ],
    });
    const r = solveFineTuning(game);
    expect(r.certificate.certified).toBe(true);
    expect(r.pareto.some(([a, b]) => a <= 0.9605 && b >= 0.9605)).toBe(true);
    // G's best response just before the window: the interior maximum at α0 ≈ 2.4804 (3.45414209),
    // not the threshold at 2.4268 (3.45414148), hidden in a grid cell past the threshold
    const e = equilibrium(game, 0.960119);
    expect(e.choice).toBe("interior");
    expect(e.alpha0!).toBeCloseTo(2.480443, 5);
    const verdict = checkFineTuningAnswer(game, readFineTuningAnswer(game, JSON.parse(JSON.stringify(r))));
    expect(verdict.items.filter((i) => !i.holds).map((i) => `${i.id}: ${i.message}`)).toEqual([]);
  });

  it("refines every local maximum of an objective that could beat the best sample (utilitarian, 22 specialists)", () => {
    // the sum of utilities peaks at δ ≈ 0.96309 between two grid samples lower than the sample at
    // δ ≈ 0.98141 (a threshold choice), and rises 3.5e-4 above it: only the best sample's run was
    // refined, and the certified answer reported 0.98141
    const specialists = [
      [1.149, 0.045, 0],
      [1.108, 0, 0],
      [1.026, 0.011, 0],
      [1.75, 0.034, 0],
      [2.443, 0, 0],
      [0.758, 0.025, 0.069],
      [2.132, 0.094, 0.091],
      [2.199, 0.067, 0.072],
      [2.338, 0, 0],
      [0.799, 0, 0.08],
      [2.006, 0, 0],
      [0.509, 0.094, 0.02],
      [1.591, 0, 0.023],
      [1.665, 0, 0],
      [2.23, 0.055, 0],
      [1.401, 0, 0],
      [0.792, 0, 0.038],
      [2.537, 0.01, 0],
      [1.644, 0, 0],
      [1.181, 0, 0],
      [1.994, 0, 0],
      [1.496, 0.068, 0.017],
    ].map(([c, fixed, disagreement]) => ({
      cost: { polynomial: { c: c!, k: 2, fixed: fixed! } },
      disagreement: disagreement!,
    }));
    const game = fineTuningGameFromScenario({
      generalist: { cost: { polynomial: { c: 1.105, k: 2 } } },
      specialists,
    });
    const r = solveFineTuning(game);
    expect(r.certificate.certified).toBe(true);
    const total = (d: number) => equilibrium(game, d).utilities.reduce((a, b) => a + b, 0);
    const claimed = total(r.solutions.utilitarian.delta!);
    // the reference: the sum on 4,001 δ of the Pareto set
    const [lo, hi] = r.pareto[0]!;
    for (let j = 0; j <= 4000; j++)
      expect(total(lo + ((hi - lo) * j) / 4000)).toBeLessThanOrEqual(claimed + 1e-9);
  });

  it("locates two thresholds between two samples of G's grid (two specialists joining at different α0)", () => {
    // at δ = 0.97682 two specialists join between α0 = 1.5 and 2; G's best is to invest exactly to
    // the second threshold (α0 ≈ 1.6348, U_G ≈ 0.1365), which the search did not see
    const game = fineTuningGameFromScenario({
      generalist: { cost: "1.754*a0^2 + 0.0139*sin(8.14*a0)" },
      specialists: [
        { cost: "0.005 + 1.289*(a-a0)^2", disagreement: 0.033 },
        { cost: "0.038 + 0.427*(a-a0)^2" },
        { cost: "1.468*(a-a0)^2" },
      ],
    });
    const e = equilibrium(game, 0.97682);
    expect(e.choice).toBe("threshold");
    expect(e.alpha0!).toBeCloseTo(1.634849, 5);
    let best = Number.NEGATIVE_INFINITY;
    for (let i = 0; i <= 40_000; i++)
      best = Math.max(best, generalistValue(game, (2 * i) / 40_000, 0.97682, "numeric"));
    expect(e.utilities[0]!).toBeGreaterThanOrEqual(best - 1e-9);
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
