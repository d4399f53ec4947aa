/**
 * Collaboration between competing firms (defection-free collaboration paper) as a model object:
 * a scheme runs for some rounds over analytic learners; the answer is the Nash bargaining target,
 * the verdict (did any firm ever lose revenue, did the run reach the target) and the trajectory.
 * Two firms run any scheme; more firms run the defection-free protocol of Appendix B.
 */
import { runNFirmProtocol } from "../collaboration/nFirm.js";
import { runScheme, type Scheme } from "../collaboration/schemes.js";
import type { ConsumerDistribution } from "../market/consumers.js";
import { lineChartSpec } from "../plots/lineChart.js";
import { panels, type Row } from "../plots/spec.js";
import {
  type CollaborationScenario,
  collaborationScenarioSchema,
  learnersFromScenario,
} from "../scenario/collaboration.js";
import { parseInput } from "../scenario/issues.js";
import { consumersFromSpec } from "../scenario/market.js";
import {
  type CollaborationModelResult,
  collaborationCsv,
  collaborationJson,
  collaborationReport,
} from "./collaborationText.js";
import { MODEL_SUMMARIES } from "./summaries.js";
import type { ModelDefinition } from "./types.js";

export type { CollaborationModelResult } from "./collaborationText.js";

/** A collaboration ready to run (learners are made afresh for each run: they learn as it goes). */
export interface CollaborationGame {
  readonly scenario: CollaborationScenario;
  readonly consumers: ConsumerDistribution;
  readonly maxQuality: number;
  /** The scheme (two firms; more firms always run the defection-free protocol). */
  readonly scheme: Scheme;
  readonly rounds?: number;
  readonly stepSize?: number;
  readonly bTilde?: number;
  readonly convergenceTol?: number;
  readonly pacing?: CollaborationScenario["pacing"];
}

function run(g: CollaborationGame): CollaborationModelResult {
  const common = {
    ...(g.rounds === undefined ? {} : { rounds: g.rounds }),
    ...(g.stepSize === undefined ? {} : { stepSize: g.stepSize }),
    ...(g.bTilde === undefined ? {} : { bTilde: g.bTilde }),
    ...(g.convergenceTol === undefined ? {} : { convergenceTol: g.convergenceTol }),
  };
  const learners = learnersFromScenario(g.scenario);
  if (Object.keys(learners).length === 2) {
    const r = runScheme(
      {
        learners: { low: learners["low"]!, high: learners["high"]! },
        maxQuality: g.maxQuality,
        consumers: g.consumers,
      },
      g.scheme,
      { ...common, ...(g.pacing === undefined ? {} : { pacing: g.pacing }) },
    );
    return {
      firms: 2,
      run: r,
      consumers: g.consumers.description,
      certificate: r.verdict,
      warnings: r.warnings,
    };
  }
  const r = runNFirmProtocol({ learners, maxQuality: g.maxQuality, consumers: g.consumers }, common);
  return {
    firms: "n",
    run: r,
    consumers: g.consumers.description,
    certificate: { anyLoss: r.anyLoss, distance: r.distance, converged: r.converged },
    warnings: r.warnings,
  };
}

const trajectoryChart = (rows: Row[], title: string) =>
  lineChartSpec({
    title,
    data: rows,
    x: { field: "round", title: "round t" },
    y: { field: "value", title, zero: true },
    series: "series",
    seriesTitle: "",
    width: 280,
    height: 200,
  });

export const collaborationModel: ModelDefinition<
  CollaborationScenario,
  CollaborationGame,
  CollaborationModelResult
> = {
  id: "collaboration",
  summary: MODEL_SUMMARIES.collaboration,
  parse: (raw) => parseInput(collaborationScenarioSchema, raw),
  build(s) {
    return {
      scenario: s,
      consumers: consumersFromSpec(s.consumers),
      maxQuality: s.maxQuality ?? 1,
      scheme: (s.scheme ?? "defection-free") as Scheme,
      ...(s.rounds === undefined ? {} : { rounds: s.rounds }),
      ...(s.stepSize === undefined ? {} : { stepSize: s.stepSize }),
      ...(s.bTilde === undefined ? {} : { bTilde: s.bTilde }),
      ...(s.convergenceTol === undefined ? {} : { convergenceTol: s.convergenceTol }),
      ...(s.pacing === undefined ? {} : { pacing: s.pacing }),
    };
  },
  solve: (game) => run(game),
  json: collaborationJson,
  report: collaborationReport,
  csv: collaborationCsv,
  figure(game, options) {
    const r = run(game);
    const quality: Row[] = [];
    const revenue: Row[] = [];
    const nash: Row[] = [];
    if (r.firms === 2) {
      for (const t of r.run.trajectory) {
        quality.push(
          { round: t.round, series: "low firm", value: t.ql },
          { round: t.round, series: "high firm", value: t.qh },
        );
        revenue.push(
          { round: t.round, series: "low firm", value: t.revenueLow },
          { round: t.round, series: "high firm", value: t.revenueHigh },
        );
        nash.push({ round: t.round, series: "Nash product", value: t.nash });
      }
    } else {
      const ids = r.run.ids;
      for (const t of r.run.trajectory) {
        ids.forEach((id, i) => {
          quality.push({ round: t.round, series: id, value: t.qualities[i]! });
        });
        ids.forEach((id, i) => {
          revenue.push({ round: t.round, series: id, value: t.revenues[i]! });
        });
        nash.push({ round: t.round, series: "Nash product", value: t.nash });
      }
    }
    const scheme = r.firms === 2 ? r.run.scheme : "defection-free";
    return panels(
      [
        trajectoryChart(quality, "model quality"),
        trajectoryChart(revenue, "revenue"),
        trajectoryChart(nash, "Nash product of gains"),
      ],
      { title: `Collaboration: ${scheme}`, subtitle: options.subtitle ?? options.source },
    );
  },
};
