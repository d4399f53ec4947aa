/**
 * The figure of recorded collaboration runs (`ftg plot run.json`, `collab-train`'s record): per
 * scheme, the qualities with ρ_t and ρ*, the revenues, the revenue gains U − U_0 and the Nash
 * product with N* over the rounds — the four panels of the paper's Figure 3. Several seeds draw
 * the mean as a line and the range over seeds (min to max) as a band: one seed is not a result.
 *
 * Conventions: qualities and revenues are by role (low, high), as the runs record them; ρ* and N*
 * differ by seed (each seed has its own start and q_h*), so their rules are at the mean.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Figure 3
 */
import type { RoundRecord } from "../collaboration/schemes.js";
import { lineChartSpec } from "./lineChart.js";
import { num, panels, type Row, type VegaLiteSpec } from "./spec.js";

/** What the figure needs of one recorded run (a `SchemeRun` has it, and so does its JSON record). */
export interface RecordedRun {
  readonly scheme: string;
  readonly target: { readonly rho: number; readonly nash: number };
  readonly trajectory: readonly Pick<
    RoundRecord,
    "round" | "ql" | "qh" | "revenueLow" | "revenueHigh" | "rho" | "nash"
  >[];
}

type Series = readonly [
  name: string,
  value: (r: RecordedRun["trajectory"][number], first: RecordedRun["trajectory"][number]) => number,
];

/** Mean lines and min–max bands over runs, per round and series (rounds every run reached). */
export function seedBands(
  runs: readonly RecordedRun[],
  series: readonly Series[],
): { lines: Row[]; bands: Row[] } {
  const lines: Row[] = [];
  const bands: Row[] = [];
  const rounds = Math.min(...runs.map((r) => r.trajectory.length));
  for (let k = 0; k < rounds; k++) {
    for (const [name, value] of series) {
      const xs = runs.map((r) => value(r.trajectory[k]!, r.trajectory[0]!));
      const round = runs[0]!.trajectory[k]!.round;
      lines.push({ round, series: name, value: num(xs.reduce((a, b) => a + b, 0) / xs.length) });
      if (runs.length > 1)
        bands.push({ round, series: name, lo: num(Math.min(...xs)), hi: num(Math.max(...xs)) });
    }
  }
  return { lines, bands };
}

function chart(
  runs: readonly RecordedRun[],
  title: string,
  series: readonly Series[],
  rule?: { y: number; label: string },
): VegaLiteSpec {
  const { lines, bands } = seedBands(runs, series);
  const spec = lineChartSpec({
    title,
    data: lines,
    x: { field: "round", title: "round t" },
    y: { field: "value", title, zero: true },
    series: "series",
    seriesTitle: "",
    seriesOrder: series.map(([name]) => name),
    width: 240,
    height: 180,
    ...(rule === undefined ? {} : { hrules: [rule] }),
  }) as Record<string, unknown> & { layer: unknown[] };
  if (bands.length > 0) {
    spec.layer.unshift({
      data: { values: bands },
      mark: { type: "area", opacity: 0.2 },
      encoding: {
        x: { field: "round", type: "quantitative" },
        y: { field: "lo", type: "quantitative" },
        y2: { field: "hi" },
        // the lines' colour scale (same sort), so the two layers share one legend
        color: { field: "series", type: "nominal", title: "", sort: series.map(([name]) => name) },
      },
    });
  }
  return spec;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The four panels of every scheme of `runs` (grouped by scheme, one row each).
 * @example
 * const low = analyticLearner({ initial: 0.5, ceilings: { "high+low": 1 } });
 * const high = analyticLearner({ initial: 0.7, ceilings: { "high+low": 1 } });
 * const run = runScheme({ learners: { low, high }, maxQuality: 1 }, "defection-free");
 * const spec = recordedRunsSpec([run], { subtitle: "seed 0" });
 * spec.vconcat.length // 1 — one scheme, one row
 * spec.vconcat[0].hconcat.length // 4 — its four panels
 */
export function recordedRunsSpec(
  runs: readonly RecordedRun[],
  options: { readonly title?: string; readonly subtitle?: string } = {},
): VegaLiteSpec {
  const schemes = [...new Set(runs.map((r) => r.scheme))];
  const rows = schemes.map((scheme) => {
    const group = runs.filter((r) => r.scheme === scheme);
    const seeds = group.length > 1 ? ` (mean of ${group.length} seeds, band: range)` : "";
    const rhoStar = mean(group.map((r) => r.target.rho));
    const nStar = mean(group.map((r) => r.target.nash));
    return panels(
      [
        chart(
          group,
          "quality",
          [
            ["low firm q_l", (r) => r.ql],
            ["high firm q_h", (r) => r.qh],
            ["ρ_t = q_l/q_h", (r) => r.rho],
          ],
          { y: rhoStar, label: "ρ*" },
        ),
        chart(group, "revenue", [
          ["low firm U_l", (r) => r.revenueLow],
          ["high firm U_h", (r) => r.revenueHigh],
        ]),
        chart(group, "revenue gain U − U_0", [
          ["low firm", (r, f) => r.revenueLow - f.revenueLow],
          ["high firm", (r, f) => r.revenueHigh - f.revenueHigh],
        ]),
        chart(group, "Nash product", [["N(q_l, q_h)", (r) => r.nash]], { y: nStar, label: "N*" }),
      ],
      { title: `${scheme}${seeds}` },
    );
  });
  return panels(rows, {
    title: options.title ?? "Collaboration runs",
    ...(options.subtitle === undefined ? {} : { subtitle: options.subtitle }),
    direction: "v",
  });
}
