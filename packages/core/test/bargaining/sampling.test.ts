import { describe, expect, it } from "vitest";
import type { BargainOutcome } from "../../src/bargaining/problem.js";
import { Sampler } from "../../src/bargaining/sampling.js";

describe("the sampler's utility vectors", () => {
  it("keeps no vector of a bargain another sample dominates over the decisive players, and rebuilds the same numbers when it is read", () => {
    // six players, two decisive (0 and 1): player 0 gains up to δ = 0.5 and loses after, player 1
    // loses throughout; every δ > 0.5 is dominated by δ = 0.5, every δ < 0.5 by none of the others
    const m = 6;
    const utilities = (d: number): Float64Array =>
      Float64Array.from({ length: m }, (_, i) => (i === 0 ? 1 - (d - 0.5) ** 2 : i === 1 ? 1 - d : d * i));
    let rebuilds = 0;
    const problem = {
      players: Array.from({ length: m }, (_, i) => `P${i}`),
      disagreement: new Float64Array(m),
      decisive: [0, 1],
      evaluate: (d: number): BargainOutcome => ({
        agreement: true,
        utilities: utilities(d),
        revenue: d,
        rebuildUtilities: (into?: Float64Array) => {
          rebuilds++;
          const u = utilities(d);
          if (into === undefined) return u;
          into.set(u);
          return into;
        },
      }),
    };
    const sampler = new Sampler(problem);
    for (const d of [0.1, 0.3, 0.5]) sampler.at(d);
    // more dominated samples than the vectors rebuilt lately are kept
    const later = [0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99, 1];
    for (const d of later) sampler.at(d);
    expect(rebuilds).toBe(0);
    // the samples on the front read their own vectors; the dominated ones rebuild theirs
    for (const d of [0.1, 0.3, 0.5]) expect(Array.from(sampler.at(d).u)).toEqual(Array.from(utilities(d)));
    expect(rebuilds).toBe(0);
    for (const d of later) expect(Array.from(sampler.at(d).u)).toEqual(Array.from(utilities(d)));
    expect(rebuilds).toBeGreaterThan(0);
    // and their decisive utilities are kept whatever happens to the vector
    for (const d of later) expect(Array.from(sampler.at(d).dom)).toEqual([1 - (d - 0.5) ** 2, 1 - d]);
  });
});
