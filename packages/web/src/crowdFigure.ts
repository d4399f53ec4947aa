/**
 * The utility figure for many specialists. A line per player stops being readable beyond about
 * ten players (a hundred overlapping lines in ten recycled colours say nothing about any one of
 * them) and a regime strip of one row per specialist grows taller than the screen. This figure
 * shows instead, against δ:
 * - G's utility and one highlighted specialist's utility as lines (the same colours as in the
 *   core's per-player figure: G blue, the first specialist orange);
 * - the specialists' spread: the range (min–max) and the middle half (quartiles) as bands, and
 *   the median as a line;
 * - the Pareto set shaded, every interval of it, and every bargaining solution as a rule with a
 *   mark on G's and the highlighted specialist's curves, exactly as in the core's figure;
 * - below, how many specialists are contributors, free-riders or abstainers at each δ (stacked).
 * Every number per specialist stays available in the page's tables. Pure functions: the page
 * calls them, the tests check them.
 * @see ../../core/src/plots/utilityCurves.ts (the per-player figure, up to nine specialists)
 */
import { REGIME_COLORS, type Row, titleOf, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "@ftg/core";
import { type CurveSamples, REGIME_CODES } from "./compute.js";

/** A solution (or the selected δ) to mark: its δ and every player's utility there. */
export interface CrowdMark {
  readonly solution: string;
  readonly delta: number;
  readonly utilities: Readonly<Record<string, number | null | undefined>>;
}

/** What the figure is drawn from. */
export interface CrowdFigureInput {
  /** G first, then the specialists in the order of the samples. */
  readonly players: readonly string[];
  readonly samples: CurveSamples;
  readonly pareto: readonly (readonly [number, number])[];
  readonly marks: readonly CrowdMark[];
  /** The specialist drawn as its own line (null: none). */
  readonly highlight: string | null;
}

/** The data sets of the figure (plain rows). */
export interface CrowdFigureData {
  /** `delta, series, utility`: G's curve. */
  readonly generalist: Row[];
  /** `delta, series, utility`: the highlighted specialist's curve and the specialists' median. */
  readonly lines: Row[];
  /** `delta, series, lo, hi`: the specialists' range and middle half. */
  readonly bands: Row[];
  readonly pareto: Row[];
  /** `solution, delta`: one rule per solution. */
  readonly rules: Row[];
  /** `solution, delta, series, utility`: marks on G's curve. */
  readonly generalistPoints: Row[];
  /** `solution, delta, series, utility`: marks on the highlighted specialist's curve. */
  readonly points: Row[];
  /**
   * `from, to, regime, count, lo, hi`: how many specialists are in each regime, constant from one
   * sampled δ to the next change (`lo`–`hi`: the regime's place in the stack, in specialists).
   */
  readonly regimes: Row[];
}

/** Series names (legend entries) other than the players'. */
export const SERIES = Object.freeze({
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

const finiteOrNull = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/**
 * The figure's data from the sampled curves.
 * @example
 * // two specialists with utilities 1 and 3 at every δ: median 2, range [1, 3]
 * crowdFigureData({ players: ["G", "A", "B"], samples, pareto: [], marks: [], highlight: null }).bands[0]
 * // { delta: 0, series: "specialists: range", lo: 1, hi: 3 }
 */
export function crowdFigureData(input: CrowdFigureInput): CrowdFigureData {
  const { delta, utilities, regimes } = input.samples;
  const m = delta.length;
  const n = input.players.length - 1;
  const hi = input.highlight === null ? -1 : input.players.indexOf(input.highlight);
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
    generalist.push({ delta: d, series: "G", utility: finiteOrNull(utilities[j]) });
    if (hi > 0)
      lines.push({ delta: d, series: input.highlight, utility: finiteOrNull(utilities[hi * m + j]) });
    tally.fill(0);
    for (let i = 0; i < n; i++) {
      column[i] = utilities[(i + 1) * m + j]!;
      tally[regimes[i * m + j]!]!++;
    }
    column.sort();
    lines.push({ delta: d, series: SERIES.median, utility: finiteOrNull(quantileSorted(column, 0.5)) });
    bands.push({
      delta: d,
      series: SERIES.range,
      lo: finiteOrNull(column[0]),
      hi: finiteOrNull(column[n - 1]),
    });
    bands.push({
      delta: d,
      series: SERIES.middle,
      lo: finiteOrNull(quantileSorted(column, 0.25)),
      hi: finiteOrNull(quantileSorted(column, 0.75)),
    });
    if (j === 0 || tally.some((t, c) => t !== run.tally[c])) {
      if (j > 0) close(d);
      run = { from: d, tally: [...tally] };
    }
  }
  if (m > 0) close(delta[m - 1]!);
  return {
    generalist,
    lines,
    bands,
    pareto: input.pareto.map(([from, to]) => ({ from, to })),
    ...crowdMarks(input),
    regimes: counts,
  };
}

/**
 * The marks alone (a rule per solution, points on G's and the highlighted specialist's curves):
 * when only δ moves, the page redraws these and keeps the curves' rows as they were.
 */
export function crowdMarks(
  input: Pick<CrowdFigureInput, "players" | "marks" | "highlight">,
): Pick<CrowdFigureData, "rules" | "generalistPoints" | "points"> {
  const hi = input.highlight === null ? -1 : input.players.indexOf(input.highlight);
  const generalistPoints: Row[] = [];
  const points: Row[] = [];
  for (const mark of input.marks) {
    generalistPoints.push({
      solution: mark.solution,
      delta: mark.delta,
      series: "G",
      utility: finiteOrNull(mark.utilities["G"]),
    });
    if (hi > 0)
      points.push({
        solution: mark.solution,
        delta: mark.delta,
        series: input.highlight,
        utility: finiteOrNull(mark.utilities[input.highlight!]),
      });
  }
  return {
    rules: input.marks.map((s) => ({ solution: s.solution, delta: s.delta })),
    generalistPoints,
    points,
  };
}

/** Options of {@link crowdFigureSpec}. */
export interface CrowdFigureSpecOptions {
  readonly title?: string;
  readonly subtitle?: string;
  /** The highlighted specialist's name (its legend entry), or null. */
  readonly highlight: string | null;
  /** The solutions marked, in legend order. */
  readonly solutions: readonly string[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * The Vega-Lite specification of the many-specialists figure (styled like the core's figures):
 * G's utility in the top panel, the specialists' in the middle one (each on its own scale: G's
 * utility is often a hundred times a specialist's, and one shared axis would flatten the spread
 * into a line), the regime counts below; δ is shared.
 */
export function crowdFigureSpec(data: CrowdFigureData, options: CrowdFigureSpecOptions): VegaLiteSpec {
  const width = options.width ?? 460;
  const height = options.height ?? 300;
  const x = {
    field: "delta",
    type: "quantitative",
    title: "revenue share δ (G's share)",
    scale: { domain: [0, 1] },
  };
  const noX = { ...x, axis: { title: null, labels: false } };
  const series = [
    ...(options.highlight === null ? [] : [options.highlight]),
    SERIES.median,
    SERIES.middle,
    SERIES.range,
  ];
  const colours = [...(options.highlight === null ? [] : ["#ff7f0e"]), "#4d4d4d", "#9a9a9a", "#d0d0d0"];
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
  const nPareto = data.pareto.length;
  /** The Pareto set and the solutions' rules, under every panel. */
  const backdrop = (xe: Record<string, unknown>) => [
    {
      data: { values: data.pareto },
      mark: { type: "rect", color: "#4a90d9", opacity: 0.15 },
      encoding: { x: { ...xe, field: "from" }, x2: { field: "to" } },
    },
    {
      // a single-point piece of the Pareto set has no width: draw it as a line
      data: { values: data.pareto },
      transform: [{ filter: "datum.to - datum.from < 0.002" }],
      mark: { type: "rule", color: "#4a90d9", strokeWidth: 3, opacity: 0.5 },
      encoding: { x: { ...xe, field: "from" } },
    },
    {
      data: { values: data.rules },
      mark: { type: "rule", strokeDash: [3, 3], opacity: 0.5, color: "#555" },
      encoding: {
        x: { field: "delta", type: "quantitative" },
        tooltip: [
          { field: "solution", type: "nominal" },
          { field: "delta", type: "quantitative", format: ".4f" },
        ],
      },
    },
  ];
  const points = (values: Row[]) => ({
    data: { values },
    mark: { type: "point", filled: true, size: 70, color: "black", opacity: 0.85 },
    encoding: {
      x: { field: "delta", type: "quantitative" },
      y: { field: "utility", type: "quantitative" },
      shape: { field: "solution", type: "nominal", title: "solution", sort: [...options.solutions] },
      tooltip: pointTooltip,
    },
  });
  const top = {
    width,
    height: Math.round(height * 0.42),
    layer: [
      ...backdrop(noX),
      {
        data: { values: [{}] },
        mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, fontSize: 10, color: "#2a6bb0" },
        encoding: {
          x: { value: 0 },
          y: { value: 0 },
          text: { value: `shaded: Pareto set (${nPareto} interval${nPareto === 1 ? "" : "s"})` },
        },
      },
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
            condition: { test: `datum.series === '${SERIES.median}'`, value: [4, 3] },
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
