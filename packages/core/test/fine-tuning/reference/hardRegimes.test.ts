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
import { CLASSES } from "./arbitraries.js";
import { compareWithProduct } from "./compare.js";
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
