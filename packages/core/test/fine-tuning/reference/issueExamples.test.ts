/**
 * The worked examples of the hard regimes (wrong answers reported against the fine-tuning solver),
 * each checked first against the reference solver — which decides where a stated answer and the
 * reference disagree, with the evidence in a test — and then against the product.
 */
import { describe, expect, it } from "vitest";
import {
  equilibrium,
  type FineTuningScenario,
  fineTuningGameFromScenario,
  solveFineTuning,
} from "../../../src/index.js";
import { referenceEquilibrium, referenceGame } from "./bruteForce.js";
import { compareWithProduct, DELTA_TOL, merge, referenceFor } from "./compare.js";

const poly = (c: number, k: number, fixed?: number) => ({
  polynomial: fixed === undefined ? { c, k } : { c, k, fixed },
});

const EXAMPLES: Record<string, FineTuningScenario> = {
  edgeMaximum: {
    generalist: { cost: poly(1.008, 3.245) },
    specialists: [{ cost: poly(0.499, 2.748), disagreement: 0.006 }],
  },
  fourSpecialists: {
    generalist: { cost: poly(1.062, 2) },
    specialists: [
      { cost: poly(1.424, 2, 0.276) },
      { cost: poly(2.201, 2, 0.231) },
      { cost: poly(1.926, 2, 0.35) },
      { cost: poly(0.477, 2, 0.214) },
    ],
  },
  gap: {
    generalist: { cost: poly(1.421, 2) },
    specialists: [
      { cost: poly(1.663, 2), disagreement: 0.221 },
      { cost: poly(1.227, 2), disagreement: 0.108 },
    ],
  },
  wiggly: {
    generalist: { cost: "0.753*a0^2 + 0.0121*(1-cos(25*a0))" },
    specialists: [{ cost: "1.401*(a-a0)^2", revenue: "2.844*log(1+a)" }],
  },
};

/** The product agrees with the reference on every Pareto endpoint and solution. */
function expectProductMatchesReference(
  name: keyof typeof EXAMPLES,
  reference = referenceFor(EXAMPLES[name]!),
) {
  const { discrepancies } = compareWithProduct(EXAMPLES[name]!, { reference });
  expect(discrepancies, JSON.stringify(discrepancies, null, 1)).toEqual([]);
}

describe("a maximum at the edge of the agreement set (G over-invests until D's constraint binds)", () => {
  const ref = referenceFor(EXAMPLES.edgeMaximum!);
  it("reference: max-performance at δ ≈ 0.99423399 with revenue ≈ 1.05649", () => {
    const s = ref.solutions["max-performance"]!;
    expect(Math.abs(s.delta! - 0.99423399)).toBeLessThan(1e-8);
    expect(Math.abs(s.value - 1.05649)).toBeLessThan(5e-6);
  });
  it("the product finds the same maximum and agrees on everything else", () => {
    expectProductMatchesReference("edgeMaximum", ref);
  });
});

describe("a window of dominators narrower than the grid (four specialists with fixed costs)", () => {
  const ref = referenceFor(EXAMPLES.fourSpecialists!);
  const game = fineTuningGameFromScenario(EXAMPLES.fourSpecialists!);
  it("reference: the Pareto set ends at 0.8425250, below the 0.8426029 stated with the example", () => {
    const p = merge(ref.pareto);
    expect(Math.abs(p[p.length - 1]![1] - 0.842525036)).toBeLessThan(1e-8);
  });
  it("evidence: δ = 0.84256 (inside [.., 0.8426029]) is dominated by δ = 0.7603655, in the reference's and the product's own equilibria", () => {
    const g = referenceGame(EXAMPLES.fourSpecialists!);
    const [x, w] = [referenceEquilibrium(g, 0.84256), referenceEquilibrium(g, 0.7603655)];
    const [px, pw] = [equilibrium(game, 0.84256), equilibrium(game, 0.7603655)];
    for (let p = 0; p < 5; p++) {
      // every player gains at least 6.9e-5 (G's margin is the smallest)
      expect(w.u[p]! - x.u[p]!).toBeGreaterThan(6.9e-5);
      expect(pw.utilities[p]! - px.utilities[p]!).toBeGreaterThan(6.9e-5);
    }
  });
  it("the product's Pareto set and solutions match the reference", () => {
    expectProductMatchesReference("fourSpecialists", ref);
  });
});

describe("a gap between two Pareto intervals (two specialists with d > 0)", () => {
  const ref = referenceFor(EXAMPLES.gap!);
  it("reference: [0.0192855, 0.2939771] ∪ [0.2962432, 0.6765332]", () => {
    const p = merge(ref.pareto);
    expect(p.length).toBe(2);
    const stated = [
      [0.0192855, 0.2939771],
      [0.2962432, 0.6765332],
    ];
    p.forEach(([lo, hi], i) => {
      expect(Math.abs(lo - stated[i]![0]!)).toBeLessThan(1e-7);
      expect(Math.abs(hi - stated[i]![1]!)).toBeLessThan(1e-7);
    });
  });
  it("the product finds the gap and agrees on every solution", () => {
    expectProductMatchesReference("gap", ref);
  });
});

describe("a generalist cost with wiggles finer than a coarse α0 grid", () => {
  const ref = referenceFor(EXAMPLES.wiggly!);
  it("reference: Nash at δ ≈ 0.66584", () => {
    expect(Math.abs(ref.solutions.nash!.delta! - 0.66584)).toBeLessThan(5e-6);
  });
  it("the product's Nash δ and every other answer match the reference", () => {
    expectProductMatchesReference("wiggly", ref);
  });
});

describe("G's polynomial fixed cost counts, as the same cost written as an expression does", () => {
  const D = { cost: poly(0.5, 2) };
  for (const fixed of [0.5, 0.05]) {
    const asPolynomial: FineTuningScenario = { generalist: { cost: poly(1, 2, fixed) }, specialists: [D] };
    const asExpression: FineTuningScenario = { generalist: { cost: `${fixed} + a0^2` }, specialists: [D] };
    const ref = referenceFor(asPolynomial);
    it(`reference (fixed ${fixed}): ${fixed === 0.5 ? "G stays out at every δ" : "G enters, and pays it"}`, () => {
      expect(ref.status).toBe(fixed === 0.5 ? "disagreement" : "agreement");
      const viaExpression = referenceFor(asExpression);
      expect(merge(viaExpression.pareto).length).toBe(merge(ref.pareto).length);
      merge(ref.pareto).forEach(([lo, hi], i) => {
        // (the expression takes the numeric path: a flat maximum is located to ~1e-8 from values)
        expect(Math.abs(lo - merge(viaExpression.pareto)[i]![0])).toBeLessThan(1e-7);
        expect(Math.abs(hi - merge(viaExpression.pareto)[i]![1])).toBeLessThan(1e-7);
      });
    });
    it(`the product gives {"polynomial":{"c":1,"k":2,"fixed":${fixed}}} the answer of "${fixed} + a0^2"`, () => {
      const a = solveFineTuning(fineTuningGameFromScenario(asPolynomial), { certify: false });
      const b = solveFineTuning(fineTuningGameFromScenario(asExpression), { certify: false });
      expect(merge(a.pareto).length).toBe(merge(b.pareto).length);
      merge(a.pareto).forEach(([lo, hi], i) => {
        expect(Math.abs(lo - merge(b.pareto)[i]![0])).toBeLessThan(DELTA_TOL);
        expect(Math.abs(hi - merge(b.pareto)[i]![1])).toBeLessThan(DELTA_TOL);
      });
      const { discrepancies } = compareWithProduct(asPolynomial, { reference: ref });
      expect(discrepancies, JSON.stringify(discrepancies, null, 1)).toEqual([]);
    });
  }
});
