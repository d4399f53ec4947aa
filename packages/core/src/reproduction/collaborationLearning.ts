/**
 * "Defection-free Collaboration" Figures 1–3, the learning figures: the schemes run with the
 * data-free analytic learner (the paper trains on MNIST; the command line can substitute real
 * training). Setting: two firms, starting qualities q_l = 0.2, q_h = 0.7, best attainable quality
 * 1, uniform consumer types, analytic learners with rate 0.05, 200 rounds.
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md) Sections 3–4
 */
import { analyticLearner } from "../collaboration/learner.js";
import { runScheme, type Scheme, type SchemeRun } from "../collaboration/schemes.js";
import { lineChartSpec } from "../plots/lineChart.js";
import { num, panels, type Row } from "../plots/spec.js";
import {
  claimCheck,
  type Figure,
  type FigureCheck,
  type FigureDefinition,
  numericCheck,
  show,
} from "./figure.js";

/** The learning setting of Figures 1–3. */
export const COLLABORATION_SETTING = Object.freeze({
  initial: { low: 0.2, high: 0.7 },
  maxQuality: 1,
  rate: 0.05,
  rounds: 200,
});

/** A scheme run with analytic learners in {@link COLLABORATION_SETTING}. */
export function analyticRun(scheme: Scheme): SchemeRun {
  const s = COLLABORATION_SETTING;
  const learner = (initial: number) =>
    analyticLearner({ initial, ceilings: { "high+low": s.maxQuality }, rate: s.rate });
  return runScheme(
    { learners: { low: learner(s.initial.low), high: learner(s.initial.high) }, maxQuality: s.maxQuality },
    scheme,
    { rounds: s.rounds },
  );
}

/** Rows of a trajectory (long format: one row per round and series). */
export function trajectoryRows(run: SchemeRun): { quality: Row[]; revenue: Row[]; nash: Row[] } {
  const quality: Row[] = [];
  const revenue: Row[] = [];
  const nash: Row[] = [];
  for (const r of run.trajectory) {
    quality.push({ round: r.round, series: "low firm q_l", value: r.ql });
    quality.push({ round: r.round, series: "high firm q_h", value: r.qh });
    revenue.push({ round: r.round, series: "low firm U_l", value: r.revenueLow });
    revenue.push({ round: r.round, series: "high firm U_h", value: r.revenueHigh });
    nash.push({ round: r.round, series: "Nash product", value: num(r.nash) });
  }
  return { quality, revenue, nash };
}

/** The figure of a scheme: qualities, revenues and (optionally) the Nash product over rounds. */
export function trajectorySpec(run: SchemeRun, title: string, subtitle: string, withNash: boolean) {
  const t = trajectoryRows(run);
  const chart = (rows: Row[], name: string, target?: number, label?: string) =>
    lineChartSpec({
      title: name,
      data: rows,
      x: { field: "round", title: "round t" },
      y: { field: "value", title: name, zero: true },
      series: "series",
      seriesTitle: "",
      width: 260,
      height: 190,
      ...(target === undefined ? {} : { hrules: [{ y: target, ...(label === undefined ? {} : { label }) }] }),
    });
  const specs = [chart(t.quality, "model quality"), chart(t.revenue, "revenue (utility)")];
  if (withNash) specs.push(chart(t.nash, "Nash product of gains", run.target.nash, "N* (Nash bargaining)"));
  return { spec: panels(specs, { title, subtitle }), data: t };
}

const last = (run: SchemeRun) => run.trajectory[run.trajectory.length - 1]!;
const minRevenue = (run: SchemeRun) =>
  Math.min(...run.trajectory.flatMap((r) => [r.revenueLow, r.revenueHigh]));
const settingText = "analytic learner: q_l,0 = 0.2, q_h,0 = 0.7, q_h* = 1, rate 0.05, 200 rounds";

export const figure1: FigureDefinition = {
  id: "dfc-figure-1",
  paper: "defection-free-collaboration",
  label: "Figure 1",
  title: "Complete collaboration: qualities converge, revenues go to zero",
  build(): Figure {
    const run = analyticRun("complete");
    const end = last(run);
    const peak = Math.max(...run.trajectory.map((r) => r.revenueHigh));
    const { spec, data } = trajectorySpec(run, "Figure 1 — complete collaboration", settingText, false);
    const checks: FigureCheck[] = [
      numericCheck(
        "L3-qualities",
        "Lemma 3 / Figure 1: both models converge to the same quality",
        0,
        Math.abs(end.qh - end.ql),
        1e-3,
      ),
      numericCheck(
        "L3-revenues",
        "Lemma 3: with identical qualities both revenues are 0 (final revenue ÷ peak)",
        0,
        Math.max(end.revenueLow, end.revenueHigh) / peak,
        1e-3,
      ),
      claimCheck(
        "S3.2-defect",
        "Section 3.2: both firms have cause to defect (each loses revenue at some round)",
        "both lose",
        `low firm first loses in round ${run.verdict.firstLoss.low?.round ?? "—"}, high firm in round ${run.verdict.firstLoss.high?.round ?? "—"}`,
        run.verdict.firstLoss.low !== null && run.verdict.firstLoss.high !== null,
      ),
    ];
    return fig(
      this,
      "Qualities and revenues under complete collaboration (FedAvg-like): qualities meet, revenues vanish.",
      data,
      spec,
      checks,
      run.warnings,
    );
  },
};

export const figure2: FigureDefinition = {
  id: "dfc-figure-2",
  paper: "defection-free-collaboration",
  label: "Figure 2a–b",
  title: "One-sided collaboration: only the high firm shares (a), only the low firm shares (b)",
  build(): Figure {
    const high = analyticRun("one-sided-high");
    const low = analyticRun("one-sided-low");
    const df = analyticRun("defection-free");
    const a = trajectorySpec(high, "(a) only the high-quality firm shares", "", false);
    const b = trajectorySpec(low, "(b) only the low-quality firm shares", "", false);
    const checks: FigureCheck[] = [
      claimCheck(
        "S3.3-high-loses",
        "Section 3.3: when only the high firm shares, it loses revenue",
        "the high firm's revenue falls",
        high.verdict.firstLoss.high === null
          ? "never falls"
          : `falls first in round ${high.verdict.firstLoss.high.round} (${show(high.verdict.firstLoss.high.from)} → ${show(high.verdict.firstLoss.high.to)})`,
        high.verdict.firstLoss.high !== null,
      ),
      claimCheck(
        "F2a-negative",
        "Figure 2a: the high firm's revenue becomes negative",
        "negative revenue",
        `revenues stay ≥ 0 (min ${show(minRevenue(high))}); the low firm overtakes in round ${high.verdict.rolesSwappedAt ?? "—"} and the roles swap`,
        minRevenue(high) >= 0 && high.verdict.rolesSwappedAt !== null,
        "figure-2a-negative-revenue",
      ),
      claimCheck(
        "S3.3-low-shares",
        "Section 3.3: when only the low firm shares, neither firm loses revenue",
        "both revenues increase",
        low.verdict.anyLoss ? "a firm lost revenue" : "no revenue loss in any round",
        !low.verdict.anyLoss,
      ),
      claimCheck(
        "F2b-less",
        "Figure 2 caption: one-sided (low shares) leaves the low firm less revenue than defection-free",
        "less revenue",
        `final U_l: one-sided ${show(last(low).revenueLow)}, defection-free ${show(last(df).revenueLow)}`,
        last(low).revenueLow < last(df).revenueLow,
      ),
    ];
    const data = {
      "a-quality": a.data.quality,
      "a-revenue": a.data.revenue,
      "b-quality": b.data.quality,
      "b-revenue": b.data.revenue,
    };
    return fig(
      this,
      "Top (a): only the high firm shares — the low firm overtakes and the high firm loses revenue. Bottom (b): only the low firm shares — both gain, the low firm less than under the defection-free scheme.",
      data,
      panels([a.spec, b.spec], {
        title: "Figure 2 — one-sided collaboration",
        subtitle: settingText,
        direction: "v",
      }),
      checks,
      [...high.warnings, ...low.warnings],
    );
  },
};

export const figure3: FigureDefinition = {
  id: "dfc-figure-3",
  paper: "defection-free-collaboration",
  label: "Figure 3",
  title: "Defection-free collaboration (Algorithm 1) converges to the Nash bargaining solution",
  build(): Figure {
    const run = analyticRun("defection-free");
    const low = analyticRun("one-sided-low");
    const { spec, data } = trajectorySpec(run, "Figure 3 — defection-free collaboration", settingText, true);
    const end = last(run);
    const checks: FigureCheck[] = [
      claimCheck(
        "A1-no-loss",
        "Algorithm 1: no firm loses revenue in any round",
        "no loss",
        run.verdict.anyLoss ? "a firm lost revenue" : "no revenue loss in any round",
        !run.verdict.anyLoss,
      ),
      numericCheck(
        "P5-converges",
        "Proposition 5: qualities converge to (q_l*, q_h*) (max-norm distance)",
        0,
        run.verdict.distance,
        1e-3,
      ),
      numericCheck(
        "P5-nash-gap",
        "Figure 3: the Nash product approaches its maximum N*",
        0,
        run.verdict.nashGap / run.target.nash,
        1e-3,
        {
          paperText: "N* (relative gap 0)",
        },
      ),
      claimCheck(
        "F3-above-one-sided",
        "Section 4 / Figure 3: 'their revenues reach a higher level than under One-sided Collaboration' — true for the low firm only: with q_h → q_h* in both schemes, U_h falls in q_l (Prop. 1), so the high firm earns less once the low firm improves",
        "both revenues higher",
        `final (U_l, U_h): defection-free (${show(end.revenueLow)}, ${show(end.revenueHigh)}), one-sided (${show(last(low).revenueLow)}, ${show(last(low).revenueHigh)})`,
        end.revenueLow > last(low).revenueLow && end.revenueHigh < last(low).revenueHigh,
        "figure-3-revenue-levels",
      ),
    ];
    return fig(
      this,
      "Qualities, revenues and the Nash product of revenue gains under Algorithm 1.",
      data,
      spec,
      checks,
      run.warnings,
    );
  },
};

/** A figure of this collection from its parts (parameters: the learning setting for Figures 1–3). */
export function fig(
  def: FigureDefinition,
  caption: string,
  data: Record<string, readonly Row[]>,
  spec: ReturnType<typeof panels>,
  checks: readonly FigureCheck[],
  warnings: readonly string[],
): Figure {
  return {
    id: def.id,
    paper: def.paper,
    label: def.label,
    title: def.title,
    caption,
    parameters: def.id <= "dfc-figure-3" ? { ...COLLABORATION_SETTING, learner: "analytic" } : {},
    data,
    spec,
    checks,
    warnings,
  };
}
