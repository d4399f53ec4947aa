/**
 * How often G's numeric best response misses its global maximum on multimodal utilities, by the
 * size of its initial grid over α0 (which is then subdivided where a cubic model of U_G misfits).
 * φ0 = c·a0² + A·(1 − cos(f·a0)) with f up to 25 makes U_G(α0) wiggle faster than the grid can
 * see; each case is checked against a brute-force search over 4,001 values of α0 ∈ [0, 3]. A
 * second family puts a small wiggle (A ≤ 0.01) on the steep trend of three linear-revenue
 * specialists and sweeps δ: a cubic model of a cell then fits the trend and passes over the wiggle,
 * and near the δ where two maxima tie the other one can be the better (checked over 4,001 values of
 * α0 ∈ [0, 4]).
 * Run: npm run bench -- global-search
 */
import { equilibriumNumeric, fineTuningGameFromScenario, generalistUtilityNumeric } from "@ftg/core";
import fc from "fast-check";

/** Misses over δ sweeps of games with a small wiggle on a steep trend (three linear revenues). */
function smallWiggleMisses(games: number, deltas: number): number {
  let missed = 0;
  fc.assert(
    fc.property(
      fc.double({ min: 0.002, max: 0.01, noNaN: true }),
      fc.double({ min: 10, max: 25, noNaN: true }),
      fc.double({ min: 0.6, max: 1.5, noNaN: true }),
      fc.array(fc.double({ min: 0.4, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
      (amp, freq, c, ks) => {
        const game = fineTuningGameFromScenario({
          generalist: { cost: `${c}*a0^2 + ${amp}*sin(${freq}*a0)` },
          specialists: ks.map((k) => ({ cost: `${k}*(a-a0)^2`, revenue: "a" })),
        });
        for (let j = 0; j < deltas; j++) {
          const delta = 0.5 + (0.45 * j) / deltas;
          const e = equilibriumNumeric(game, delta);
          let best = Number.NEGATIVE_INFINITY;
          for (let i = 0; i <= 4000; i++) {
            best = Math.max(best, generalistUtilityNumeric(game, (4 * i) / 4000, delta).utility);
          }
          // the brute force's own error is ~4e-7 (step 1e-3, curvature ~3)
          if (e.utilities[0]! < best - 1e-6) missed++;
        }
      },
    ),
    { numRuns: games, seed: 42 },
  );
  return missed;
}

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
console.log(
  `G's global search: misses over 10 games × 100 δ ∈ [0.5, 0.95], a small wiggle (A ≤ 0.01) on a steep trend (seed 42): ${smallWiggleMisses(10, 100)} missed`,
);
