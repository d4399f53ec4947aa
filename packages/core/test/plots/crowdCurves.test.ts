/**
 * The many-specialists figure: its samples are the core's equilibria, its bands hold every
 * specialist, its regime counts and marks are the core's, and the high-level builder agrees with
 * the one from samples.
 */
import { describe, expect, it } from "vitest";
import {
  CROWD_POINTS,
  crowdCurvesData,
  crowdCurvesDataFromSamples,
  crowdCurvesSpec,
  crowdMarks,
  crowdSamples,
  curveGrid,
  curveSamples,
  equilibrium,
  SPECIALIST_LINES_UP_TO,
  solutionEntries,
  solveFineTuning,
} from "../../src/index.js";
import { CROWD_OTHER_POWERFUL, CROWD_SERIES, REGIME_CODES } from "../../src/plots/crowdCurves.js";
import { REGIME_COLORS } from "../../src/plots/utilityCurves.js";
import { twelveSpecialists } from "../fine-tuning/games.js";

/** Twelve specialists of mixed costs and revenues; the last one, with a fixed cost, abstains near δ = 0 and 1. */
const game = twelveSpecialists();
const players = ["G", ...game.specialists.map((s) => s.name)];
const result = solveFineTuning(game, { certify: false });
const marks = solutionEntries(result.solutions).flatMap(([id, s]) =>
  s.delta === null ? [] : [{ solution: id, delta: s.delta, utilities: s.utilities }],
);

describe("the many-specialists figure (crowdCurves)", () => {
  it("is the figure above nine specialists, one per category10 colour besides G's", () => {
    expect(SPECIALIST_LINES_UP_TO).toBe(9);
    expect(game.specialists.length).toBeGreaterThan(SPECIALIST_LINES_UP_TO);
    expect(REGIME_CODES).toEqual(Object.keys(REGIME_COLORS));
  });

  it("samples on an even grid plus the Pareto endpoints and the solutions' δ, increasing, without repeats", () => {
    const grid = curveGrid(5, [[0.1, 0.5]], [0.3, null, 0.5]);
    expect(grid).toEqual([0, 0.1, 0.25, 0.3, 0.5, 0.75, 1]);
  });

  it("samples the core's equilibrium utilities and regimes exactly", () => {
    const grid = [0, 0.25, 0.5, 1];
    const s = curveSamples(game, grid);
    expect(Array.from(s.delta)).toEqual(grid);
    expect(s.utilities.length).toBe(players.length * grid.length);
    expect(s.regimes.length).toBe(game.specialists.length * grid.length);
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
    const d = crowdCurvesDataFromSamples({ players, samples, pareto: [], marks: [], highlight: "D3" });
    expect(d.highlight).toBe("D3");
    expect(d.generalist.length).toBe(grid.length);
    expect(d.bands.length).toBe(2 * grid.length);
    expect(d.lines.length).toBe(2 * grid.length);
    expect(d.regimes.length).toBeGreaterThan(0);
    grid.forEach((delta, j) => {
      const us = game.specialists.map((_, i) => samples.utilities[(i + 1) * grid.length + j]!);
      const range = d.bands.find((r) => r["delta"] === delta && r["series"] === CROWD_SERIES.range)!;
      const middle = d.bands.find((r) => r["delta"] === delta && r["series"] === CROWD_SERIES.middle)!;
      const median = d.lines.find((r) => r["delta"] === delta && r["series"] === CROWD_SERIES.median)!;
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
    const samples = curveSamples(
      game,
      curveGrid(
        33,
        result.pareto,
        marks.map((m) => m.delta),
      ),
    );
    const d = crowdCurvesDataFromSamples({ players, samples, pareto: result.pareto, marks, highlight: "D2" });
    expect(d.pareto).toEqual(result.pareto.map(([from, to]) => ({ from, to })));
    expect(marks.length).toBeGreaterThan(0);
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
    // a move of the selected δ rebuilds the marks only
    expect(crowdMarks({ players, marks, highlight: "D2" })).toEqual({
      rules: d.rules,
      generalistPoints: d.generalistPoints,
      points: d.points,
    });
  });

  it("draws no highlighted line for G or an unknown name", () => {
    const samples = curveSamples(game, [0, 1]);
    for (const highlight of ["G", "nobody", null]) {
      const d = crowdCurvesDataFromSamples({ players, samples, pareto: [], marks, highlight });
      expect(d.highlight).toBeNull();
      expect(d.lines.length).toBe(2);
      expect(d.points.length).toBe(0);
    }
  });

  it("from the game and its result: the same rows as from samples on the same grid, the first specialist by default", () => {
    const d = crowdCurvesData(game, result, { samples: 9 });
    const grid = curveGrid(
      9,
      result.pareto,
      marks.map((m) => m.delta),
    );
    expect(d).toEqual(
      crowdCurvesDataFromSamples({
        players,
        samples: curveSamples(game, grid),
        pareto: result.pareto,
        marks,
        highlight: "D1",
      }),
    );
    expect(crowdSamples(game, result, { samples: 9 })).toEqual(curveSamples(game, grid));
    expect(crowdCurvesData(game, result, { samples: 2, highlight: "D7" }).highlight).toBe("D7");
    expect(CROWD_POINTS).toBe(65);
  });

  it("rejects a highlight that is not a specialist, naming it", () => {
    expect(() => crowdCurvesData(game, result, { samples: 2, highlight: "G" })).toThrow(/highlight: "G"/);
    expect(() => crowdCurvesData(game, result, { samples: 2, highlight: "D13" })).toThrow(
      /"D13" is not a specialist; expected one of D1, D2/,
    );
  });

  it("has three panels sharing δ: G's utility, the specialists on their own scale, the regime counts", () => {
    const d = crowdCurvesData(game, result, { samples: 5, highlight: "D2" });
    const spec = crowdCurvesSpec(d);
    const panels = spec["vconcat"] as {
      layer?: { data?: { values?: unknown } }[];
      data?: { values?: unknown };
    }[];
    expect(panels.length).toBe(3);
    expect(panels[0]!.layer!.some((l) => l.data?.values === d.generalist)).toBe(true);
    expect(panels[1]!.layer!.some((l) => l.data?.values === d.bands)).toBe(true);
    expect(panels[1]!.layer!.some((l) => l.data?.values === d.lines)).toBe(true);
    expect(panels[2]!.data!.values).toBe(d.regimes);
    expect(spec["resolve"]).toEqual({
      scale: { color: "independent", x: "shared", y: "independent", shape: "shared" },
    });
    // the legend's solution order defaults to the rules' order; the powerful solutions of the
    // specialists not drawn as a line share one entry, last (the twelve would crowd the legend)
    const shapes = JSON.stringify(spec).match(/"sort":\[[^\]]*\]/g)!;
    expect(shapes.length).toBeGreaterThan(0);
    const named = marks.map((m) => m.solution).filter((id) => !/^powerful-D(?!2$)/.test(id));
    expect(shapes[0]).toBe(`"sort":${JSON.stringify([...named, CROWD_OTHER_POWERFUL])}`);
    expect(d.rules.length).toBe(marks.length);
    expect(d.rules.find((r) => r["solution"] === "powerful-D7")!["legend"]).toBe(CROWD_OTHER_POWERFUL);
    expect(d.points.find((r) => r["solution"] === "powerful-D2")!["legend"]).toBe("powerful-D2");
  });
});
