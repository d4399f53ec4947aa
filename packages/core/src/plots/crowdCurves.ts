/**
 * The fine-tuning game's utility figure for many specialists (more than
 * {@link SPECIALIST_LINES_UP_TO}). A line per player stops being readable beyond about ten players
 * (a hundred overlapping lines in ten recycled colours say nothing about any one of them) and a
 * regime strip of one row per specialist grows taller than the screen. This figure shows instead,
 * in three panels sharing δ:
 * - top: G's utility (G's utility is often a hundred times a specialist's: on one axis it would
 *   flatten the specialists into a line);
 * - middle, on its own scale: one highlighted specialist as a line (orange, as the first specialist
 *   in the per-player figure), the specialists' range (min–max) and middle half (quartiles) as grey
 *   bands and their median as a dashed line;
 * - bottom: how many specialists are contributors, free-riders, abstainers (or have no bargain) at
 *   each δ, stacked;
 * with the Pareto set shaded (every interval) and every bargaining solution as a rule in the upper
 * panels and a mark on G's and the highlighted specialist's curves, exactly as in
 * {@link utilityCurvesSpec}.
 *
 * Conventions: the curves are sampled as typed arrays ({@link CurveSamples}, player-major), so a
 * surface can compute them elsewhere (the explorer's Web Worker moves the buffers to the page) and
 * build the rows here; the grid is evenly spaced plus the Pareto endpoints and every solution's δ,
 * so the curves pass exactly through the marks.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 5 (n specialists), Figures 2 and 4
 */
import { solutionEntries } from "../bargaining/problem.js";
import { type EquilibriumOptions, equilibrium } from "../fine-tuning/equilibrium.js";
import { type FineTuningGame, playerNames } from "../fine-tuning/model.js";
import type { FineTuningResult } from "../fine-tuning/solve.js";
import { curveGrid, paretoLayers, paretoNote, solutionRules } from "./overDelta.js";
import { num, type Row, titleOf, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./spec.js";
import { REGIME_COLORS } from "./utilityCurves.js";

/**
 * Up to this many specialists the utility figure draws a line per player ({@link utilityCurvesSpec});
 * above, the many-specialists figure ({@link crowdCurvesSpec}). category10 has ten colours: G and
 * nine specialists.
 */
export const SPECIALIST_LINES_UP_TO = 9;

/** Evenly spaced δ samples of the many-specialists figure by default (a sample every 7 px of 460 px). */
export const CROWD_POINTS = 65;

/** Regime codes of {@link CurveSamples.regimes}, in this order (the order of {@link REGIME_COLORS}). */
export const REGIME_CODES = ["contributor", "free-rider", "abstainer", "no bargain"] as const;

/** Every player's equilibrium utility and every specialist's regime sampled over δ, as typed arrays. */
export interface CurveSamples {
  /** The δ grid, increasing. */
  readonly delta: Float64Array;
  /** Utilities, player-major (G = 0, then the specialists): player p at grid point j is p·m + j. */
  readonly utilities: Float64Array;
  /** Regime codes ({@link REGIME_CODES}), specialist-major like `utilities` (specialist i at i·m + j). */
  readonly regimes: Uint8Array;
}

/**
 * Samples every player's equilibrium utility and every specialist's regime on `grid` (see
 * {@link CurveSamples}; "no bargain" where the equilibrium has no agreement).
 * @example
 * curveSamples(quadraticGame(1, 2), [0, 1]).utilities.length // 4
 */
export function curveSamples(
  game: FineTuningGame,
  grid: readonly number[],
  options: EquilibriumOptions = {},
): CurveSamples {
  const m = grid.length;
  const n = game.specialists.length;
  const utilities = new Float64Array((n + 1) * m);
  const regimes = new Uint8Array(n * m);
  for (let j = 0; j < m; j++) {
    const eq = equilibrium(game, grid[j]!, options);
    for (let p = 0; p <= n; p++) utilities[p * m + j] = eq.utilities[p]!;
    for (let i = 0; i < n; i++)
      regimes[i * m + j] = eq.agreement ? REGIME_CODES.indexOf(eq.regimes[i]!) : REGIME_CODES.length - 1;
  }
  return { delta: Float64Array.from(grid), utilities, regimes };
}

/** A solution (or a selected δ) to mark: its δ and every player's utility there. */
export interface CrowdMark {
  readonly solution: string;
  readonly delta: number;
  readonly utilities: Readonly<Record<string, number | null | undefined>>;
}

/** What the figure's rows are built from (see {@link crowdCurvesDataFromSamples}). */
export interface CrowdCurvesInput {
  /** G first, then the specialists in the order of the samples. */
  readonly players: readonly string[];
  readonly samples: CurveSamples;
  readonly pareto: readonly (readonly [number, number])[];
  readonly marks: readonly CrowdMark[];
  /** The specialist drawn as its own line (null, or a name that is not a specialist's: none). */
  readonly highlight: string | null;
}

/** The data sets of the many-specialists figure (plain rows, ready for JSON/CSV). */
export interface CrowdCurvesData {
  /** The specialist drawn as a line, or null. */
  readonly highlight: string | null;
  /** `delta, series, utility`: G's curve. */
  readonly generalist: Row[];
  /** `delta, series, utility`: the highlighted specialist's curve and the specialists' median. */
  readonly lines: Row[];
  /** `delta, series, lo, hi`: the specialists' range and middle half. */
  readonly bands: Row[];
  /** Pareto intervals: `from, to`. */
  readonly pareto: Row[];
  /**
   * `solution, legend, delta`: one rule per solution (`legend`: its legend entry, the id, or
   * {@link CROWD_OTHER_POWERFUL} for the powerful solution of a specialist not drawn as a line).
   */
  readonly rules: Row[];
  /** `solution, legend, delta, series, utility`: marks on G's curve. */
  readonly generalistPoints: Row[];
  /** `solution, legend, delta, series, utility`: marks on the highlighted specialist's curve. */
  readonly points: Row[];
  /**
   * `from, to, regime, count, lo, hi`: how many specialists are in each regime, constant from one
   * sampled δ to the next change (`lo`–`hi`: the regime's place in the stack, in specialists).
   */
  readonly regimes: Row[];
}

/** Series names (legend entries) of the specialists' spread. */
export const CROWD_SERIES = Object.freeze({
  median: "median (all)",
  middle: "middle half (all)",
  range: "range (all)",
});

/** Quantile q of sorted values (linear interpolation between order statistics, as d3.quantile). */
function quantileSorted(xs: Float64Array, q: number): number {
  const h = (xs.length - 1) * q;
  const i = Math.floor(h);
  const lo = xs[i]!;
  return i + 1 < xs.length ? lo + (h - i) * (xs[i + 1]! - lo) : lo;
}

/** Index of the highlighted specialist among the players (G is 0), or −1. */
function highlightIndex(input: Pick<CrowdCurvesInput, "players" | "highlight">): number {
  const i = input.highlight === null ? -1 : input.players.indexOf(input.highlight);
  return i > 0 ? i : -1;
}

/**
 * The figure's rows from sampled curves (the explorer computes the samples in a Web Worker and
 * calls this on the page).
 * @example
 * // two specialists with utilities 1 and 3 at both δ: the range band is [1, 3]
 * const samples = { delta: Float64Array.of(0, 1), utilities: Float64Array.of(5, 5, 1, 1, 3, 3), regimes: Uint8Array.of(0, 0, 0, 0) };
 * crowdCurvesDataFromSamples({ players: ["G", "A", "B"], samples, pareto: [], marks: [], highlight: null }).bands[0] // { delta: 0, series: 'range (all)', lo: 1, hi: 3 }
 */
export function crowdCurvesDataFromSamples(input: CrowdCurvesInput): CrowdCurvesData {
  const { delta, utilities, regimes } = input.samples;
  const m = delta.length;
  const n = input.players.length - 1;
  const hi = highlightIndex(input);
  const generalist: Row[] = [];
  const lines: Row[] = [];
  const bands: Row[] = [];
  const counts: Row[] = [];
  const column = new Float64Array(n);
  const tally = new Array<number>(REGIME_CODES.length).fill(0);
  let run = { from: 0, tally: [] as number[] };
  /** Closes the run of equal regime counts at δ = `to`. */
  const close = (to: number) => {
    if (!(to > run.from)) return;
    let lo = 0;
    run.tally.forEach((count, c) => {
      if (count > 0) counts.push({ from: run.from, to, regime: REGIME_CODES[c]!, count, lo, hi: lo + count });
      lo += count;
    });
  };
  for (let j = 0; j < m; j++) {
    const d = delta[j]!;
    generalist.push({ delta: d, series: "G", utility: num(utilities[j]) });
    if (hi > 0) lines.push({ delta: d, series: input.highlight, utility: num(utilities[hi * m + j]) });
    tally.fill(0);
    for (let i = 0; i < n; i++) {
      column[i] = utilities[(i + 1) * m + j]!;
      tally[regimes[i * m + j]!]!++;
    }
    column.sort();
    lines.push({ delta: d, series: CROWD_SERIES.median, utility: num(quantileSorted(column, 0.5)) });
    bands.push({ delta: d, series: CROWD_SERIES.range, lo: num(column[0]), hi: num(column[n - 1]) });
    bands.push({
      delta: d,
      series: CROWD_SERIES.middle,
      lo: num(quantileSorted(column, 0.25)),
      hi: num(quantileSorted(column, 0.75)),
    });
    if (j === 0 || tally.some((t, c) => t !== run.tally[c])) {
      if (j > 0) close(d);
      run = { from: d, tally: [...tally] };
    }
  }
  if (m > 0) close(delta[m - 1]!);
  return {
    highlight: hi > 0 ? input.highlight : null,
    generalist,
    lines,
    bands,
    pareto: input.pareto.map(([from, to]) => ({ from, to })),
    ...crowdMarks(input),
    regimes: counts,
  };
}

/** The one legend entry shared by the powerful-S solutions of the specialists not drawn as a line. */
export const CROWD_OTHER_POWERFUL = "powerful (other specialists)";

/**
 * A solution's legend entry in the many-specialists figure: its id, except that the powerful-S
 * solutions of the specialists other than the highlighted one share one entry (with 30 specialists
 * the legend listed 30 of them). Their marks stay, each with its own id in the tooltip.
 * @example
 * // as seen through crowdMarks, with "B" highlighted: A's powerful solution joins the shared entry
 * const utilities = { G: 2, A: 1, B: 1 };
 * const marks = [{ solution: "powerful-A", delta: 0.5, utilities }, { solution: "powerful-B", delta: 0.4, utilities }];
 * crowdMarks({ players: ["G", "A", "B"], highlight: "B", marks }).rules.map((r) => r.legend) // [ 'powerful (other specialists)', 'powerful-B' ]
 */
function crowdLegend(solution: string, highlight: string | null): string {
  return solution.startsWith("powerful-") &&
    solution !== "powerful-G" &&
    solution !== `powerful-${highlight ?? ""}`
    ? CROWD_OTHER_POWERFUL
    : solution;
}

/**
 * The marks alone (a rule per solution, points on G's and the highlighted specialist's curves):
 * when only a selected δ moves, a surface rebuilds these and keeps the curves' rows as they were
 * (the same arrays, so a running Vega view re-encodes only the marks).
 * @example
 * crowdMarks({ players: ["G", "A"], highlight: "A", marks: [{ solution: "nash", delta: 0.5, utilities: { G: 2, A: 1 } }] }).points // [ { solution: 'nash', legend: 'nash', delta: 0.5, series: 'A', utility: 1 } ]
 */
export function crowdMarks(
  input: Pick<CrowdCurvesInput, "players" | "marks" | "highlight">,
): Pick<CrowdCurvesData, "rules" | "generalistPoints" | "points"> {
  const hi = highlightIndex(input);
  const rules: Row[] = [];
  const generalistPoints: Row[] = [];
  const points: Row[] = [];
  for (const mark of input.marks) {
    const legend = crowdLegend(mark.solution, input.highlight);
    rules.push({ solution: mark.solution, legend, delta: mark.delta });
    generalistPoints.push({
      solution: mark.solution,
      legend,
      delta: mark.delta,
      series: "G",
      utility: num(mark.utilities["G"]),
    });
    if (hi > 0)
      points.push({
        solution: mark.solution,
        legend,
        delta: mark.delta,
        series: input.highlight,
        utility: num(mark.utilities[input.highlight!]),
      });
  }
  return { rules, generalistPoints, points };
}

/** Options of {@link crowdSamples}. */
export interface CrowdSamplesOptions extends EquilibriumOptions {
  /**
   * Evenly spaced grid points over δ ∈ [0, 1] (default {@link CROWD_POINTS} = 65); the Pareto
   * endpoints and the solutions' δ are added.
   */
  readonly samples?: number;
}

/**
 * The figure's curves for a solved game: {@link curveSamples} on {@link curveGrid} (even points,
 * the result's Pareto endpoints and its solutions' δ).
 * @example
 * const game = quadraticGame(1, 2);
 * crowdSamples(game, solveFineTuning(game), { samples: 2 }).delta[0] // 0
 */
export function crowdSamples(
  game: FineTuningGame,
  result: FineTuningResult,
  options: CrowdSamplesOptions = {},
): CurveSamples {
  const grid = curveGrid(
    Math.max(2, options.samples ?? CROWD_POINTS),
    result.pareto,
    solutionEntries(result.solutions).map(([, s]) => s.delta),
  );
  return curveSamples(game, grid, options);
}

/** Options of {@link crowdCurvesData}. */
export interface CrowdCurvesOptions extends CrowdSamplesOptions {
  /** The specialist drawn as a line (default: the first specialist). */
  readonly highlight?: string;
}

/**
 * Samples the game's curves over δ and collects the result's Pareto set and solutions: the
 * many-specialists counterpart of {@link utilityCurvesData}.
 * @throws RangeError when `highlight` is not a specialist's name.
 * @example
 * const game = quadraticGame(1, 2);
 * crowdCurvesData(game, solveFineTuning(game), { samples: 5 }).highlight // 'D'
 */
export function crowdCurvesData(
  game: FineTuningGame,
  result: FineTuningResult,
  options: CrowdCurvesOptions = {},
): CrowdCurvesData {
  const players = playerNames(game);
  const highlight = options.highlight ?? players[1] ?? null;
  if (highlight !== null && players.indexOf(highlight) < 1)
    throw new RangeError(
      `highlight: "${highlight}" is not a specialist; expected one of ${players.slice(1).join(", ")}`,
    );
  const marks: CrowdMark[] = [];
  for (const [id, s] of solutionEntries(result.solutions))
    if (s.delta !== null) marks.push({ solution: id, delta: s.delta, utilities: s.utilities });
  return crowdCurvesDataFromSamples({
    players,
    samples: crowdSamples(game, result, options),
    pareto: result.pareto,
    marks,
    highlight,
  });
}

/** Options of {@link crowdCurvesSpec}. */
export interface CrowdCurvesSpecOptions {
  readonly title?: string;
  readonly subtitle?: string;
}

/**
 * The many-specialists figure: G's utility (top), the highlighted specialist and the specialists'
 * spread (middle, own scale), the regime counts (bottom); δ shared, Pareto set shaded, solutions
 * marked.
 * @example
 * const game = quadraticGame(1, 2);
 * crowdCurvesSpec(crowdCurvesData(game, solveFineTuning(game))).vconcat.length // 3
 */
export function crowdCurvesSpec(data: CrowdCurvesData, options: CrowdCurvesSpecOptions = {}): VegaLiteSpec {
  // pixels: 460 × 300 for the two upper panels together (the regime panel is 60 high)
  const width = 460;
  const height = 300;
  // legend entries in the order of the data's rules, each once, the shared powerful entry last
  const entries = new Set(data.rules.map((r) => crowdLegend(String(r["solution"]), data.highlight)));
  const solutions = [...entries].filter((e) => e !== CROWD_OTHER_POWERFUL);
  if (entries.has(CROWD_OTHER_POWERFUL)) solutions.push(CROWD_OTHER_POWERFUL);
  const x = {
    field: "delta",
    type: "quantitative",
    title: "revenue share δ (G's share)",
    scale: { domain: [0, 1] },
  };
  const noX = { ...x, axis: { title: null, labels: false } };
  const series = [
    ...(data.highlight === null ? [] : [data.highlight]),
    CROWD_SERIES.median,
    CROWD_SERIES.middle,
    CROWD_SERIES.range,
  ];
  const colours = [...(data.highlight === null ? [] : ["#ff7f0e"]), "#4d4d4d", "#9a9a9a", "#d0d0d0"];
  const color = {
    field: "series",
    type: "nominal",
    title: "specialists",
    scale: { domain: series, range: colours },
  };
  const y = (title: string) => ({
    field: "utility",
    type: "quantitative",
    title,
    scale: { zero: false },
  });
  const lineTooltip = [
    { field: "series", type: "nominal", title: "player" },
    { field: "delta", type: "quantitative", format: ".4f" },
    { field: "utility", type: "quantitative", format: ".4f" },
  ];
  const pointTooltip = [
    { field: "solution", type: "nominal" },
    { field: "series", type: "nominal", title: "player" },
    { field: "delta", type: "quantitative", format: ".4f" },
    { field: "utility", type: "quantitative", format: ".4f" },
  ];
  /** The Pareto set and the solutions' rules, under the upper panels. */
  const backdrop = (xe: Record<string, unknown>) => [
    ...paretoLayers(data.pareto, xe),
    solutionRules(data.rules),
  ];
  const points = (values: Row[]) => ({
    data: { values },
    mark: { type: "point", filled: true, size: 70, color: "black", opacity: 0.85 },
    encoding: {
      x: { field: "delta", type: "quantitative" },
      y: { field: "utility", type: "quantitative" },
      // (a label limit that fits the shared entry, "powerful (other specialists)")
      shape: {
        field: "legend",
        type: "nominal",
        title: "solution",
        sort: solutions,
        legend: { labelLimit: 240 },
      },
      tooltip: pointTooltip,
    },
  });
  const top = {
    width,
    height: Math.round(height * 0.42),
    layer: [
      ...backdrop(noX),
      paretoNote(data.pareto.length),
      {
        data: { values: data.generalist },
        mark: { type: "line", strokeWidth: 2, color: "#1f77b4" },
        encoding: { x: noX, y: y("U of G"), tooltip: lineTooltip },
      },
      points(data.generalistPoints),
    ],
  };
  const middle = {
    width,
    height: Math.round(height * 0.58),
    layer: [
      ...backdrop(noX),
      {
        data: { values: data.bands },
        mark: { type: "area", opacity: 0.6 },
        encoding: {
          x: noX,
          y: { ...y("U of the specialists"), field: "lo" },
          y2: { field: "hi" },
          color,
          tooltip: [
            { field: "series", type: "nominal" },
            { field: "delta", type: "quantitative", format: ".4f" },
            { field: "lo", type: "quantitative", format: ".4f" },
            { field: "hi", type: "quantitative", format: ".4f" },
          ],
        },
      },
      {
        data: { values: data.lines },
        mark: { type: "line", strokeWidth: 2 },
        encoding: {
          x: noX,
          y: y("U of the specialists"),
          color,
          strokeDash: {
            condition: { test: `datum.series === '${CROWD_SERIES.median}'`, value: [4, 3] },
            value: [1, 0],
          },
          tooltip: lineTooltip,
        },
      },
      points(data.points),
    ],
  };
  const strip = {
    width,
    height: 60,
    data: { values: data.regimes },
    mark: { type: "rect", opacity: 0.8 },
    encoding: {
      x: { ...x, field: "from" },
      x2: { field: "to" },
      y: { field: "lo", type: "quantitative", title: "specialists" },
      y2: { field: "hi" },
      color: {
        field: "regime",
        type: "nominal",
        title: "specialist regime",
        scale: { domain: Object.keys(REGIME_COLORS), range: Object.values(REGIME_COLORS) },
      },
      tooltip: [
        { field: "regime", type: "nominal" },
        { field: "count", type: "quantitative", title: "specialists" },
        { field: "from", type: "quantitative", title: "from δ", format: ".4f" },
        { field: "to", type: "quantitative", title: "to δ", format: ".4f" },
      ],
    },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleOf(options.title ?? "Equilibrium utilities against the revenue share δ", options.subtitle),
    vconcat: [top, middle, strip],
    spacing: 6,
    resolve: { scale: { color: "independent", x: "shared", y: "independent", shape: "shared" } },
  };
}
