import { describe, expect, it } from "vitest";
import {
  ExpressionError,
  expression1,
  fineTuningGameFromScenario,
  generalistCostExpr,
  revenueExpr,
  ScenarioError,
  solutionList,
  solveFineTuning,
  specialistCostExpr,
  UnboundedUtilityError,
} from "../../src/index.js";

describe("cost and revenue expressions", () => {
  it("evaluates expressions and their symbolic derivatives", () => {
    const f = expression1("exp(a0) - 1", "a0");
    expect(f.value(1)).toBeCloseTo(Math.E - 1, 15);
    expect(f.derivative(1)).toBeCloseTo(Math.E, 15);
    expect(f.second(1)).toBeCloseTo(Math.E, 15);
    const c = specialistCostExpr("0.3 + 1.2*(a-a0)^2 + a0*(a-a0)");
    expect(c.value(2, 1)).toBeCloseTo(0.3 + 1.2 + 1, 15);
    expect(c.dA(2, 1)).toBeCloseTo(2.4 + 1, 15);
    expect(c.dAA(2, 1)).toBeCloseTo(2.4, 15);
    expect(c.dAA0(2, 1)).toBeCloseTo(-2.4 + 1, 15);
  });

  it("gives expressions that differ only in their numbers their own numbers (compiled once per shape)", () => {
    // a sweep over a coefficient compiles one factory for the shape c*(a-a0)^k + d*a0
    for (const [c, k, d] of [
      [1.3, 2, 0.5],
      [7, 3, -2],
      [0.25, 1.5, 0],
    ] as const) {
      const f = specialistCostExpr(`${c}*(a-a0)^${k} + ${d}*a0`);
      const [a, a0] = [2.5, 0.75];
      expect(f.value(a, a0)).toBe(c * (a - a0) ** k + d * a0);
      expect(f.dA(a, a0)).toBeCloseTo(c * k * (a - a0) ** (k - 1), 12);
      expect(f.dAA(a, a0)).toBeCloseTo(c * k * (k - 1) * (a - a0) ** (k - 2), 12);
      expect(f.dA0(a, a0)).toBeCloseTo(-c * k * (a - a0) ** (k - 1) + d, 12);
    }
    const g = expression1("2^a0 - 1", "a0");
    const h = expression1("3^a0 - 1", "a0");
    expect(g.derivative(2)).toBeCloseTo(4 * Math.LN2, 14);
    expect(h.derivative(2)).toBeCloseTo(9 * Math.log(3), 13);
    // the parameters' internal names are not variables a user can write
    expect(() => expression1("_k0*a0", "a0")).toThrow(/unknown variable "_k0"/);
  });

  it("recognises the polynomial family however it is written", () => {
    expect(generalistCostExpr("2*a0^2").polynomial).toEqual({ c: 2, k: 2, fixed: 0 });
    expect(generalistCostExpr("0.5 + a0^2").polynomial).toEqual({ c: 1, k: 2, fixed: 0.5 });
    expect(generalistCostExpr("a0^3/2").polynomial?.k).toBeCloseTo(3, 12);
    expect(specialistCostExpr("0.3 + 1.2*(a-a0)^2").polynomial).toMatchObject({ fixed: 0.3 });
    expect(specialistCostExpr("(a-a0)^2*1.5").polynomial?.c).toBeCloseTo(1.5, 12);
    expect(revenueExpr("3*a").linear).toEqual({ slope: 3 });
    expect(generalistCostExpr("exp(a0)-1").polynomial).toBeUndefined();
    expect(specialistCostExpr("(a-a0)^2 + a0").polynomial).toBeUndefined();
    expect(revenueExpr("log(1+a)").linear).toBeUndefined();
  });

  it("rejects unknown variables, unknown functions and code", () => {
    expect(() => expression1("b*a0", "a0")).toThrow(/unknown variable "b"/);
    expect(() => expression1("a0^2", "a")).toThrow(/unknown variable "a0" \(allowed: a/);
    expect(() => expression1("evaluate(a)", "a")).toThrow(/unknown function "evaluate"/);
    expect(() => expression1("a = 3", "a")).toThrow(ExpressionError);
    expect(() => expression1("[1,2]", "a")).toThrow(ExpressionError);
    expect(() => expression1("a +", "a")).toThrow(/cannot parse/);
    expect(() => expression1("", "a")).toThrow(/empty/);
  });

  it("names the scenario field of a bad expression", () => {
    try {
      fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists: [{ cost: "(a-a0)^2 + z" }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).message).toMatch(/^specialists\[0\]\.cost: .*unknown variable "z"/);
    }
  });

  it("reports unbounded utilities instead of returning a number", () => {
    const g = fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [{ cost: "(a-a0)^2", revenue: "a^3" }],
    });
    expect(() => solveFineTuning(g)).toThrow(UnboundedUtilityError);
  });

  it("solves a general expression game (r = log(1+a), φ0 = exp(a0) − 1) with certificates", () => {
    const g = fineTuningGameFromScenario({
      generalist: { cost: "exp(a0) - 1" },
      specialists: [{ cost: "(a-a0)^2", revenue: "log(1+a)" }],
    });
    const r = solveFineTuning(g);
    expect(r.method).toBe("numeric");
    expect(r.pareto.length).toBe(1);
    expect(r.certificate.maxDeviationGain).toBeLessThan(1e-9);
    expect(r.certificate.paretoUniformGain).toBeLessThan(1e-12);
    for (const s of solutionList(r.solutions)) {
      expect(Number.isFinite(s.delta!)).toBe(true);
      expect(Object.values(s.utilities).every(Number.isFinite)).toBe(true);
    }
  });
});
