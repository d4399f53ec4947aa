import { describe, expect, it } from "vitest";
import {
  brentRoot,
  corollary31,
  equilibriumAt,
  fineTuningGameFromScenario,
  solveFineTuning,
} from "../../src/index.js";
import { polyGame } from "./games.js";

const quadratic = (c0: number, c1: number) => polyGame({ c0, k0: 2, c1, k1: 2 });

describe("Section 3.4 claims of Fine-tuning Games", () => {
  const perfGap = (ratio: number): number => {
    const s = solveFineTuning(quadratic(1, ratio), { certify: false }).solutions;
    return s["kalai-smorodinsky"].revenue - s.utilitarian.revenue;
  };

  it("vertical monopoly underperforms Kalai–Smorodinsky for 0.5 < c1/c0 < 2.5 (the paper's range), except at c1 = c0", () => {
    for (let i = 0; i <= 30; i++) {
      const ratio = 0.5 + (2 * i + 1) / 31;
      if (Math.abs(ratio - 1) > 1e-3) expect(perfGap(ratio), `c1/c0 = ${ratio}`).toBeGreaterThan(0);
    }
    // at c1 = c0 the performance 1/(2c0) does not depend on δ: the two solutions tie (erratum FTG-E4)
    expect(Math.abs(perfGap(1))).toBeLessThan(1e-15);
  });

  it("the exact range is (0.36110…, 2.76929…), wider than the paper's ~(0.5, 2.5) (erratum FTG-E4)", () => {
    const lo = brentRoot(perfGap, 0.2, 0.5).value;
    const hi = brentRoot(perfGap, 2.5, 3.5).value;
    // independently: the gap is (δ_KS − δ_VM)(1/2 − 1/(2c1)), so the ends are where δ_KS = c1/(1 + c1)
    expect(lo).toBeCloseTo(0.3611030805, 8);
    expect(hi).toBeCloseTo(2.7692923542, 8);
    expect(perfGap(0.3)).toBeLessThan(0);
    expect(perfGap(3)).toBeLessThan(0);
  });

  it("profit sharing survives extreme cost ratios: Nash, KS and egalitarian stay interior as c1/c0 → 0 and → ∞", () => {
    for (const ratio of [1e-4, 1e-2, 1e2, 1e4]) {
      const s = solveFineTuning(quadratic(1, ratio), { certify: false }).solutions;
      for (const id of ["nash", "kalai-smorodinsky", "egalitarian"] as const) {
        expect(s[id].delta, `${id} at c1/c0 = ${ratio}`).toBeGreaterThan(0.001);
        expect(s[id].delta, `${id} at c1/c0 = ${ratio}`).toBeLessThan(0.999);
      }
    }
  });

  it("only the vertical monopoly gives (almost) everything to the cheaper player in those limits", () => {
    expect(solveFineTuning(quadratic(1, 1e-4), { certify: false }).solutions.utilitarian.delta).toBeLessThan(
      1e-3,
    );
    expect(
      solveFineTuning(quadratic(1, 1e4), { certify: false }).solutions.utilitarian.delta,
    ).toBeGreaterThan(0.999);
  });

  it("Proposition 3.1: utilities are strictly unimodal in δ for k0, k1 ≥ 2 (one local maximum on a fine grid)", () => {
    for (const p of [
      { c0: 1, k0: 2, c1: 0.3, k1: 2 },
      { c0: 1, k0: 3, c1: 2, k1: 2 },
      { c0: 0.5, k0: 2.5, c1: 1, k1: 4 },
    ]) {
      for (const who of ["uG", "uD"] as const) {
        const v = Array.from({ length: 2001 }, (_, i) => corollary31(p, i / 2000)[who]);
        let turns = 0;
        for (let i = 1; i < v.length - 1; i++) if (v[i]! > v[i - 1]! && v[i]! > v[i + 1]!) turns++;
        expect(turns, `${who} ${JSON.stringify(p)}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("Theorem 4.1 (Table 1) and Theorem 7.1", () => {
  // a second, ordinary specialist E keeps the bargain alive when D abstains
  const game = (cost: string) =>
    fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [
        { name: "D", cost },
        { name: "E", cost: "(a-a0)^2" },
      ],
    });

  it("fixed costs under control and marginally profitable investment: the specialist contributes", () => {
    const c = equilibriumAt(game("(a-a0)^2"), 0.5).conditions["D"]!;
    expect(c).toMatchObject({
      fcuc: true,
      mpi: true,
      table: "contributor",
      actual: "contributor",
      consistent: true,
    });
  });

  it("fixed costs under control, marginally costly investment: the specialist free-rides", () => {
    // marginal cost 2 at zero investment exceeds the revenue share 1/2
    const c = equilibriumAt(game("2*(a-a0) + (a-a0)^2"), 0.5).conditions["D"]!;
    expect(c).toMatchObject({
      fcuc: true,
      mpi: false,
      table: "free-rider",
      actual: "free-rider",
      consistent: true,
    });
  });

  it("fixed costs out of control, marginally costly: the specialist abstains", () => {
    const c = equilibriumAt(game("1 + 2*(a-a0) + (a-a0)^2"), 0.5).conditions["D"]!;
    expect(c).toMatchObject({
      fcuc: false,
      mpi: false,
      table: "abstainer",
      actual: "abstainer",
      consistent: true,
    });
  });

  it("the undetermined case (*) is decided by optimising: a small fixed cost is worth paying", () => {
    // at δ = 1/2 G invests α0 = 1/2: the fixed cost 0.28 exceeds the free-riding share 0.25, but
    // contributing x = 1/4 nets 0.5·(1/2 + 1/4) − 1/16 − 0.28 > 0
    const small = equilibriumAt(game("0.28 + (a-a0)^2"), 0.5);
    const c = small.conditions["D"]!;
    expect(c.fcuc).toBe(false);
    expect(c.mpi).toBe(true);
    expect(c.table).toBe("contributor-or-abstainer");
    expect(c.actual).toBe("contributor");
  });

  it("G over-invests to keep a specialist whose fixed cost it can still cover", () => {
    const eq = equilibriumAt(game("0.5 + (a-a0)^2"), 0.5);
    // D participates iff α0 ≥ (0.5 + 1/16 − 1/8)/(1/2) = 0.875 > 1/2, G's choice without that motive
    expect(eq.alpha0).toBeCloseTo(0.875, 12);
    expect(eq.regimes["D"]).toBe("contributor");
    expect(eq.utilities["D"]).toBeCloseTo(0, 12);
  });

  it("the undetermined case (*) with a large fixed cost ends in abstention", () => {
    // (with F = 0.5 G would rather over-invest to α0 = 0.875 to keep D in; F = 2 is beyond that)
    const c = equilibriumAt(game("2 + (a-a0)^2"), 0.5).conditions["D"]!;
    expect(c.table).toBe("contributor-or-abstainer");
    expect(c.actual).toBe("abstainer");
  });

  it("Theorem 7.1 is silent when its first condition fails (r'(0) = 2φ0'(0) exactly)", () => {
    const r = solveFineTuning(
      fineTuningGameFromScenario({
        generalist: { cost: "exp(a0) - 1 - 0.5*a0" },
        specialists: [{ cost: "(a-a0)^2", revenue: "log(1+a)" }],
      }),
      { certify: false },
    );
    expect(r.theorem71!.condition1).toBe(false);
    expect(r.theorem71!.consistent).toBe(true);
  });

  it("Theorem 7.1: when both marginal conditions hold, δ = 1/2 gives revenue sharing without free-riding", () => {
    const r = solveFineTuning(
      fineTuningGameFromScenario({
        generalist: { cost: "exp(a0) - 1 - 0.9*a0" },
        specialists: [{ cost: "(a-a0)^2", revenue: "log(1+a)" }],
      }),
      { certify: false },
    );
    expect(r.theorem71).toBeDefined();
    expect(r.theorem71!.condition1).toBe(true);
    expect(r.theorem71!.condition2).toBe(true);
    expect(r.theorem71!.conclusionAtHalf).toBe(true);
    expect(r.theorem71!.consistent).toBe(true);
  });
});
