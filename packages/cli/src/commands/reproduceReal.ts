/**
 * The learning figures of "Defection-free Collaboration" (Figures 1, 2a–b, 3) from real training
 * (`ftg reproduce --real`): one `collab-train` run of all four schemes — logistic regression on
 * the paper's Fashion-MNIST firms by default — drawn with the same specifications as the analytic
 * figures, and checked against the paper's claims about them. Real training is evidence, not a
 * proof: a claim that does not hold on the data is reported as a difference, not as a bug (see
 * docs/real-data.md, Findings).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Sections 3–5
 */
import {
  claimCheck,
  type Figure,
  type FigureCheck,
  panels,
  type SchemeRun,
  show,
  trajectorySpec,
} from "@ftg/core";
import type { ExperimentResult } from "@ftg/ml";
import type { CollabTrainSettings } from "../training/collabRecord.js";

/** The ids of the figures that real training replaces. */
export const REAL_FIGURE_IDS: readonly string[] = ["dfc-figure-1", "dfc-figure-2", "dfc-figure-3"];

const last = (run: SchemeRun) => run.trajectory[run.trajectory.length - 1]!;
const peak = (run: SchemeRun) => Math.max(...run.trajectory.flatMap((r) => [r.revenueLow, r.revenueHigh]));

function lossText(run: SchemeRun, firm: "low" | "high"): string {
  const e = run.verdict.firstLoss[firm];
  return e === null ? "never falls" : `falls first in round ${e.round} (${show(e.from)} → ${show(e.to)})`;
}

/**
 * Figures 1–3 from a finished run of all four schemes (two firms).
 *
 * @throws Error when the run lacks one of the four two-firm schemes
 */
export function realLearningFigures(
  result: ExperimentResult,
  s: CollabTrainSettings,
  dataName = "Fashion-MNIST",
): Figure[] {
  const byScheme = (scheme: string): SchemeRun => {
    const r = result.runs.find((x) => x.kind === "two-firm" && x.run.scheme === scheme);
    if (r === undefined || r.kind !== "two-firm") throw new Error(`real training: no ${scheme} run`);
    return r.run;
  };
  const complete = byScheme("complete");
  const high = byScheme("one-sided-high");
  const low = byScheme("one-sided-low");
  const df = byScheme("defection-free");
  const learner = s.model === "logistic" ? "logistic regression" : "LeNet-5";
  const sizes = s.firms.map((f) => f.size).join(" + ");
  const setting = `real training: ${learner} on ${dataName}, firms of ${sizes} examples, quality (on a validation split) = ${s.measure === "accuracy" ? "1 − error rate" : "1 − normalised loss"}, q_h* = ${show(result.maxQuality.value)} (${result.maxQuality.method}), ${s.rounds} rounds, seed ${s.seed}`;
  const parameters = {
    learner: `${s.model} (real training, ftg collab-train)`,
    settings: s,
    roles: result.roles,
    start: result.start.map((f) => ({ id: f.id, quality: f.quality })),
    maxQuality: result.maxQuality.value,
    stepSize: result.stepSize.value,
    files: ["real-training.json", "real-training.csv"],
  };
  const warnings = (...runs: SchemeRun[]) => [...result.warnings, ...runs.flatMap((r) => r.warnings)];
  const figure = (
    id: string,
    label: string,
    title: string,
    caption: string,
    data: Figure["data"],
    spec: Figure["spec"],
    checks: FigureCheck[],
    runs: SchemeRun[],
  ): Figure => ({
    id,
    paper: "defection-free-collaboration",
    label,
    title: `${title} (real training)`,
    caption: `${caption} ${setting}.`,
    parameters,
    data,
    spec,
    checks,
    warnings: warnings(...runs),
  });

  const f1 = trajectorySpec(complete, "Figure 1 — complete collaboration (real training)", setting, false);
  const gap = (r: { ql: number; qh: number }) => Math.abs(r.qh - r.ql);
  const figure1 = figure(
    "dfc-figure-1",
    "Figure 1",
    "Complete collaboration: qualities converge, revenues go to zero",
    "Qualities and revenues when both firms train on both pools.",
    f1.data,
    f1.spec,
    [
      claimCheck(
        "S3.2-defect",
        "Section 3.2: both firms have cause to defect (each loses revenue at some round)",
        "both lose",
        `low firm: revenue ${lossText(complete, "low")}; high firm: ${lossText(complete, "high")}`,
        complete.verdict.firstLoss.low !== null && complete.verdict.firstLoss.high !== null,
      ),
      claimCheck(
        "L3-revenues",
        "Lemma 3 / Figure 1: complete sharing drives both revenues towards 0 (final revenue ≤ 10% of the run's peak)",
        "both → 0",
        `final U_l ${show(last(complete).revenueLow)}, U_h ${show(last(complete).revenueHigh)}; peak ${show(peak(complete))}`,
        Math.max(last(complete).revenueLow, last(complete).revenueHigh) <= 0.1 * peak(complete),
      ),
      claimCheck(
        "L3-qualities",
        "Lemma 3 / Figure 1: the qualities converge (the gap |q_h − q_l| shrinks)",
        "gap → 0",
        `gap ${show(gap(complete.trajectory[0]!))} → ${show(gap(last(complete)))}`,
        gap(last(complete)) < gap(complete.trajectory[0]!),
      ),
    ],
    [complete],
  );

  const a = trajectorySpec(high, "(a) only the high-quality firm shares", "", false);
  const b = trajectorySpec(low, "(b) only the low-quality firm shares", "", false);
  const figure2 = figure(
    "dfc-figure-2",
    "Figure 2a–b",
    "One-sided collaboration: only the high firm shares (a), only the low firm shares (b)",
    "Top (a): only the high firm shares. Bottom (b): only the low firm shares.",
    {
      "a-quality": a.data.quality,
      "a-revenue": a.data.revenue,
      "b-quality": b.data.quality,
      "b-revenue": b.data.revenue,
    },
    panels([a.spec, b.spec], {
      title: "Figure 2 — one-sided collaboration (real training)",
      subtitle: setting,
      direction: "v",
    }),
    [
      claimCheck(
        "S3.3-high-loses",
        "Section 3.3: when only the high firm shares, it loses revenue",
        "the high firm's revenue falls",
        `the high firm's revenue ${lossText(high, "high")}`,
        high.verdict.firstLoss.high !== null,
      ),
      claimCheck(
        "S3.3-low-shares",
        "Section 3.3: when only the low firm shares, neither firm loses revenue (assumes both firms saturated on their own data; Section 5 pre-trains only the high firm)",
        "both revenues increase",
        `low firm: revenue ${lossText(low, "low")}; high firm: ${lossText(low, "high")}`,
        !low.verdict.anyLoss,
      ),
    ],
    [high, low],
  );

  const f3 = trajectorySpec(df, "Figure 3 — defection-free collaboration (real training)", setting, true);
  const figure3 = figure(
    "dfc-figure-3",
    "Figure 3",
    "Defection-free collaboration (Algorithm 1) converges to the Nash bargaining solution",
    "Qualities, revenues and the Nash product of revenue gains under Algorithm 1.",
    f3.data,
    f3.spec,
    [
      claimCheck(
        "A1-no-loss",
        "Algorithm 1: no firm loses revenue in any round",
        "no loss",
        df.verdict.anyLoss
          ? `low firm: revenue ${lossText(df, "low")}; high firm: ${lossText(df, "high")}`
          : "no revenue loss in any round",
        !df.verdict.anyLoss,
      ),
      claimCheck(
        "F3-reaches-nash",
        "Proposition 5 / Figure 3: defection-free reaches the Nash bargaining solution (N_T ≥ 0.9·N*)",
        "N_T/N* ≥ 0.9",
        `N_T = ${show(last(df).nash)}, N* = ${show(df.target.nash)}: N_T/N* = ${df.target.nash > 0 ? show(last(df).nash / df.target.nash) : "—"}`,
        df.target.nash > 0 && last(df).nash >= 0.9 * df.target.nash,
      ),
      claimCheck(
        "F3-closer-than-one-sided",
        "Section 5: defection-free ends closer to the Nash bargaining solution (Nash gap N* − N_T) than one-sided collaboration",
        "smaller gap",
        `Nash gap N* − N_T (N_T signed: negative when a firm lost, a product of two losses is no gain): defection-free ${show(df.verdict.nashGap)} (N_T ${show(last(df).nash)}), only low shares ${show(low.verdict.nashGap)} (N_T ${show(last(low).nash)}), only high shares ${show(high.verdict.nashGap)} (N_T ${show(last(high).nash)})`,
        df.verdict.nashGap < low.verdict.nashGap && df.verdict.nashGap < high.verdict.nashGap,
      ),
    ],
    [df],
  );
  return [figure1, figure2, figure3];
}
