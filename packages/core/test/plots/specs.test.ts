/**
 * Golden tests of the plot specifications: each specification is serialised with numbers rounded
 * to 8 significant digits and compared byte for byte with golden/<name>.json. To accept an
 * intended change: UPDATE_GOLDEN=1 npx vitest run packages/core/test/plots
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  crowdCurvesData,
  crowdCurvesSpec,
  fineTuningGameFromScenario,
  heatmapSpec,
  lineChartSpec,
  panels,
  solveFineTuning,
  utilityCurvesData,
  utilityCurvesSpec,
  type VegaLiteSpec,
} from "../../src/index.js";
import { cellEdges } from "../../src/plots/heatmap.js";
import { quadraticGame } from "../../src/reproduction/fineTuning.js";
import { twelveSpecialists } from "../fine-tuning/games.js";

const here = dirname(fileURLToPath(import.meta.url));

/** JSON with every number at 8 significant digits (and −0 as 0), two-space indented. */
export function normalise(spec: unknown): string {
  return `${JSON.stringify(
    spec,
    (_k, v) => (typeof v === "number" ? (Object.is(v, -0) ? 0 : Number(v.toPrecision(8))) : v),
    2,
  )}\n`;
}

function golden(name: string, spec: VegaLiteSpec): void {
  const path = join(here, "golden", `${name}.json`);
  const text = normalise(spec);
  if (process.env["UPDATE_GOLDEN"] === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  // a missing golden file fails: creating it here would make the test pass on whatever it produced
  expect(existsSync(path), `${path} is missing; UPDATE_GOLDEN=1 creates it`).toBe(true);
  expect(text).toBe(readFileSync(path, "utf8"));
}

describe("plot specifications (golden files)", () => {
  it("fine-tuning utilities over δ: quadratic costs c0 = 1, c1 = 2, 11 samples", () => {
    const game = quadraticGame(1, 2);
    const data = utilityCurvesData(game, solveFineTuning(game), { samples: 11 });
    expect(data.pareto).toHaveLength(1);
    expect(data.pareto[0]!["from"]).toBeCloseTo(1 / 3, 12);
    golden("utility-curves-quadratic", utilityCurvesSpec(data, { subtitle: "c0 = 1, c1 = 2" }));
  });

  it("fine-tuning utilities over δ with two specialists: a two-piece Pareto set and regime segments", () => {
    const game = fineTuningGameFromScenario({
      generalist: { cost: "a0^2" },
      specialists: [
        { name: "D1", cost: "0.03 + (a-a0)^2" },
        { name: "D2", cost: "(a-a0)^2" },
      ],
    });
    const data = utilityCurvesData(game, solveFineTuning(game, { certify: false }), { samples: 6 });
    expect(data.pareto).toHaveLength(2);
    expect(new Set(data.regimes.filter((r) => r["player"] === "D1").map((r) => r["regime"]))).toContain(
      "abstainer",
    );
    golden("utility-curves-two-specialists", utilityCurvesSpec(data));
  });

  it("fine-tuning utilities over δ with twelve specialists: G, one highlighted specialist, the spread, regime counts", () => {
    const game = twelveSpecialists();
    const data = crowdCurvesData(game, solveFineTuning(game, { certify: false }), {
      samples: 5,
      highlight: "D2",
    });
    expect(data.pareto.length).toBeGreaterThan(0);
    expect(new Set(data.regimes.map((r) => r["regime"]))).toContain("abstainer");
    golden("crowd-curves-twelve-specialists", crowdCurvesSpec(data, { subtitle: "12 specialists" }));
  });

  it("line chart with series, dashes, rules and facets", () => {
    const data = [0, 1, 2].flatMap((x) => [
      { x, y: x * x, s: "square", f: "one" },
      { x, y: 2 * x, s: "double", f: "two" },
    ]);
    const base = { title: "t", data, x: { field: "x", title: "x" }, y: { field: "y", title: "y" } };
    golden(
      "line-chart",
      lineChartSpec({
        ...base,
        series: "s",
        dashed: ["double"],
        hrules: [{ y: 1, label: "one" }],
        vrules: [{ x: 1 }],
      }),
    );
    golden("line-chart-facet", lineChartSpec({ ...base, series: "s", facet: "f", mark: "points" }));
  });

  it("heat map with a mask and a region map with an overlaid curve, side by side", () => {
    const xs = [0, 0.5, 1];
    const ys = [0.1, 1, 10];
    const data = xs.flatMap((x) =>
      ys.map((y) => ({ x, y, v: x * y, masked: x > 0.6, region: x < 0.5 ? "a" : "b" })),
    );
    const q = heatmapSpec({
      title: "q",
      xs,
      ys,
      data,
      x: { field: "x", title: "x" },
      y: { field: "y", title: "y", scale: "log" },
      color: { field: "v", title: "v", type: "quantitative" },
      mask: { field: "masked", label: "masked" },
    });
    const n = heatmapSpec({
      title: "n",
      xs,
      ys,
      data,
      x: { field: "x", title: "x" },
      y: { field: "y", title: "y", scale: "log" },
      color: {
        field: "region",
        title: "region",
        type: "nominal",
        categories: ["a", "b"],
        colors: ["#111", "#eee"],
      },
      overlay: {
        data: [
          { x: 0, y: 1, c: "curve" },
          { x: 1, y: 5, c: "curve" },
        ],
        series: "c",
        title: "",
      },
    });
    golden("heatmaps", panels([q, n], { title: "maps", columns: 2 }));
  });

  it("cell edges are midpoints, geometric on a log axis, and extend half a cell at the ends", () => {
    expect(cellEdges([0, 1, 2])).toEqual([-0.5, 0.5, 1.5, 2.5]);
    const log = cellEdges([1, 100], "log");
    expect(log).toHaveLength(3);
    expect(log[1]).toBeCloseTo(10, 12);
    expect(log[0]).toBeCloseTo(0.1, 12);
    expect(log[2]).toBeCloseTo(1000, 9);
  });
});
