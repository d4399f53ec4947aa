/**
 * Building a fine-tuning game from its scenario: specialists written the same way share their
 * cost and revenue functions (a million specialists load in seconds), with the same answers as
 * a function made per specialist and errors that still name the element.
 */
import {
  type FineTuningGame,
  fineTuningGameFromScenario,
  linearRevenue,
  polyCost0,
  polyCost1,
  revenueExpr,
  ScenarioError,
  solveFineTuning,
  specialistCostExpr,
} from "@ftg/core";
import { describe, expect, it } from "vitest";

const poly = (c: number, fixed?: number) => ({
  polynomial: fixed === undefined ? { c, k: 2 } : { c, k: 2, fixed },
});

const specialists = [
  { cost: poly(1.5, 0.01) },
  { cost: poly(1.5, 0.01), revenue: "a" },
  { cost: poly(2, 0.01), revenue: " a " },
  { cost: poly(1.5) },
  { cost: poly(1.5, 0) },
  { cost: "2*(a-a0)^2", revenue: "2*a" },
  { cost: "2*(a-a0)^2", revenue: "2*a" },
];

function buildError(sc: Parameters<typeof fineTuningGameFromScenario>[0]): ScenarioError {
  try {
    fineTuningGameFromScenario(sc);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error("expected a ScenarioError");
}

describe("fineTuningGameFromScenario", () => {
  it("shares the cost and revenue of specialists written the same way, and only theirs", () => {
    const g = fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists });
    const s = g.specialists;
    expect(s).toHaveLength(7);
    expect(s.map((x) => x.name)).toEqual(["D1", "D2", "D3", "D4", "D5", "D6", "D7"]);
    expect(s[1]!.cost).toBe(s[0]!.cost);
    expect(s[2]!.cost).not.toBe(s[0]!.cost);
    // no fixed cost and a fixed cost of 0 are the same function
    expect(s[4]!.cost).toBe(s[3]!.cost);
    expect(s[3]!.cost).not.toBe(s[0]!.cost);
    expect(s[6]!.cost).toBe(s[5]!.cost);
    // "a", " a " and no revenue are all the identity
    expect(s[1]!.revenue).toBe(s[0]!.revenue);
    expect(s[2]!.revenue).toBe(s[0]!.revenue);
    expect(s[6]!.revenue).toBe(s[5]!.revenue);
    expect(s[5]!.revenue).not.toBe(s[0]!.revenue);
  });

  it("solves to the same answer as a game with a function made for each specialist", () => {
    const polys = [
      { c: 1.5, fixed: 0.01 },
      { c: 1.5, fixed: 0.01 },
      { c: 2, fixed: 0.01 },
      { c: 1.5 },
      { c: 1.5, fixed: 0 },
    ];
    const shared = fineTuningGameFromScenario({
      generalist: { cost: poly(3) },
      specialists: polys.map((p) => ({ cost: poly(p.c, p.fixed) })),
    });
    const own: FineTuningGame = {
      generalist: { cost: polyCost0(3, 2), disagreement: 0 },
      specialists: polys.map((x, i) => ({
        name: `D${i + 1}`,
        cost: polyCost1(x.c, 2, x.fixed ?? 0),
        revenue: linearRevenue(1),
        disagreement: 0,
      })),
    };
    const a = solveFineTuning(shared);
    const b = solveFineTuning(own);
    expect(a.method).toBe(b.method);
    expect(a.pareto).toEqual(b.pareto);
    expect(JSON.stringify(a.solutions)).toBe(JSON.stringify(b.solutions));
    const exprs = [
      { cost: "2*(a-a0)^2", revenue: "2*a" },
      { cost: "2*(a-a0)^2", revenue: "2*a" },
    ];
    const e = fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists: exprs });
    const eOwn: FineTuningGame = {
      generalist: e.generalist,
      specialists: exprs.map((x, i) => ({
        name: `D${i + 1}`,
        cost: specialistCostExpr(x.cost),
        revenue: revenueExpr(x.revenue),
        disagreement: 0,
      })),
    };
    expect(JSON.stringify(solveFineTuning(e).solutions)).toBe(
      JSON.stringify(solveFineTuning(eOwn).solutions),
    );
  });

  it("names the first specialist with a bad function, also when others share it", () => {
    const bad = [{ cost: poly(1) }, { cost: poly(1) }, { cost: "2*(a-a0)^2+b" }, { cost: "2*(a-a0)^2+b" }];
    const e = buildError({ generalist: { cost: "a0^2" }, specialists: bad });
    expect(e.path).toBe("specialists[2].cost");
    const r = buildError({
      generalist: { cost: "a0^2" },
      specialists: [{ cost: poly(1) }, { cost: poly(1), revenue: "a+q" }, { cost: poly(1), revenue: "a+q" }],
    });
    expect(r.path).toBe("specialists[1].revenue");
    const d = buildError({
      generalist: { cost: "a0^2" },
      specialists: [{ cost: poly(1), name: "X" }, { cost: poly(1) }, { cost: poly(1), name: "X" }],
    });
    expect(d.path).toBe("specialists[2].name");
  });
});
