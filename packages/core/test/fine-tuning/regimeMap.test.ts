import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixedVsCoefficient, fixedVsMarginal, regimeMap } from "../../src/index.js";

describe("regime maps (Figure 5)", () => {
  const grid = (n: number, hi: number) => Array.from({ length: n }, (_, i) => (hi * (i + 0.5)) / n);

  it("reproduces Figure 5's quadrants: FCUC × MPI decide, the (*) quadrant is split by optimising", () => {
    const map = regimeMap(fixedVsMarginal({ delta: 0.5, alpha0: 1, xs: grid(12, 1.2), ys: grid(12, 1.2) }));
    expect(map.length).toBe(12);
    expect(map[0]!.length).toBe(12);
    const seen = new Set<string>();
    for (const row of map) {
      for (const c of row) {
        // FCUC ⇔ (1 − δ)α0 > F and MPI ⇔ (1 − δ) > m for this cost family
        expect(c.fcuc).toBe(0.5 * 1 > c.x);
        expect(c.mpi).toBe(0.5 > c.y);
        expect(c.consistent).toBe(true);
        seen.add(`${c.table}/${c.actual}`);
      }
    }
    expect([...seen].sort()).toEqual([
      "abstainer/abstainer",
      "contributor-or-abstainer/abstainer",
      "contributor-or-abstainer/contributor",
      "contributor/contributor",
      "free-rider/free-rider",
    ]);
  });

  it("Table 1 never contradicts the optimised regime for unimodal specialist utilities (Theorem 4.1)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (delta, alpha0, F, c) => {
          const [[cell]] = regimeMap(fixedVsCoefficient({ delta, alpha0, xs: [F], ys: [c] })) as [[never]];
          expect((cell as { consistent: boolean }).consistent).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
