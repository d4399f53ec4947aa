/**
 * The fine-tuning game's natural figure: every player's equilibrium utility against the revenue
 * share δ, the Pareto set shaded (possibly several intervals), every bargaining solution marked,
 * and a strip below with each specialist's regime (contributor / free-rider / abstainer) along δ.
 * For up to nine specialists (SPECIALIST_LINES_UP_TO); above, the surfaces draw ./crowdCurves.ts.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Figures 2 and 4, Theorem 2.1, Theorem 4.1
 */
import { solutionEntries } from "../bargaining/problem.js";
import { type EquilibriumOptions, equilibrium } from "../fine-tuning/equilibrium.js";
import { type FineTuningGame, playerNames, type Regime } from "../fine-tuning/model.js";
import type { FineTuningResult } from "../fine-tuning/solve.js";
import { curveGrid, paretoLayers, paretoNote, solutionRules } from "./overDelta.js";
import { num, PANEL, type Row, titleOf, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./spec.js";

/** The data of the utility figure (all plain rows, ready for JSON/CSV). */
export interface UtilityCurvesData {
  readonly players: readonly string[];
  /** One row per (δ, player): `delta, player, utility`. */
  readonly curves: readonly Row[];
  /** Pareto intervals: `from, to`. */
  readonly pareto: readonly Row[];
  /** One row per (solution, player): `solution, delta, player, utility`. */
  readonly solutions: readonly Row[];
  /** Regime segments per specialist: `player, from, to, regime`. */
  readonly regimes: readonly Row[];
}

/** Options of {@link utilityCurvesData}. */
export interface UtilityCurvesOptions extends EquilibriumOptions {
  /** Grid points over δ ∈ [0, 1] (default 201); solution δ's and Pareto endpoints are added. */
  readonly samples?: number;
}

/**
 * Samples every player's utility over δ and collects the result's Pareto set and solutions.
 * @example
 * // quadratic costs c0 = 1, c1 = 2: the Pareto set is [1/3, 1]
 * const game = quadraticGame(1, 2);
 * const d = utilityCurvesData(game, solveFineTuning(game), { samples: 11 });
 * d.pareto // ≈ [{ from: 0.333333, to: 1 }]
 */
export function utilityCurvesData(
  game: FineTuningGame,
  result: FineTuningResult,
  options: UtilityCurvesOptions = {},
): UtilityCurvesData {
  const n = Math.max(2, options.samples ?? 201);
  const players = playerNames(game);
  const entries = solutionEntries(result.solutions);
  const grid = curveGrid(
    n,
    result.pareto,
    entries.map(([, s]) => s.delta),
  );
  const curves: Row[] = [];
  const regimes: Row[] = [];
  const open: { regime: Regime | "no bargain"; from: number }[] = game.specialists.map(() => ({
    regime: "abstainer",
    from: -1,
  }));
  let last = 0;
  for (const d of grid) {
    const eq = equilibrium(game, d, options);
    players.forEach((p, i) => {
      curves.push({ delta: d, player: p, utility: num(eq.utilities[i]) });
    });
    game.specialists.forEach((s, i) => {
      const r: Regime | "no bargain" = eq.agreement ? eq.regimes[i]! : "no bargain";
      const seg = open[i]!;
      if (seg.from < 0) {
        seg.regime = r;
        seg.from = d;
      } else if (seg.regime !== r) {
        regimes.push({ player: s.name, from: seg.from, to: d, regime: seg.regime });
        seg.regime = r;
        seg.from = d;
      }
    });
    last = d;
  }
  game.specialists.forEach((s, i) => {
    const seg = open[i]!;
    regimes.push({ player: s.name, from: seg.from, to: last, regime: seg.regime });
  });
  const solutions: Row[] = [];
  for (const [id, s] of entries) {
    if (s.delta === null) continue;
    for (const p of players)
      solutions.push({ solution: id, delta: s.delta, player: p, utility: num(s.utilities[p]) });
  }
  return {
    players,
    curves,
    pareto: result.pareto.map(([from, to]) => ({ from, to })),
    solutions,
    regimes,
  };
}

/** Regime colours, fixed so that every figure reads the same. */
export const REGIME_COLORS: Readonly<Record<string, string>> = Object.freeze({
  contributor: "#2e7d32",
  "free-rider": "#f9a825",
  abstainer: "#c62828",
  "no bargain": "#9e9e9e",
});

/** Options of {@link utilityCurvesSpec}. */
export interface UtilityCurvesSpecOptions {
  readonly title?: string;
  readonly subtitle?: string;
  /** Mark these solutions only (default: every solution in the data). */
  readonly solutions?: readonly string[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * The utility-against-δ figure: curves per player, Pareto set shaded, solutions marked (a rule
 * and a point on every player's curve), regimes in a strip below.
 * @example
 * const game = quadraticGame(1, 2);
 * utilityCurvesSpec(utilityCurvesData(game, solveFineTuning(game))).vconcat.length // 2 — curves, then the regime strip
 */
export function utilityCurvesSpec(
  data: UtilityCurvesData,
  options: UtilityCurvesSpecOptions = {},
): VegaLiteSpec {
  const width = options.width ?? PANEL.width + 80;
  const height = options.height ?? PANEL.height + 40;
  const keep = options.solutions === undefined ? null : new Set(options.solutions);
  const sol = data.solutions.filter((r) => keep === null || keep.has(String(r["solution"])));
  const solIds = [...new Set(sol.map((r) => String(r["solution"])))];
  const solOnce = solIds
    .map((id) => sol.find((r) => r["solution"] === id)!)
    .map((r) => ({
      solution: r["solution"]!,
      delta: r["delta"]!,
    }));
  const x = {
    field: "delta",
    type: "quantitative",
    title: "revenue share δ (G's share)",
    scale: { domain: [0, 1] },
  };
  const main = {
    width,
    height,
    layer: [
      ...paretoLayers(data.pareto, x),
      paretoNote(data.pareto.length),
      {
        data: { values: data.curves },
        mark: { type: "line", strokeWidth: 2 },
        encoding: {
          x,
          y: { field: "utility", type: "quantitative", title: "equilibrium utility", scale: { zero: false } },
          color: {
            field: "player",
            type: "nominal",
            title: "player",
            sort: [...data.players],
            scale: { scheme: "category10" },
          },
        },
      },
      solutionRules(solOnce),
      {
        data: { values: sol },
        mark: { type: "point", filled: true, size: 70, color: "black", opacity: 0.85 },
        encoding: {
          x: { field: "delta", type: "quantitative" },
          y: { field: "utility", type: "quantitative" },
          shape: { field: "solution", type: "nominal", title: "solution", sort: solIds },
          tooltip: [
            { field: "solution", type: "nominal" },
            { field: "player", type: "nominal" },
            { field: "delta", type: "quantitative", format: ".4f" },
            { field: "utility", type: "quantitative", format: ".4f" },
          ],
        },
      },
    ],
  };
  const strip = {
    width,
    height: Math.max(18, 16 * (data.players.length - 1)),
    data: { values: data.regimes },
    layer: [
      {
        mark: { type: "rect", opacity: 0.8 },
        encoding: {
          x: { ...x, field: "from" },
          x2: { field: "to" },
          y: { field: "player", type: "nominal", title: "regime", sort: data.players.slice(1) },
          color: {
            field: "regime",
            type: "nominal",
            title: "specialist regime",
            scale: { domain: Object.keys(REGIME_COLORS), range: Object.values(REGIME_COLORS) },
          },
        },
      },
    ],
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.title ?? "Equilibrium utilities against the revenue share δ", options.subtitle),
    vconcat: [main, strip],
    resolve: { scale: { color: "independent", x: "shared" } },
  };
}
