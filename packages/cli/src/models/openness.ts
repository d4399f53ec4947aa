/**
 * `ftg solve` for `"model": "openness"`: the subgame-perfect equilibrium of the openness game
 * under a regulation, beside the unregulated one, and the region of the regulatory landscape.
 * `--delta δ` solves at that fixed revenue share (overriding the scenario's delta).
 */
import {
  type OpennessEquilibrium,
  type OpennessSolution,
  opennessModelFromScenario,
  opennessScenarioSchema,
  solveOpenness,
} from "@ftg/core";
import { csvText, flatten } from "../io/csv.js";
import { fmt, table } from "../io/format.js";
import { validate } from "../io/validate.js";
import { MODEL_SUMMARIES } from "./catalog.js";
import type { ModelHandler } from "./handler.js";

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

/** The JSON object printed by `--json` (stable keys; see docs/openness.md). */
export function opennessJson(
  r: OpennessSolution,
  regulation: { threshold: number; penalty: number; form: string },
) {
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

function text(r: OpennessSolution, regulation: { threshold: number; penalty: number; form: string }): string {
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
  const lines = [
    `Openness regulation — ${mode}; threshold θ = ${fmt(regulation.threshold)}, penalty p = ${fmt(regulation.penalty)} (${regulation.form})`,
    "",
    table(
      ["", "δ", "decision", "ω", "α0", "α1", "U_G", "U_D", "welfare", "penalty"],
      [row("regulated", r), row("unregulated", r.unregulated)],
    ),
    "",
    `Outcome: ${r.outcome}`,
    `Certificate: ${r.certificate.method} stage 2; D's first-order residual ${fmt(r.certificate.stage3Residual)}; best deviation gain of G ${fmt(r.certificate.deviationGain)}`,
  ];
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n");
}

export const opennessHandler: ModelHandler = {
  model: "openness",
  summary: MODEL_SUMMARIES.openness,
  solve(raw, flags, _io, label) {
    const sc = validate(opennessScenarioSchema, raw, label);
    let model = opennessModelFromScenario(sc);
    if (flags.delta !== undefined) model = { ...model, delta: flags.delta };
    const r = solveOpenness(model);
    const regulation = {
      threshold: model.regulation?.threshold ?? 0,
      penalty: model.regulation?.penalty ?? 0,
      form: model.regulation?.form ?? "fixed",
    };
    const json = opennessJson(r, regulation);
    // one row: every scalar of the answer but the certificate's internals
    const columns = flatten(json).filter(([k]) => !k.startsWith("certificate.") && !k.startsWith("warnings"));
    const csv = csvText(
      columns.map(([k]) => k),
      [columns.map(([, v]) => v)],
    );
    return { json, text: text(r, regulation), csv };
  },
};
