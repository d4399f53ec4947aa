/**
 * The explorer's side of the many-specialists figure: above the core's threshold the page gets the
 * sampled curves (typed arrays) on the core's grid instead of the per-player figure's rows. The
 * figure itself (rows and specification) is the core's and tested there:
 * packages/core/test/plots/crowdCurves.test.ts.
 */
import {
  CROWD_POINTS,
  curveGrid,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  SPECIALIST_LINES_UP_TO,
} from "@ftg/core";
import { describe, expect, it } from "vitest";
import { fineTuningView } from "../src/compute.js";

/** Twelve specialists of mixed costs and revenues; the last one, with a fixed cost, abstains near δ = 0 and 1. */
const game = fineTuningGameFromScenario(
  fineTuningScenarioSchema.parse({
    generalist: { cost: { polynomial: { c: 1, k: 2 } } },
    specialists: Array.from({ length: 12 }, (_, i) => ({
      name: `D${i + 1}`,
      cost: { polynomial: { c: 0.5 + (i % 4) * 0.5, k: 2 + (i % 3) * 0.5, fixed: i === 11 ? 1.5 : 0 } },
      revenue: `${1 + (i % 2) * 0.5}*a`,
    })),
  }),
);

describe("the explorer's many-specialists view", () => {
  it("is used above SPECIALIST_LINES_UP_TO specialists, with samples on the core figure's grid", () => {
    expect(game.specialists.length).toBeGreaterThan(SPECIALIST_LINES_UP_TO);
    const v = fineTuningView(game, 0.5);
    expect(v.figure).toBeNull();
    const s = v.samples!;
    const grid = curveGrid(
      CROWD_POINTS,
      v.pareto,
      v.solutions.map((x) => x.delta),
    );
    expect(s.delta.length).toBe(grid.length);
    expect(Array.from(s.delta)).toEqual(grid);
    expect(s.utilities.length).toBe(v.players.length * grid.length);
    expect(s.regimes.length).toBe(game.specialists.length * grid.length);
  });

  it("keeps the per-player figure up to SPECIALIST_LINES_UP_TO specialists", () => {
    const nine = fineTuningGameFromScenario(
      fineTuningScenarioSchema.parse({
        generalist: { cost: { polynomial: { c: 1, k: 2 } } },
        specialists: Array.from({ length: SPECIALIST_LINES_UP_TO }, () => ({
          cost: { polynomial: { c: 2, k: 2 } },
        })),
      }),
    );
    const v = fineTuningView(nine, 0.5);
    expect(v.samples).toBeNull();
    expect(v.figure!.players.length).toBe(SPECIALIST_LINES_UP_TO + 1);
  });
});
