import { describe, expect, it } from "vitest";
import { nashObjective } from "../../src/bargaining/objectives.js";
import { solveBargaining } from "../../src/bargaining/solve.js";
import { rng } from "../seeded.js";

describe("Nash objective with many parties (running products)", () => {
  it("equals the sum of the logs of the gains, with gains from 1e-250 to 1e250, and the count form", () => {
    const rand = rng(5);
    for (let trial = 0; trial < 200; trial++) {
      const m = 65 + Math.floor(rand() * 3000);
      const u = new Float64Array(m);
      const d = new Float64Array(m);
      const wide = trial % 3 === 0;
      for (let p = 0; p < m; p++) {
        d[p] = rand() - 0.5;
        const g = wide ? 10 ** (500 * rand() - 250) : rand();
        u[p] = d[p]! + (trial % 5 === 0 && p % 17 === 0 ? -g : g);
      }
      const parties = Array.from({ length: m }, (_, p) => p);
      let count = 0;
      let sum = 0;
      let negative = false;
      for (const p of parties) {
        const g = u[p]! - d[p]!;
        if (g > 0) {
          count++;
          sum += Math.log(g);
        } else negative = true;
      }
      const all = nashObjective(parties, d, true)(u, 0);
      const some = nashObjective(parties, d, false)(u, 0);
      if (negative) expect(all).toBe(Number.NEGATIVE_INFINITY);
      else expect(Math.abs(all - sum)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(sum)));
      // (count − parties)·1e9 + Σ log: the count's offset is relative to the top count (here all)
      const want = (count - parties.length) * 1e9 + sum;
      expect(Math.abs(some - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
    }
  });
});

describe("Nash when no bargain gives every party a gain (count first, then the product)", () => {
  it("ties on the product, not on the count's scale: the maximiser, not the smallest δ of the count", () => {
    // G gains δ, A 1 − δ, B 0.01 only at δ = 1: two gainers at every δ of (0, 1], none with all
    // three; the product δ·(1 − δ) peaks at 1/2. A band relative to the whole value (2·1e9 + log)
    // tied every δ of (0.04, 0.96) and reported the smallest.
    const r = solveBargaining({
      players: ["G", "A", "B"],
      disagreement: [0, 0, 0],
      evaluate: (d) => ({ agreement: true, utilities: [d, 1 - d, d === 1 ? 0.01 : 0], revenue: 1 }),
    });
    expect(r.parties).toEqual(["G", "A", "B"]);
    expect(r.solutions.nash.delta!).toBeCloseTo(0.5, 6);
    expect(r.solutions.nash.ties).toEqual([]);
  });
});
