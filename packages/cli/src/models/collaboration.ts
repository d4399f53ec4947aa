/**
 * `ftg solve` for `"model": "collaboration"`: runs a collaboration scheme between competing firms
 * (analytic learners) and prints the Nash bargaining target, the verdict and the trajectory
 * (JSON, a table, or CSV with `--csv`).
 */
import {
  collaborationScenarioSchema,
  consumersFromSpec,
  learnersFromScenario,
  runNFirmProtocol,
  runScheme,
  type Scheme,
} from "@ftg/core";
import { UserError } from "../errors.js";
import { fmt, table } from "../io/format.js";
import { validate } from "../io/validate.js";
import type { ModelHandler, SolveOutput } from "./handler.js";

/** Rows shown in the human table: about 20, always the first and the last. */
function sampleRows<T>(rows: readonly T[]): T[] {
  const every = Math.max(1, Math.ceil(rows.length / 20));
  return rows.filter((_, k) => k % every === 0 || k === rows.length - 1);
}

export const collaborationHandler: ModelHandler = {
  model: "collaboration",
  summary: "collaboration schemes between competitors; the defection-free protocol (Algorithm 1)",
  solve(raw, flags, _io, label): SolveOutput {
    const s = validate(collaborationScenarioSchema, raw, label);
    if (flags.delta !== undefined) throw new UserError('--delta applies to "fine-tuning" scenarios only');
    const consumers = consumersFromSpec(s.consumers);
    const learners = learnersFromScenario(s);
    const maxQuality = s.maxQuality ?? 1;
    const ids = Object.keys(s.initial);
    const common = {
      ...(s.rounds === undefined ? {} : { rounds: s.rounds }),
      ...(s.stepSize === undefined ? {} : { stepSize: s.stepSize }),
      ...(s.bTilde === undefined ? {} : { bTilde: s.bTilde }),
      ...(s.convergenceTol === undefined ? {} : { convergenceTol: s.convergenceTol }),
    };
    if (ids.length === 2) {
      const scheme = (s.scheme ?? "defection-free") as Scheme;
      const run = runScheme(
        { learners: { low: learners["low"]!, high: learners["high"]! }, maxQuality, consumers },
        scheme,
        {
          ...common,
          ...(s.pacing === undefined ? {} : { pacing: s.pacing }),
        },
      );
      const t = run.target;
      const trajectory = run.trajectory.map((r) => ({
        round: r.round,
        ql: r.ql,
        qh: r.qh,
        revenueLow: r.revenueLow,
        revenueHigh: r.revenueHigh,
        rho: r.rho,
        nash: r.nash,
      }));
      const json = {
        model: "collaboration",
        scheme,
        consumers: consumers.description,
        roles: run.roles,
        target: { ql: t.ql, qh: t.qh, rho: t.rho, nash: t.nash },
        disagreement: t.disagreement,
        verdict: run.verdict,
        trajectory,
        warnings: run.warnings,
      };
      const v = run.verdict;
      const loss = (f: "low" | "high"): string => {
        const e = v.firstLoss[f];
        return e === null ? "never" : `first in round ${e.round} (${fmt(e.from)} → ${fmt(e.to)})`;
      };
      const text = [
        `Scheme ${scheme}, ${trajectory.length - 1} rounds (${consumers.description})`,
        `Roles by starting quality: firm "${run.roles.low}" plays the low role, firm "${run.roles.high}" the high one (q_l, q_h below are by role)`,
        `Nash target: q_l* = ${fmt(t.ql)}, q_h* = ${fmt(t.qh)}, ρ* = ${fmt(t.rho)}, N* = ${fmt(t.nash)}`,
        `Low firm lost revenue: ${loss("low")}; high firm lost revenue: ${loss("high")}`,
        `Distance to target ${fmt(v.distance)} (${v.converged ? "converged" : "not converged"}); Nash gap ${fmt(v.nashGap)}`,
        ...(v.rolesSwappedAt === null
          ? []
          : [`The low firm's model overtook the high firm's in round ${v.rolesSwappedAt}`]),
        table(
          ["round", "q_l", "q_h", "U_l", "U_h", "ρ", "Nash product"],
          sampleRows(trajectory).map((r) => [
            String(r.round),
            fmt(r.ql),
            fmt(r.qh),
            fmt(r.revenueLow),
            fmt(r.revenueHigh),
            fmt(r.rho),
            fmt(r.nash),
          ]),
        ),
        ...run.warnings.map((w) => `warning: ${w}`),
      ].join("\n");
      const csv = [
        "round,ql,qh,revenueLow,revenueHigh,rho,nash",
        ...trajectory.map(
          (r) => `${r.round},${r.ql},${r.qh},${r.revenueLow},${r.revenueHigh},${r.rho},${r.nash}`,
        ),
      ].join("\n");
      return { json, text, csv: `${csv}\n` };
    }
    const run = runNFirmProtocol({ learners, maxQuality, consumers }, common);
    const byId = (xs: readonly number[]) => Object.fromEntries(run.ids.map((id, i) => [id, xs[i]!]));
    const trajectory = run.trajectory.map((r) => ({
      round: r.round,
      qualities: byId(r.qualities),
      revenues: byId(r.revenues),
      nash: r.nash,
    }));
    const json = {
      model: "collaboration",
      scheme: "defection-free",
      consumers: consumers.description,
      ranking: run.ranking,
      target: { qualities: byId(run.target.qualities), nash: run.target.nash },
      disagreement: byId(run.target.disagreement),
      verdict: {
        firstLoss: Object.fromEntries(run.ids.map((id, i) => [id, run.firstLoss[i] ?? null])),
        anyLoss: run.anyLoss,
        distance: run.distance,
        converged: run.converged,
      },
      trajectory,
      warnings: run.warnings,
    };
    const text = [
      `Defection-free protocol, ${run.ids.length} firms (Appendix B, exact N-firm market), ${trajectory.length - 1} rounds`,
      `Ranks by starting quality (best first): ${run.ranking.join(", ")}`,
      `Nash target: ${run.ids.map((id, i) => `${id} ${fmt(run.target.qualities[i])}`).join(", ")}; N* = ${fmt(run.target.nash)}`,
      `Any firm lost revenue: ${run.anyLoss ? "YES" : "no"}; distance to target ${fmt(run.distance)} (${run.converged ? "converged" : "not converged"})`,
      table(
        ["round", ...run.ids.map((id) => `q_${id}`), ...run.ids.map((id) => `U_${id}`), "Nash product"],
        sampleRows(run.trajectory).map((r) => [
          String(r.round),
          ...r.qualities.map((q) => fmt(q)),
          ...r.revenues.map((u) => fmt(u)),
          fmt(r.nash),
        ]),
      ),
      ...run.warnings.map((w) => `warning: ${w}`),
    ].join("\n");
    const csv = [
      ["round", ...run.ids.map((id) => `q_${id}`), ...run.ids.map((id) => `revenue_${id}`), "nash"].join(","),
      ...run.trajectory.map((r) => [r.round, ...r.qualities, ...r.revenues, r.nash].join(",")),
    ].join("\n");
    return { json, text, csv: `${csv}\n` };
  },
};
