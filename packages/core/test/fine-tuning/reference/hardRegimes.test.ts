/**
 * Acceptance tests for the hard regimes of fine-tuning games: on random scenarios of every class
 * (one and 2–8 specialists, fixed costs, d > 0, binding participation, free-riders and abstainers,
 * wiggly costs), `solveFineTuning` must agree with the slow reference solver — the same Pareto
 * intervals with endpoints within 1e-6 (isolated points as points), each solution's δ within 1e-6,
 * or where the reference finds tied maximisers, the objective within 1e-9 (see ./compare.ts).
 *
 * Deterministic: the scenarios come from a fixed seed, printed in every test name. FTG_LONG=1 runs
 * many more; FTG_SEED=<n> another seed. `npx tsx packages/core/test/fine-tuning/reference/failingCases.ts`
 * writes every failing scenario with the reference's answer to failing-cases.json.
 */
import { describe, expect, it } from "vitest";
import { type FineTuningScenario, fineTuningGameFromScenario, solveFineTuning } from "../../../src/index.js";
import { CLASSES } from "./arbitraries.js";
import { compareWithProduct, DELTA_TOL, merge, referenceFor } from "./compare.js";
import { type ClassName, DEFAULT_SEED, RUNS, scenarios } from "./hardRegimes.js";

const LONG = process.env.FTG_LONG === "1";
const SEED = process.env.FTG_SEED === undefined ? DEFAULT_SEED : Number(process.env.FTG_SEED);

describe(`fine-tuning games agree with the reference solver on random hard scenarios (seed ${SEED})`, () => {
  for (const name of Object.keys(CLASSES) as ClassName[]) {
    const count = LONG ? RUNS[name].long : RUNS[name].short;
    scenarios(name, count, SEED).forEach((sc, i) => {
      it(`${name} #${i}: Pareto set and every solution match the reference`, () => {
        const { discrepancies } = compareWithProduct(sc);
        expect(
          discrepancies,
          `scenario ${JSON.stringify(sc)}\n${JSON.stringify(discrepancies, null, 1)}`,
        ).toEqual([]);
      });
    });
  }
});

/** The same game in other units: every cost, revenue and outside option times λ (utilities × λ). */
function rescaled(sc: FineTuningScenario, lambda: number): FineTuningScenario {
  const cost = (c: { polynomial: { c: number; k: number; fixed?: number | undefined } }) => ({
    polynomial: {
      c: c.polynomial.c * lambda,
      k: c.polynomial.k,
      ...(c.polynomial.fixed === undefined ? {} : { fixed: c.polynomial.fixed * lambda }),
    },
  });
  const g = sc.generalist;
  if (typeof g.cost === "string") throw new Error("rescaled: polynomial scenarios only");
  return {
    generalist: { cost: cost(g.cost), disagreement: (g.disagreement ?? 0) * lambda },
    specialists: sc.specialists.map((s) => {
      if (typeof s.cost === "string" || (s.revenue !== undefined && s.revenue !== "a"))
        throw new Error("rescaled: polynomial scenarios with r(a) = a only");
      return { cost: cost(s.cost), revenue: `${lambda}*a`, disagreement: (s.disagreement ?? 0) * lambda };
    }),
  };
}

describe(`the Pareto set does not depend on the units of utility (seed ${SEED})`, () => {
  // players held at their outside option over a range (binding participation) have utilities that
  // are constant up to round-off: dominance must not be decided by that round-off at any scale
  scenarios("binding participation", 1, SEED).forEach((sc, i) => {
    for (const lambda of [1e-3, 1e3]) {
      it(`binding participation #${i}, utilities × ${lambda}: the reference's Pareto set of the unscaled game`, () => {
        const expected = merge(referenceFor(sc).pareto);
        const got = merge(
          solveFineTuning(fineTuningGameFromScenario(rescaled(sc, lambda)), { certify: false }).pareto,
        );
        const message = `scenario ${JSON.stringify(sc)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`;
        expect(got.length, message).toBe(expected.length);
        got.forEach(([lo, hi], k) => {
          expect(Math.abs(lo - expected[k]![0]), message).toBeLessThanOrEqual(DELTA_TOL);
          expect(Math.abs(hi - expected[k]![1]), message).toBeLessThanOrEqual(DELTA_TOL);
        });
      });
    }
  });
});
