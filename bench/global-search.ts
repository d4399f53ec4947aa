/**
 * How often G's numeric best response misses its global maximum on multimodal utilities, by the
 * size of its initial grid over α0 (which is then subdivided where a cubic model of U_G misfits).
 * φ0 = c·a0² + A·(1 − cos(f·a0)) with f up to 25 makes U_G(α0) wiggle faster than the grid can
 * see; each case is checked against a brute-force search over 4,001 values of α0 ∈ [0, 3].
 * Run: npm run bench -- global-search
 */
import { equilibriumNumeric, fineTuningGameFromScenario, generalistUtilityNumeric } from "@ftg/core";
import fc from "fast-check";

function misses(alpha0Grid: number, maxFreq: number): number {
  let missed = 0;
  fc.assert(
    fc.property(
      fc.double({ min: 0.05, max: 1, noNaN: true }),
      fc.double({ min: 0.05, max: 0.3, noNaN: true }),
      fc.integer({ min: 2, max: maxFreq }),
      fc.double({ min: 0.2, max: 3, noNaN: true }),
      (delta, amp, freq, c) => {
        const game = fineTuningGameFromScenario({
          generalist: { cost: `${c}*a0^2 + ${amp}*(1 - cos(${freq}*a0))` },
          specialists: [{ cost: "(a-a0)^2", revenue: "log(1+a)" }],
        });
        const e = equilibriumNumeric(game, delta, { alpha0Grid });
        let best = Number.NEGATIVE_INFINITY;
        for (let i = 0; i <= 4000; i++) {
          best = Math.max(best, generalistUtilityNumeric(game, (3 * i) / 4000, delta).utility);
        }
        if (e.utilities[0]! < best - 1e-9) missed++;
      },
    ),
    { numRuns: 150, seed: 42 },
  );
  return missed;
}

console.log("G's global search: misses of 150 random wiggly generalist costs (seed 42)");
for (const maxFreq of [25, 10]) {
  for (const grid of [8, 12, 24]) {
    console.log(
      `  wiggle frequency ≤ ${maxFreq}, α0 grid ${String(grid).padStart(2)}: ${misses(grid, maxFreq)} missed`,
    );
  }
}
