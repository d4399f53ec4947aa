import { describe, expect, it } from "vitest";
import { solveScenario } from "./helpers.js";

const ftg = solveScenario;

const issueScenario = {
  model: "openness",
  alpha0: 0.3,
  delta: 0.5,
  regulation: { threshold: 0.5, penalty: 0.1 },
  params: { cD: 1, lambda: 0.5, epsilon: 0.2, kappa: 0.2, cG: 0 },
};

describe("ftg solve, model openness", () => {
  it("prints one JSON object with the issue's keys for the issue's example scenario", async () => {
    const r = await ftg(issueScenario, "--json");
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")).toHaveLength(1);
    const j = JSON.parse(r.out);
    for (const k of ["delta", "omega", "alpha1", "utilities", "decision", "outcome", "unregulated"])
      expect(j).toHaveProperty(k);
    expect(Object.keys(j.utilities).sort()).toEqual(["D", "G"]);
    expect(j.delta).toBe(0.5);
    expect(j.decision).toBe("comply");
    expect(j.outcome).toBe("transfer");
    expect(j.omega).toBe(0.5);
    expect(j.alpha1).toBeCloseTo(0.3 + 0.75 / (2 * 0.75), 12);
    for (const k of ["delta", "omega", "alpha1", "utilities", "decision"])
      expect(j.unregulated).toHaveProperty(k);
    expect(j.unregulated.omega).toBeGreaterThan(0);
    expect(j.unregulated.omega).toBeLessThan(0.5);
    expect(j.certificate.deviationGain).toBeLessThanOrEqual(1e-9);
  });

  it("reports omega null and decision abstain when G leaves the market", async () => {
    const r = await ftg(
      {
        model: "openness",
        alpha0: 0.05,
        delta: 0.5,
        params: { kappa: 0.6, epsilon: 0.1 },
        regulation: { threshold: 1, penalty: 1 },
      },
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.decision).toBe("abstain");
    expect(j.omega).toBeNull();
    expect(j.outcome).toBe("abstain");
    expect(j.utilities).toEqual({ G: 0, D: 0 });
  });

  it('bargains δ with {"bargaining": "nash"} and solves at a fixed δ with --delta', async () => {
    const b = JSON.parse(
      (await ftg({ ...issueScenario, alpha0: 0.1, delta: { bargaining: "nash" } }, "--json")).out,
    );
    expect(b.mode).toBe("bargaining");
    expect(b.delta).toBeGreaterThan(0);
    expect(b.delta).toBeLessThan(1);
    expect(b.outcome).toBe("pareto-improvement");
    const f = JSON.parse(
      (await ftg({ ...issueScenario, delta: { bargaining: "nash" } }, "--json", "--delta", "0.5")).out,
    );
    expect(f.mode).toBe("fixed");
    expect(f.delta).toBe(0.5);
  });

  it("prints a table by default, with both equilibria and the outcome", async () => {
    const r = await ftg(issueScenario);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/regulated\s+0\.5\s+comply\s+0\.5/);
    expect(r.out).toMatch(/unregulated/);
    expect(r.out).toMatch(/Outcome: transfer/);
  });

  it.each([
    [{ ...issueScenario, alpha0: -1 }, /alpha0: expected a number ≥ 0 .*found -1/],
    [
      { ...issueScenario, regulation: { threshold: 1.5, penalty: 0 } },
      /regulation\.threshold: expected a threshold in \[0, 1\] \(found 1\.5\)/,
    ],
    [{ ...issueScenario, params: { lambda: 1 } }, /params\.lambda: expected lambda in \[0, 1\) \(found 1\)/],
    [{ ...issueScenario, alpha0: "endogenous" }, /params\.cG: expected cG > 0/],
    [
      { ...issueScenario, delta: { bargaining: "best" } },
      /delta: expected a number in \[0, 1\] or \{"bargaining": "nash"\}/,
    ],
    [{ ...issueScenario, params: { cd: 1 } }, /params/],
  ])("rejects bad input with one line naming the field: %j", async (scenario, message) => {
    const r = await ftg(scenario, "--json");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(message);
  });
});
