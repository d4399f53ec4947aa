/**
 * The openness-regulation figures of our specification (consistent with the paper's stated
 * findings, not the paper's equations): unregulated openness ω_NR against α0 per ε, and region
 * maps over (θ, p) at a low and a high α0 with the indifference curve, in fixed-δ and in
 * bargaining (Nash) mode.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193) "Figures to produce" and findings 1–5
 */
import { indifferenceCurve } from "../openness/landscape.js";
import { resolveOpennessGame } from "../openness/model.js";
import { ReleaseSolver } from "../openness/release.js";
import { lineChartSpec } from "../plots/lineChart.js";
import { regionMap } from "../plots/regionMap.js";
import { num, panels, type Row } from "../plots/spec.js";
import {
  claimCheck,
  type Figure,
  type FigureCheck,
  type FigureDefinition,
  identity,
  linGrid,
  show,
} from "./figure.js";

const omegaFigure: FigureDefinition = {
  id: "open-omega-alpha0",
  paper: "openness-regulation",
  label: "ω_NR against α0",
  title: "Unregulated openness ω_NR against α0, one curve per ε",
  build(options = {}): Figure {
    const epsilons = [0, 0.1, 0.2, 0.3, 0.4];
    const alphas = linGrid(0, 1.5, options.quick ? 31 : 151);
    const rows: Row[] = [];
    const table = new Map<number, number[]>();
    for (const e of epsilons) {
      const ws = alphas.map(
        (a0) =>
          new ReleaseSolver(resolveOpennessGame({ alpha0: a0, params: { epsilon: e } }, 0.5)).unregulated
            .omega,
      );
      table.set(e, ws);
      alphas.forEach((a0, i) => {
        rows.push({ alpha0: a0, epsilon: `ε = ${e}`, omega: num(ws[i]) });
      });
    }
    const tol = 1e-9;
    const nonIncreasing = [...table.values()].every((ws) =>
      ws.every((w, i) => i === 0 || w <= ws[i - 1]! + tol),
    );
    const nonDecreasingEps = alphas.every((_, i) =>
      epsilons.every((e, k) => k === 0 || table.get(e)![i]! >= table.get(epsilons[k - 1]!)![i]! - tol),
    );
    const def = table.get(0.2)!;
    const closedAtHigh = def[def.length - 1]! === 0; // exact: the optimiser returns the endpoint ω = 0 itself
    const interiorAtLow = def[1]! > 0 && def[1]! < 1;
    const checks: FigureCheck[] = [
      claimCheck(
        "F1-high-closed",
        "Finding 1: a high-α0 model is kept fully closed (ω = 0)",
        "ω_NR = 0",
        `ω_NR(α0 = ${alphas[alphas.length - 1]}) = ${show(def[def.length - 1])} (ε = 0.2)`,
        closedAtHigh,
      ),
      claimCheck(
        "F1-low-interior",
        "Finding 1: a low-α0 model gets intermediate openness 0 < ω < 1",
        "0 < ω_NR < 1",
        `ω_NR(α0 = ${show(alphas[1])}) = ${show(def[1])} (ε = 0.2)`,
        interiorAtLow,
      ),
      claimCheck(
        "F1-monotone-alpha0",
        "Finding 1: ω_NR is non-increasing in α0",
        "non-increasing",
        nonIncreasing ? "non-increasing on every curve" : "increases somewhere",
        nonIncreasing,
      ),
      claimCheck(
        "F1-monotone-eps",
        "Finding 1: ω_NR is non-decreasing in ε",
        "non-decreasing",
        nonDecreasingEps ? "non-decreasing at every α0" : "decreases somewhere",
        nonDecreasingEps,
      ),
    ];
    return {
      ...identity(this),
      caption:
        "G's unregulated openness choice against its baseline performance α0 (fixed δ = 0.5, other parameters at the specification's defaults); each curve kinks to fully closed at some α0.",
      parameters: { delta: 0.5, cD: 1, lambda: 0.5, kappa: 0.2, epsilons },
      data: { omega: rows },
      spec: lineChartSpec({
        title: "Unregulated openness ω_NR against α0",
        subtitle: "fixed δ = 0.5, λ = 0.5, κ = 0.2, c_D = 1",
        data: rows,
        x: { field: "alpha0", title: "baseline performance α0" },
        y: { field: "omega", title: "openness ω_NR", domain: [0, 1] },
        series: "epsilon",
        seriesTitle: "reputational benefit",
      }),
      checks,
      warnings: [],
    };
  },
};

const regionFigure: FigureDefinition = {
  id: "open-region-maps",
  paper: "openness-regulation",
  label: "Region maps",
  title: "Regulatory regions over (θ, p) at a low and a high α0, fixed δ and Nash bargaining",
  build(options = {}): Figure {
    const n = options.quick ? 21 : 61;
    const nb = options.quick ? 11 : 21;
    const fixedLow = regionMap({ alpha0: 0.1 }, "fixed δ = 0.5, α0 = 0.1", n, 0.5);
    const fixedHigh = regionMap({ alpha0: 0.9 }, "fixed δ = 0.5, α0 = 0.9", n, 0.5);
    const nashLow = regionMap(
      { alpha0: 0.1, delta: { bargaining: "nash" } },
      "Nash bargaining, α0 = 0.1",
      nb,
      0.5,
      64,
    );
    const nashHigh = regionMap(
      { alpha0: 0.9, delta: { bargaining: "nash" } },
      "Nash bargaining, α0 = 0.9",
      nb,
      0.5,
      64,
    );
    const fixedRegions = new Set([...fixedLow.regions, ...fixedHigh.regions]);
    const needed = ["non-binding", "deadweight-loss", "transfer"];
    // Finding 4: the indifference penalty at a binding threshold grows with α0 for high-α0 models.
    const alphas = [0.6, 0.9, 1.2, 1.5];
    const pStar = alphas.map((a0) => indifferenceCurve({ alpha0: a0 }, [0.6])[0] ?? Number.NaN);
    const growing = pStar.every((p, i) => Number.isFinite(p) && (i === 0 || p > pStar[i - 1]!));
    const checks: FigureCheck[] = [
      claimCheck(
        "F2-regions-fixed",
        "Finding 2: non-binding, deadweight-loss and transfer regions all occur (fixed δ)",
        needed.join(", "),
        [...fixedRegions].join(", "),
        needed.every((r) => fixedRegions.has(r)),
      ),
      claimCheck(
        "F2-pareto-bargaining",
        "Finding 2: Pareto improvements are reachable in bargaining mode for a low-α0 model",
        "pareto-improvement at α0 = 0.1 (Nash)",
        [...nashLow.regions].join(", "),
        nashLow.regions.has("pareto-improvement"),
      ),
      claimCheck(
        "F4-penalty-grows",
        "Finding 4: for high-α0 models the penalty needed for compliance grows with α0 (θ = 0.6)",
        "increasing in α0",
        alphas.map((a, i) => `p*(α0 = ${a}) = ${show(pStar[i])}`).join("; "),
        growing,
      ),
    ];
    return {
      ...identity(this),
      caption:
        "Every (θ, p) classified relative to the unregulated outcome; black: the indifference curve p*(θ) above which G complies (fixed mode: exact; bargaining mode: the smallest grid penalty).",
      parameters: {
        fixed: { delta: 0.5, grid: `${n} × ${n}` },
        bargaining: { solution: "nash", grid: `${nb} × ${nb}`, deltaGrid: 64 },
        pMax: 0.5,
        alpha0: [0.1, 0.9],
      },
      data: {
        "fixed-low": fixedLow.rows,
        "fixed-high": fixedHigh.rows,
        "nash-low": nashLow.rows,
        "nash-high": nashHigh.rows,
        "indifference-fixed-low": fixedLow.curve,
        "indifference-fixed-high": fixedHigh.curve,
      },
      spec: panels([fixedLow.spec, fixedHigh.spec, nashLow.spec, nashHigh.spec], {
        title: "Regulatory landscape: regions over (θ, p)",
        columns: 2,
      }),
      checks,
      warnings: [],
    };
  },
};

/** The openness figures of the specification. */
export const OPENNESS_FIGURES: readonly FigureDefinition[] = [omegaFigure, regionFigure];
