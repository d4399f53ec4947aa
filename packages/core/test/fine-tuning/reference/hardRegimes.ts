/**
 * The random scenarios of the hard-regimes acceptance tests: per class, how many (a short run by
 * default, a long one with FTG_LONG=1) and the seed (FTG_SEED, default {@link DEFAULT_SEED}).
 */
import fc from "fast-check";
import type { FineTuningScenario } from "../../../src/index.js";
import { CLASSES } from "./arbitraries.js";

export const DEFAULT_SEED = 20261206;

export type ClassName = keyof typeof CLASSES;

/** Scenarios per class in `npm test` (kept under ~60 s on two cores) and in a long run. */
export const RUNS: Readonly<Record<ClassName, { readonly short: number; readonly long: number }>> = {
  "one specialist": { short: 5, long: 60 },
  "2–8 specialists": { short: 3, long: 30 },
  "binding participation": { short: 3, long: 30 },
  "free-riders and abstainers": { short: 1, long: 10 },
  "wiggly costs": { short: 1, long: 10 },
  "wiggly specialists' costs": { short: 2, long: 20 },
};

/** The first `count` scenarios of a class for a seed (a longer run extends a shorter one). */
export function scenarios(name: ClassName, count: number, seed: number): FineTuningScenario[] {
  return fc.sample(CLASSES[name], { numRuns: count, seed });
}
