import { describe, expect, it } from "vitest";
import { switchPenalty, switchRange } from "../../src/openness/bargainedCells.js";
import { opennessEquilibriumWith, ReleaseCache } from "../../src/openness/equilibrium.js";
import { evenGrid, RELEASE_DECISIONS, regulatoryLandscape } from "../../src/openness/landscape.js";
import type { OpennessModel } from "../../src/openness/model.js";
import { progressiveLandscape } from "../../src/openness/progressiveLandscape.js";

const opts = { certify: false, bargaining: { gridSize: 32 } } as const;

describe("bargaining-mode landscape with shared cells", () => {
  for (const [alpha0, solution] of [
    [0.1, "nash"],
    [0.9, "nash"],
    [0.9, "egalitarian"],
  ] as const) {
    it(`gives every cell the bargain solved on its own (α0 = ${alpha0}, ${solution})`, () => {
      const model: OpennessModel = { alpha0, delta: { bargaining: solution } };
      const thetas = evenGrid(0, 1, 7);
      const penalties = evenGrid(0, 0.5, 7);
      const l = regulatoryLandscape(model, thetas, penalties, { certify: false });
      const cache = new ReleaseCache(model);
      expect(l.delta).toHaveLength(49);
      for (let i = 0; i < 7; i++) {
        for (let j = 0; j < 7; j++) {
          // the reference: the generic solver at its default δ grid (256 intervals)
          const e = opennessEquilibriumWith(cache, thetas[i]!, penalties[j]!, solution, {
            certify: false,
          }).eq;
          const k = i * 7 + j;
          expect(RELEASE_DECISIONS[l.decision[k]!]).toBe(e.decision);
          // structured cells and the generic solver locate the same optimum; a flat one only to
          // the round-off of the objective (δ to ~1e-4, utilities to ~1e-5)
          expect(l.uG[k]).toBeCloseTo(e.utilities.G, 4);
          expect(l.uD[k]).toBeCloseTo(e.utilities.D, 4);
          if (e.delta === null) expect(l.delta[k]).toBeNaN();
          else expect(l.delta[k]).toBeCloseTo(e.delta, 3);
        }
      }
      expect(l.bargainsSolved).toBeGreaterThan(0);
    });
  }

  it("locates the bargained indifference penalty between grid penalties, where the decision switches", () => {
    const model: OpennessModel = { alpha0: 0.9, delta: { bargaining: "nash" } };
    const penalties = evenGrid(0, 0.5, 6);
    const l = regulatoryLandscape(model, [0.6], penalties, opts);
    const p = l.indifference[0];
    expect(p).not.toBeNull();
    expect(penalties).not.toContain(p);
    const cache = new ReleaseCache(model);
    // the reference at the generic solver's default δ grid: its 32-interval grid misses the
    // ignoring peak between samples here (a Nash product 2e-5 lower), the structured cell does not
    const at = (q: number) =>
      opennessEquilibriumWith(cache, 0.6, q, "nash", { certify: false, bargaining: { powerful: [] } }).eq
        .decision;
    expect(at(p!)).toBe("comply");
    expect(at(p! - 0.1 / 1024)).not.toBe("comply"); // one bracket width below (grid step 0.1)
  });

  it("the switch range bounds every δ's switch penalty", () => {
    const cache = new ReleaseCache({ alpha0: 0.9, delta: { bargaining: "nash" } });
    const r = switchRange(cache, 0.7);
    expect(r.low).toBeGreaterThanOrEqual(0);
    for (const d of evenGrid(0, 1, 101)) {
      const p = switchPenalty(cache, 0.7, d);
      expect(p).toBeGreaterThanOrEqual(r.low - 1e-9);
      expect(p).toBeLessThanOrEqual(r.high + 1e-9);
    }
  });
});

describe("progressive landscape", () => {
  it("yields the rectangle at each size in turn, each level equal to a landscape computed alone", () => {
    const model: OpennessModel = { alpha0: 0.9, delta: { bargaining: "nash" } };
    const levels = [...progressiveLandscape(model, [0, 1], [0, 0.5], { ...opts, sizes: [3, 5] })];
    expect(levels).toHaveLength(2);
    expect(levels[0]!.thetas).toEqual([0, 0.5, 1]);
    expect(levels[1]!.penalties).toHaveLength(5);
    const alone = regulatoryLandscape(model, evenGrid(0, 1, 5), evenGrid(0, 0.5, 5), opts);
    expect(Array.from(levels[1]!.region)).toEqual(Array.from(alone.region));
    expect(Array.from(levels[1]!.uG)).toEqual(Array.from(alone.uG));
  });
});
