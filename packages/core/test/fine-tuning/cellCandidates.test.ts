import { describe, expect, it } from "vitest";
import { structureHolds } from "../../src/fine-tuning/cellStructure.js";
import type { FineTuningGame } from "../../src/fine-tuning/model.js";
import {
  fineTuningGameFromScenario,
  linearRevenue,
  polyCost0,
  polyCost1,
  solveFineTuning,
} from "../../src/index.js";
import { rng } from "../seeded.js";
import { randomPolynomialGame } from "./randomGames.js";
import { at, end, sameInside, windowsOf } from "./structureHelpers.js";

const secondOnly = { firstOrder: false } as const;

/** δ where the structure changes between neighbouring samples of [0, 1), located to 1e-13. */
function changes(game: FineTuningGame, samples: number): number[] {
  const out: number[] = [];
  let prev = at(game, 0);
  for (let q = 1; q < samples; q++) {
    const e = at(game, q / samples);
    if (e.signature !== prev.signature && e.agreement && prev.agreement) {
      let lo = prev.delta;
      let hi = e.delta;
      while (hi - lo > 1e-13) {
        const mid = 0.5 * (lo + hi);
        if (at(game, mid).signature === prev.signature) lo = mid;
        else hi = mid;
      }
      out.push(lo);
    }
    prev = e;
  }
  return out;
}

describe("second-order proofs over the region the first-order bounds leave (fine-tuning/cellCandidates.ts)", () => {
  it("alone, hold only where the structure is the same at every δ inside (random games, dense checks)", () => {
    const r = rng(5150);
    let proven = 0;
    let tried = 0;
    for (let trial = 0; trial < 30; trial++) {
      const game = randomPolynomialGame(10 + Math.floor(r() * 120), 6000 + trial, { extras: true });
      const lo = r() * 0.9;
      const width = 10 ** (-1 - 4 * r());
      let prev = at(game, lo);
      for (let q = 1; q <= 12; q++) {
        const e = at(game, Math.min(1 - 1e-9, lo + (width * q) / 12));
        if (e.signature === prev.signature) {
          tried++;
          if (structureHolds(game, prev.delta, e.delta, end(prev), end(e), secondOnly)) {
            proven++;
            expect(sameInside(game, prev.delta, e.delta, r)).toBe(true);
          }
        }
        prev = e;
      }
    }
    expect(tried).toBeGreaterThan(200);
    // the second order alone covers every α0, far from the path too
    expect(proven).toBeGreaterThan(tried / 3);
  });

  it("alone, never hold across a window of another structure", () => {
    const r = rng(991);
    let windows = 0;
    for (let trial = 0; trial < 60 && windows < 16; trial++) {
      const game = randomPolynomialGame(30 + Math.floor(r() * 150), 8000 + trial, { extras: true });
      for (const [a, b] of windowsOf(game, 400)) {
        windows++;
        const [ea, eb] = [end(at(game, a)), end(at(game, b))];
        expect(structureHolds(game, a, b, ea, eb, secondOnly)).toBe(false);
        expect(structureHolds(game, a, b, ea, eb)).toBe(false);
      }
    }
    expect(windows).toBeGreaterThan(3);
  });

  it("next to a change of structure, prove cells as wide as their distance to it, where the first order needs far narrower", () => {
    const r = rng(31);
    let firstOrder = 0;
    let both = 0;
    let cells = 0;
    for (let trial = 0; trial < 8; trial++) {
      const game = randomPolynomialGame(60 + Math.floor(r() * 100), 9100 + trial, { extras: true });
      for (const c of changes(game, 300).slice(0, 4)) {
        // cells [c ± d, c ± 2d] on either side, d from 1e-7 to 1e-3 (closer, where G's interior
        // maximum and a threshold are a rounding apart, the pointwise reference flips between
        // them by rounding: the solver leaves 100 δ tolerances there to the proofs' resolution)
        for (let e = 7; e >= 3; e--) {
          for (const side of [-1, 1]) {
            const d = 10 ** -e;
            const a = side < 0 ? c - 2 * d : c + d + 1e-13;
            const b = side < 0 ? c - d : c + 2 * d;
            if (!(a > 0 && b < 1)) continue;
            const [ea, eb] = [at(game, a), at(game, b)];
            if (ea.signature !== eb.signature) continue;
            cells++;
            const proven = structureHolds(game, a, b, end(ea), end(eb));
            if (proven) {
              both++;
              expect(sameInside(game, a, b, r)).toBe(true);
            }
            // the first order alone: the same proof with the second-order fallback's region empty
            if (proven && structureHolds(game, a, b, end(ea), end(eb), { secondOrder: false })) firstOrder++;
          }
        }
      }
    }
    expect(cells).toBeGreaterThan(40);
    // most cells next to a change are proven, and the second order proves many the first cannot
    expect(both).toBeGreaterThan(cells * 0.9);
    expect(both - firstOrder).toBeGreaterThan(cells * 0.1);
  });

  it("with a direct channel whose threshold sits near G's investment, hold only where the structure is the same inside", () => {
    // G keeps the channel's profit, negative below its threshold: the proof must not count it there
    const r = rng(4242);
    let proven = 0;
    for (let trial = 0; trial < 30; trial++) {
      const base = randomPolynomialGame(10 + Math.floor(r() * 80), 12_000 + trial, { ks: [2, 3] });
      const mid = at(base, 0.2 + 0.6 * r());
      if (!mid.agreement || mid.alpha0 === null) continue;
      // threshold t_D = F/s − x·(1 − 1/k) with x = s/(k·c), near G's investment
      const [s, c] = [0.3 + r(), 1 + r()];
      const F = Math.max(0, s * (mid.alpha0 * (0.8 + 0.4 * r()) + s / (4 * c)));
      const game: FineTuningGame = {
        ...base,
        generalist: { ...base.generalist, direct: { cost: polyCost1(c, 2, F), revenue: linearRevenue(s) } },
      };
      const grid = Array.from({ length: 121 }, (_, q) => at(game, q / 120));
      for (let q = 1; q < grid.length; q++) {
        const [a, b] = [grid[q - 1]!, grid[q]!];
        if (a.signature !== b.signature) continue;
        for (const options of [{}, secondOnly]) {
          if (!structureHolds(game, a.delta, b.delta, end(a), end(b), options)) continue;
          proven++;
          expect(sameInside(game, a.delta, b.delta, r)).toBe(true);
        }
      }
    }
    expect(proven).toBeGreaterThan(500);
  });

  it("prove cells where a specialist's parameters are another's to rounding, G at their threshold", () => {
    // specialists i and i + 1000 have c = 0.5 + ((i·0.618) mod 2) equal to a few ulps: their
    // thresholds agree to their rounding, so neither side of the other can be told; before, every
    // cell failed at every width and the halvings doubled each pass
    const n = 3000;
    const game = fineTuningGameFromScenario({
      model: "fine-tuning",
      generalist: { cost: { polynomial: { c: n, k: 2 } } },
      specialists: Array.from({ length: n }, (_, i) => ({
        name: `s${i + 1}`,
        cost: { polynomial: { c: 0.5 + ((i * 0.618) % 2), k: 2, fixed: 0.01 * (i % 5) } },
        revenue: "a",
      })),
    });
    const r = solveFineTuning(game);
    expect(r.certificate.bargaining!.unprovenCells).toBe(0);
    expect(r.certificate.certified).toBe(true);
  });

  it("beyond 100,000 specialists, hold where G's gaps are smaller than the rounding of plain sums over every item", () => {
    // the benchmark's scaling game at 200,000 specialists, next to G's favourite share, where G
    // switches the specialist it invests to every ~1e-5 of δ: G's gap between its path and the
    // competing thresholds, ~1e-7 to 1e-4 here, is below 8·n ulps of its utility (~8e-5), which
    // plain sums over n items would have to allow; compensated sums round to a few ulps whatever n
    const n = 200_000;
    const revenue = linearRevenue(1);
    const game: FineTuningGame = {
      generalist: { cost: polyCost0(n, 2), disagreement: 0 },
      specialists: Array.from({ length: n }, (_, i) => ({
        name: `D${i + 1}`,
        cost: polyCost1(0.5 + 2 * ((i * 0.6180339887498949) % 1), 2, 0.05 * ((i * 0.7548776662466927) % 1)),
        revenue,
        disagreement: 0,
      })),
    };
    const [lo, hi] = [0.892668, 0.892672];
    const [a, b] = [at(game, lo), at(game, hi)];
    expect(a.signature).toBe(b.signature);
    expect(a.choice).toBe("threshold");
    expect(structureHolds(game, lo, hi, end(a), end(b))).toBe(true);
    expect(sameInside(game, lo, hi, rng(200))).toBe(true);
  });
});
