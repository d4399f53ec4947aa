import {
  equilibrium,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  solutionEntries,
  solveFineTuning,
} from "@ftg/core";
import { describe, expect, it } from "vitest";
import { curveGrid, curveSamples, fineTuningView, LINES_UP_TO, REGIME_CODES } from "../src/compute.js";
import { crowdFigureData, crowdFigureSpec, SERIES } from "../src/crowdFigure.js";

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
const players = ["G", ...game.specialists.map((s) => s.name)];

describe("the many-specialists figure", () => {
  it("is used above LINES_UP_TO specialists, with samples on the grid of the core's figure", () => {
    expect(game.specialists.length).toBeGreaterThan(LINES_UP_TO);
    const v = fineTuningView(game, 0.5);
    expect(v.figure).toBeNull();
    const s = v.samples!;
    const grid = curveGrid(
      65,
      v.pareto,
      v.solutions.map((x) => x.delta),
    );
    expect(s.delta.length).toBe(grid.length);
    expect(Array.from(s.delta)).toEqual(grid);
    expect(s.utilities.length).toBe(players.length * grid.length);
    expect(s.regimes.length).toBe(game.specialists.length * grid.length);
  });

  it("samples the core's equilibrium utilities and regimes exactly", () => {
    const grid = [0, 0.25, 0.5, 1];
    const s = curveSamples(game, grid);
    grid.forEach((d, j) => {
      const eq = equilibrium(game, d);
      players.forEach((_, p) => {
        expect(s.utilities[p * grid.length + j]).toBe(eq.utilities[p]);
      });
      game.specialists.forEach((_, i) => {
        expect(REGIME_CODES[s.regimes[i * grid.length + j]!]).toBe(
          eq.agreement ? eq.regimes[i] : "no bargain",
        );
      });
    });
  });

  it("bands hold every specialist, the median lies inside the middle half, and regimes count every specialist", () => {
    const grid = curveGrid(17, [], []);
    const samples = curveSamples(game, grid);
    const d = crowdFigureData({ players, samples, pareto: [], marks: [], highlight: "D3" });
    expect(d.generalist.length).toBe(grid.length);
    expect(d.bands.length).toBe(2 * grid.length);
    expect(d.lines.length).toBe(2 * grid.length);
    expect(d.regimes.length).toBeGreaterThan(0);
    grid.forEach((delta, j) => {
      const us = game.specialists.map((_, i) => samples.utilities[(i + 1) * grid.length + j]!);
      const range = d.bands.find((r) => r["delta"] === delta && r["series"] === SERIES.range)!;
      const middle = d.bands.find((r) => r["delta"] === delta && r["series"] === SERIES.middle)!;
      const median = d.lines.find((r) => r["delta"] === delta && r["series"] === SERIES.median)!;
      expect(range["lo"]).toBe(Math.min(...us));
      expect(range["hi"]).toBe(Math.max(...us));
      expect(middle["lo"] as number).toBeGreaterThanOrEqual(range["lo"] as number);
      expect(middle["hi"] as number).toBeLessThanOrEqual(range["hi"] as number);
      expect(median["utility"] as number).toBeGreaterThanOrEqual(middle["lo"] as number);
      expect(median["utility"] as number).toBeLessThanOrEqual(middle["hi"] as number);
      const highlighted = d.lines.find((r) => r["delta"] === delta && r["series"] === "D3")!;
      expect(highlighted["utility"]).toBe(us[2]);
      if (j === grid.length - 1) return;
      // the regime counts drawn from this δ to the next are the sampled ones
      const here = d.regimes.filter((r) => (r["from"] as number) <= delta && delta < (r["to"] as number));
      expect(here.reduce((a, r) => a + (r["count"] as number), 0)).toBe(game.specialists.length);
      for (const r of here) {
        const sampled = game.specialists.filter(
          (_, i) => REGIME_CODES[samples.regimes[i * grid.length + j]!] === r["regime"],
        ).length;
        expect(r["count"]).toBe(sampled);
        expect((r["hi"] as number) - (r["lo"] as number)).toBe(sampled);
      }
    });
  });

  it("marks every solution exactly on G's and the highlighted specialist's curves, and the Pareto set as solved", () => {
    const r = solveFineTuning(game);
    const marks = solutionEntries(r.solutions).flatMap(([id, s]) =>
      s.delta === null ? [] : [{ solution: id, delta: s.delta, utilities: s.utilities }],
    );
    const samples = curveSamples(
      game,
      curveGrid(
        33,
        r.pareto,
        marks.map((m) => m.delta),
      ),
    );
    const d = crowdFigureData({ players, samples, pareto: r.pareto, marks, highlight: "D2" });
    expect(d.pareto).toEqual(r.pareto.map(([from, to]) => ({ from, to })));
    expect(d.rules.length).toBe(marks.length);
    expect(d.generalistPoints.length).toBe(marks.length);
    expect(d.points.length).toBe(marks.length);
    for (const m of marks) {
      expect(d.generalistPoints.find((p) => p["solution"] === m.solution)!["utility"]).toBe(m.utilities["G"]);
      expect(d.points.find((p) => p["solution"] === m.solution)!["utility"]).toBe(m.utilities["D2"]);
      // the sampled curves pass through the marks
      const j = Array.from(samples.delta).indexOf(m.delta);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(d.generalist[j]!["utility"]).toBeCloseTo(m.utilities["G"]!, 12);
    }
    const spec = crowdFigureSpec(d, { highlight: "D2", solutions: marks.map((m) => m.solution) });
    expect((spec["vconcat"] as unknown[]).length).toBe(3);
  });
});
