/**
 * Openness regulation as a model object: G decides whether to release its model (ω), D fine-tunes,
 * under a regulation (threshold θ, penalty p); the answer is the subgame-perfect equilibrium
 * beside the unregulated one and the region of the regulatory landscape it falls in.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193)
 */
import { type OpennessEquilibrium, type OpennessSolution, solveOpenness } from "../openness/equilibrium.js";
import type { OpennessModel } from "../openness/model.js";
import { regionMap } from "../plots/regionMap.js";
import { parseInput } from "../scenario/issues.js";
import {
  type OpennessScenario,
  opennessModelFromScenario,
  opennessScenarioSchema,
} from "../scenario/openness.js";
import { formatNumber as fmt, scalarLeaves } from "./format.js";
import { MODEL_SUMMARIES } from "./summaries.js";
import type { Cell, ModelDefinition } from "./types.js";

/** The regulation as the answer reports it (no regulation: threshold 0, penalty 0, "fixed"). */
export interface RegulationSummary {
  readonly threshold: number;
  readonly penalty: number;
  readonly form: string;
}

/** The equilibrium and the regulation it was solved under. */
export interface OpennessModelResult {
  readonly solution: OpennessSolution;
  readonly regulation: RegulationSummary;
  readonly certificate: OpennessSolution["certificate"];
  readonly warnings: readonly string[];
}

function equilibriumJson(e: OpennessEquilibrium) {
  return {
    delta: e.delta,
    omega: e.omega,
    alpha0: e.alpha0,
    alpha1: e.alpha1,
    utilities: { G: e.utilities.G, D: e.utilities.D },
    welfare: e.welfare,
    decision: e.decision,
    penaltyPaid: e.penaltyPaid,
  };
}

/** The JSON answer (stable keys; see docs/openness.md). */
export function opennessJson(r: OpennessSolution, regulation: RegulationSummary) {
  return {
    model: "openness",
    mode: r.mode,
    solution: r.solution,
    regulation,
    ...equilibriumJson(r),
    outcome: r.outcome,
    unregulated: equilibriumJson(r.unregulated),
    certificate: r.certificate,
    warnings: r.warnings,
  };
}

export const opennessModel: ModelDefinition<OpennessScenario, OpennessModel, OpennessModelResult> = {
  id: "openness",
  summary: MODEL_SUMMARIES.openness,
  fixedDelta: true,
  regulated: (game) => game,
  parse: (raw) => parseInput(opennessScenarioSchema, raw),
  build: (sc) => opennessModelFromScenario(sc),
  solve(game, options = {}) {
    const model = options.delta === undefined ? game : { ...game, delta: options.delta };
    const solution = solveOpenness(model);
    return {
      solution,
      regulation: {
        threshold: model.regulation?.threshold ?? 0,
        penalty: model.regulation?.penalty ?? 0,
        form: model.regulation?.form ?? "fixed",
      },
      certificate: solution.certificate,
      warnings: solution.warnings,
    };
  },
  json: (r) => opennessJson(r.solution, r.regulation),
  report({ solution: r, regulation }) {
    const row = (name: string, e: OpennessEquilibrium): string[] => [
      name,
      fmt(e.delta),
      e.decision,
      fmt(e.omega),
      fmt(e.alpha0),
      fmt(e.alpha1),
      fmt(e.utilities.G),
      fmt(e.utilities.D),
      fmt(e.welfare),
      fmt(e.penaltyPaid),
    ];
    const mode = r.mode === "fixed" ? "fixed δ" : `bargaining (${r.solution})`;
    return {
      before: [
        `Openness regulation — ${mode}; threshold θ = ${fmt(regulation.threshold)}, penalty p = ${fmt(regulation.penalty)} (${regulation.form})`,
        "",
      ],
      table: {
        columns: ["", "δ", "decision", "ω", "α0", "α1", "U_G", "U_D", "welfare", "penalty"],
        rows: [row("regulated", r), row("unregulated", r.unregulated)],
      },
      after: [
        "",
        `Outcome: ${r.outcome}`,
        `Certificate: ${r.certificate.method} stage 2; D's first-order residual ${fmt(r.certificate.stage3Residual)}; best deviation gain of G ${fmt(r.certificate.deviationGain)}`,
        ...r.warnings.map((w) => `warning: ${w}`),
      ],
    };
  },
  csv(r) {
    // one row: every scalar of the answer but the certificate's internals
    const columns = scalarLeaves(opennessJson(r.solution, r.regulation)).filter(
      ([k]) => !k.startsWith("certificate.") && !k.startsWith("warnings"),
    );
    return { columns: columns.map(([k]) => k), rows: [columns.map(([, v]) => v as Cell)] };
  },
  figure(game, options) {
    const bargaining = typeof game.delta === "object";
    return regionMap(
      game,
      `Regulatory regions over (θ, p) — ${options.subtitle ?? options.source}`,
      bargaining ? 21 : 61,
      0.5,
      bargaining ? 64 : undefined,
    ).spec;
  },
};
