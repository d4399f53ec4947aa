/**
 * "Fine-tuning Games" Figures 2–4 from the toolkit's solvers (Figure 5 and the n-specialist
 * figure, about the specialists' side, are in ./fineTuningSpecialists.ts).
 * Quadratic-cost games use φ0 = c0·α0², φ1 = c1·(α1 − α0)², r(α) = α, d = 0 with c0 = 1.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–4, Figures 2–4
 */
import { solutionEntries } from "../bargaining/problem.js";
import { type EquilibriumOptions, equilibrium } from "../fine-tuning/equilibrium.js";
import { linearRevenue, polyCost0, polyCost1 } from "../fine-tuning/families.js";
import type { FineTuningGame } from "../fine-tuning/model.js";
import { solveFineTuning } from "../fine-tuning/solve.js";
import { solutionIds } from "../models/fineTuning.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { heatmapSpec } from "../plots/heatmap.js";
import { lineChartSpec } from "../plots/lineChart.js";
import { num, type Row } from "../plots/spec.js";
import { utilityCurvesData, utilityCurvesSpec } from "../plots/utilityCurves.js";
import {
  claimCheck,
  type Figure,
  type FigureCheck,
  type FigureDefinition,
  identity,
  linGrid,
  logGrid,
  numericCheck,
  show,
} from "./figure.js";
import { figure5, nSpecialists } from "./fineTuningSpecialists.js";

/** The quadratic-cost game of Section 3 with c0 and c1. */
export function quadraticGame(c0: number, c1: number): FineTuningGame {
  return {
    generalist: { cost: polyCost0(c0, 2), disagreement: 0 },
    specialists: [{ name: "D", cost: polyCost1(c1, 2), revenue: linearRevenue(1), disagreement: 0 }],
  };
}

/** Every solution of the one-specialist game, in the order tables and legends list them. */
const CORE_SOLUTIONS: readonly string[] = solutionIds(["D"]);

/** Sign changes of successive differences: 1 for a strictly unimodal sampled curve. */
function turns(ys: readonly number[]): number {
  let k = 0;
  let up: boolean | null = null;
  for (let i = 1; i < ys.length; i++) {
    const d = ys[i]! - ys[i - 1]!;
    if (Math.abs(d) < 1e-15) continue;
    const u = d > 0;
    if (up !== null && u !== up) k++;
    up = u;
  }
  return k;
}

const figure2: FigureDefinition = {
  id: "ftg-figure-2",
  paper: "fine-tuning-games",
  label: "Figure 2",
  title: "Theorem 2.1: the Pareto set is the interval between the powerful-player optima",
  build(options = {}): Figure {
    const game = quadraticGame(1, 2);
    const result = solveFineTuning(game);
    const data = utilityCurvesData(game, result, { samples: options.quick ? 101 : 401 });
    const s = result.solutions;
    const uG = data.curves.filter((r) => r["player"] === "G").map((r) => r["utility"] as number);
    const uD = data.curves.filter((r) => r["player"] === "D").map((r) => r["utility"] as number);
    const checks: FigureCheck[] = [
      claimCheck(
        "T2.1-interval",
        "Theorem 2.1: the Pareto set is one interval [δ^{powerful D}, δ^{powerful G}]",
        "one interval between the two optima",
        `${result.pareto.length} interval(s): [${result.pareto.map(([a, b]) => `${show(a)}, ${show(b)}`).join("], [")}]`,
        result.pareto.length === 1 &&
          Math.abs(result.pareto[0]![0] - s["powerful-D"]!.delta!) < 1e-9 &&
          Math.abs(result.pareto[0]![1] - s["powerful-G"].delta!) < 1e-9,
      ),
      numericCheck(
        "P3.3-powerful-D",
        "Prop 3.3: δ^{powerful D} = (c1 − c0)/(2c1 − c0) = 1/3",
        1 / 3,
        s["powerful-D"]!.delta!,
        1e-9,
      ),
      numericCheck(
        "P3.2-powerful-G",
        "Prop 3.2: δ^{powerful G} = 1 for c1 ≥ c0",
        1,
        s["powerful-G"].delta!,
        1e-9,
      ),
      claimCheck(
        "P3.1-unimodal",
        "Prop 3.1: both utilities are strictly unimodal in δ",
        "one maximum each",
        `turning points on the plotted grid: G ${turns(uG)}, D ${turns(uD)}`,
        turns(uG) <= 1 && turns(uD) <= 1,
      ),
    ];
    return {
      ...identity(this),
      caption:
        "Equilibrium utilities of G and D against δ for quadratic costs c0 = 1, c1 = 2; shaded: the Pareto set, which is exactly the interval between the two players' optima.",
      parameters: { c0: 1, k0: 2, c1: 2, k1: 2, revenue: "r(α) = α", samples: data.curves.length / 2 },
      data: { curves: data.curves, pareto: data.pareto, solutions: data.solutions, regimes: data.regimes },
      spec: utilityCurvesSpec(data, {
        title: "Figure 2 — utilities over δ, Pareto set between the optima",
        subtitle: "quadratic costs c0 = 1, c1 = 2",
      }),
      checks,
      warnings: result.warnings,
    };
  },
};

const figure3: FigureDefinition = {
  id: "ftg-figure-3",
  paper: "fine-tuning-games",
  label: "Figure 3",
  title: "Joint-utility functions over (δ, c1/c0); grey where δ is not Pareto-optimal",
  build(options = {}): Figure {
    const ratios = logGrid(0.1, 10, options.quick ? 21 : 41);
    const deltas = linGrid(0, 1, options.quick ? 51 : 101);
    const rows: Row[] = [];
    const concepts = ["nash", "kalai-smorodinsky", "egalitarian", "utilitarian"] as const;
    const opts: EquilibriumOptions = { method: "polynomial" };
    for (const r of ratios) {
      const game = quadraticGame(1, r);
      const res = solveFineTuning(game, { certify: false });
      const [lo, hi] = res.pareto[0]!;
      const uGmax = res.solutions["powerful-G"].utilities["G"]!;
      const uDmax = res.solutions["powerful-D"]!.utilities["D"]!;
      const values = deltas.map((d) => {
        const u = equilibrium(game, d, opts).utilities;
        const g = u[0]!;
        const dd = u[1]!;
        return {
          nash: g * dd,
          "kalai-smorodinsky": Math.min(g / uGmax, dd / uDmax),
          egalitarian: Math.min(g, dd),
          utilitarian: g + dd,
        };
      });
      for (const c of concepts) {
        const max = Math.max(...values.map((v) => v[c]));
        deltas.forEach((d, i) => {
          rows.push({
            concept: c,
            ratio: r,
            delta: d,
            value: num(values[i]![c] / max),
            dominated: d < lo - 1e-12 || d > hi + 1e-12,
          });
        });
      }
    }
    // Checks: at c1/c0 = 2 the joint functions peak (on the Pareto set) at the solver's solutions.
    const game = quadraticGame(1, 2);
    const res = solveFineTuning(game);
    const fine = linGrid(res.pareto[0]![0], res.pareto[0]![1], 20001);
    const uG = res.solutions["powerful-G"].utilities["G"]!;
    const uD = res.solutions["powerful-D"]!.utilities["D"]!;
    const joint = {
      nash: (g: number, d: number) => g * d,
      "kalai-smorodinsky": (g: number, d: number) => Math.min(g / uG, d / uD),
      egalitarian: (g: number, d: number) => Math.min(g, d),
      utilitarian: (g: number, d: number) => g + d,
    };
    const us = fine.map((d) => equilibrium(game, d, opts).utilities);
    const step = fine[1]! - fine[0]!;
    const checks: FigureCheck[] = concepts.map((c) => {
      let best = 0;
      us.forEach((u, i) => {
        if (joint[c](u[0]!, u[1]!) > joint[c](us[best]![0]!, us[best]![1]!)) best = i;
      });
      return numericCheck(
        `argmax-${c}`,
        `At c1/c0 = 2 the ${c} joint utility peaks at the ${c} solution (grid of 20,001 points on the Pareto set)`,
        res.solutions[c].delta!,
        fine[best]!,
        step,
        { paperText: `solution δ = ${show(res.solutions[c].delta)}` },
      );
    });
    checks.push(
      numericCheck(
        "P3.5-utilitarian",
        "Prop 3.5: utilitarian δ = c1/(c0 + c1) = 2/3 at c1/c0 = 2",
        2 / 3,
        res.solutions.utilitarian.delta!,
        1e-9,
      ),
      numericCheck(
        "P3.6-egalitarian",
        "Prop 3.6: egalitarian δ = 1/√3 at c0 = 1, c1 = 2",
        1 / Math.sqrt(3),
        res.solutions.egalitarian.delta!,
        1e-9,
      ),
    );
    return {
      ...identity(this),
      caption:
        "Each joint-utility function over δ (x) and the cost ratio c1/c0 (y, log scale, c0 = 1), scaled to its maximum per ratio; grey cells are δ outside the Pareto set.",
      parameters: {
        c0: 1,
        k0: 2,
        k1: 2,
        ratios: `${ratios.length} log-spaced in [0.1, 10]`,
        deltas: deltas.length,
      },
      data: { joint: rows },
      spec: heatmapSpec({
        title: "Figure 3 — joint-utility functions (scaled to 1 per cost ratio)",
        xs: deltas,
        ys: ratios,
        data: rows,
        x: { field: "delta", title: "revenue share δ", domain: [0, 1] },
        y: { field: "ratio", title: "cost ratio c1/c0", scale: "log" },
        color: { field: "value", title: "joint utility ÷ max", type: "quantitative", scheme: "viridis" },
        mask: { field: "dominated", label: "δ not Pareto-optimal" },
        facet: "concept",
        facetColumns: 2,
        width: 260,
        height: 200,
      }),
      checks,
      warnings: [],
    };
  },
};

/** α1(KS) − α1(utilitarian = vertical monopoly) at cost ratio r (c0 = 1). */
function ksMinusVm(r: number): number {
  const s = solveFineTuning(quadraticGame(1, r), { certify: false }).solutions;
  return s["kalai-smorodinsky"].revenue - s.utilitarian.revenue;
}

const figure4: FigureDefinition = {
  id: "ftg-figure-4",
  paper: "fine-tuning-games",
  label: "Figure 4",
  title: "Bargaining solutions against the cost ratio (quadratic costs)",
  build(options = {}): Figure {
    const ratios = logGrid(0.1, 10, options.quick ? 41 : 121);
    const rows: Row[] = [];
    let maxUtilErr = 0;
    let interior = true;
    for (const r of ratios) {
      const res = solveFineTuning(quadraticGame(1, r), { certify: false });
      for (const [id, s] of solutionEntries(res.solutions)) {
        if (!CORE_SOLUTIONS.includes(id)) continue;
        rows.push({ ratio: r, solution: id, delta: num(s.delta), alpha1: num(s.alphas["D"] ?? null) });
      }
      maxUtilErr = Math.max(maxUtilErr, Math.abs(res.solutions.utilitarian.delta! - r / (1 + r)));
      for (const id of ["nash", "kalai-smorodinsky", "egalitarian"] as const) {
        const d = res.solutions[id].delta!;
        if (!(d > 0 && d < 1)) interior = false;
      }
    }
    const lo = brentRoot(ksMinusVm, 0.2, 0.5).value;
    const hi = brentRoot(ksMinusVm, 2.5, 3.5).value;
    const tie = solveFineTuning(quadraticGame(1, 1), { certify: false }).solutions["max-performance"];
    const checks: FigureCheck[] = [
      numericCheck(
        "P3.2",
        "Prop 3.2: δ^{powerful G} = c0/(2c0 − c1) at c1/c0 = 0.5",
        2 / 3,
        pick(0.5, "powerful-G"),
        1e-9,
      ),
      numericCheck(
        "P3.3",
        "Prop 3.3: δ^{powerful D} = (c1 − c0)/(2c1 − c0) at c1/c0 = 3",
        0.4,
        pick(3, "powerful-D"),
        1e-9,
      ),
      numericCheck(
        "P3.5",
        "Prop 3.5: utilitarian δ = c1/(c0 + c1), largest error over the plotted ratios",
        0,
        maxUtilErr,
        1e-9,
        {
          paperText: "c1/(c0 + c1)",
        },
      ),
      numericCheck(
        "P3.6",
        "Prop 3.6: egalitarian δ at c1/c0 = 0.5 is (4 − 1 − √3)/3 for c0 = 2, c1 = 1",
        (3 - Math.sqrt(3)) / 3,
        pick(0.5, "egalitarian"),
        1e-9,
      ),
      claimCheck(
        "caption-sharing",
        "Caption: most bargaining solutions suggest revenue sharing even at extreme cost ratios",
        "Nash, KS and egalitarian interior for c1/c0 ∈ [0.1, 10]",
        interior ? "all three strictly inside (0, 1) at every plotted ratio" : "some solution at δ = 0 or 1",
        interior,
      ),
      claimCheck(
        "S3.4-vm-ks",
        "Section 3.4: vertical monopoly (utilitarian) underperforms KS for ~0.5 < c1/c0 < 2.5",
        "~0.5 < c1/c0 < 2.5",
        `exactly (${show(lo)}, ${show(hi)}), except the tie at c1 = c0`,
        lo < 0.5 && hi > 2.5,
        "FTG-E4",
      ),
      claimCheck(
        "P3.4-tie",
        "Prop 3.4: δ^{max-performance} = 1 for c1 ≥ c0",
        "δ = 1 at c1 = c0",
        `at c1 = c0 every δ ties: tied set ${tie.ties.map(([a, b]) => `[${show(a)}, ${show(b)}]`).join(", ")}`,
        tie.ties.length === 1 && tie.ties[0]![0] === 0 && tie.ties[0]![1] === 1,
        "FTG-E3",
      ),
    ];
    function pick(r: number, id: string): number {
      const res = solveFineTuning(
        r === 0.5 && id === "egalitarian" ? quadraticGame(2, 1) : quadraticGame(1, r),
        {
          certify: false,
        },
      );
      return (res.solutions as Record<string, { delta: number | null }>)[id]!.delta ?? Number.NaN;
    }
    return {
      ...identity(this),
      caption:
        "The revenue share δ of every bargaining solution against c1/c0 (c0 = 1, k0 = k1 = 2, log scale). Most solutions share revenue even when one player's costs are far higher.",
      parameters: { c0: 1, k0: 2, k1: 2, ratios: `${ratios.length} log-spaced in [0.1, 10]` },
      data: { solutions: rows },
      spec: lineChartSpec({
        title: "Figure 4 — bargaining solutions against the cost ratio",
        subtitle: "quadratic costs, c0 = 1",
        data: rows,
        x: { field: "ratio", title: "cost ratio c1/c0", scale: "log" },
        y: { field: "delta", title: "revenue share δ", domain: [0, 1] },
        series: "solution",
        seriesOrder: CORE_SOLUTIONS,
        dashed: ["powerful-G", "powerful-D"],
        vrules: [{ x: 1, label: "c1 = c0" }],
      }),
      checks,
      warnings: [],
    };
  },
};

/** The fine-tuning figures, in paper order. */
export const FINE_TUNING_FIGURES: readonly FigureDefinition[] = [
  figure2,
  figure3,
  figure4,
  figure5,
  nSpecialists,
];
