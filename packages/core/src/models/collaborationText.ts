/** The collaboration model's answers as data: JSON, report and CSV. */

import type { NFirmRun } from "../collaboration/nFirm.js";
import type { SchemeRun } from "../collaboration/schemes.js";
import { formatNumber as fmt } from "./format.js";
import type { Report, Table } from "./types.js";

/** The run of two firms under a scheme, or of N firms under the protocol. */
export type CollaborationModelResult =
  | {
      readonly firms: 2;
      readonly run: SchemeRun;
      readonly consumers: string;
      readonly certificate: SchemeRun["verdict"];
      readonly warnings: readonly string[];
    }
  | {
      readonly firms: "n";
      readonly run: NFirmRun;
      readonly consumers: string;
      readonly certificate: { anyLoss: boolean; distance: number; converged: boolean };
      readonly warnings: readonly string[];
    };

/** Rows shown in the human table: about 20, always the first and the last. */
function sampleRows<T>(rows: readonly T[]): T[] {
  const every = Math.max(1, Math.ceil(rows.length / 20));
  return rows.filter((_, k) => k % every === 0 || k === rows.length - 1);
}

/** The JSON answer (stable keys; see docs/collaboration.md). */
export function collaborationJson(r: CollaborationModelResult): unknown {
  if (r.firms === 2) {
    const run = r.run;
    const t = run.target;
    return {
      model: "collaboration",
      scheme: run.scheme,
      consumers: r.consumers,
      roles: run.roles,
      target: { ql: t.ql, qh: t.qh, rho: t.rho, nash: t.nash },
      disagreement: t.disagreement,
      verdict: run.verdict,
      trajectory: run.trajectory.map((x) => ({
        round: x.round,
        ql: x.ql,
        qh: x.qh,
        revenueLow: x.revenueLow,
        revenueHigh: x.revenueHigh,
        rho: x.rho,
        nash: x.nash,
      })),
      warnings: run.warnings,
    };
  }
  const run = r.run;
  const byId = (xs: readonly number[]) => Object.fromEntries(run.ids.map((id, i) => [id, xs[i]!]));
  return {
    model: "collaboration",
    scheme: "defection-free",
    consumers: r.consumers,
    ranking: run.ranking,
    target: { qualities: byId(run.target.qualities), nash: run.target.nash },
    disagreement: byId(run.target.disagreement),
    verdict: {
      firstLoss: Object.fromEntries(run.ids.map((id, i) => [id, run.firstLoss[i] ?? null])),
      anyLoss: run.anyLoss,
      distance: run.distance,
      converged: run.converged,
    },
    trajectory: run.trajectory.map((x) => ({
      round: x.round,
      qualities: byId(x.qualities),
      revenues: byId(x.revenues),
      nash: x.nash,
    })),
    warnings: run.warnings,
  };
}

/** The human-readable report: target, verdict and about twenty rounds of the trajectory. */
export function collaborationReport(r: CollaborationModelResult): Report {
  if (r.firms === 2) {
    const run = r.run;
    const t = run.target;
    const v = run.verdict;
    const loss = (f: "low" | "high"): string => {
      const e = v.firstLoss[f];
      return e === null ? "never" : `first in round ${e.round} (${fmt(e.from)} → ${fmt(e.to)})`;
    };
    return {
      before: [
        `Scheme ${run.scheme}, ${run.trajectory.length - 1} rounds (${r.consumers})`,
        `Roles by starting quality: firm "${run.roles.low}" plays the low role, firm "${run.roles.high}" the high one (q_l, q_h below are by role)`,
        `Nash target: q_l* = ${fmt(t.ql)}, q_h* = ${fmt(t.qh)}, ρ* = ${fmt(t.rho)}, N* = ${fmt(t.nash)}`,
        `Low firm lost revenue: ${loss("low")}; high firm lost revenue: ${loss("high")}`,
        `Distance to target ${fmt(v.distance)} (${v.converged ? "converged" : "not converged"}); Nash gap ${fmt(v.nashGap)}`,
        ...(v.rolesSwappedAt === null
          ? []
          : [`The low firm's model overtook the high firm's in round ${v.rolesSwappedAt}`]),
      ],
      table: {
        columns: ["round", "q_l", "q_h", "U_l", "U_h", "ρ", "Nash product"],
        rows: sampleRows(run.trajectory).map((x) => [
          String(x.round),
          fmt(x.ql),
          fmt(x.qh),
          fmt(x.revenueLow),
          fmt(x.revenueHigh),
          fmt(x.rho),
          fmt(x.nash),
        ]),
      },
      after: run.warnings.map((w) => `warning: ${w}`),
    };
  }
  const run = r.run;
  return {
    before: [
      `Defection-free protocol, ${run.ids.length} firms (Appendix B, exact N-firm market), ${run.trajectory.length - 1} rounds`,
      `Ranks by starting quality (best first): ${run.ranking.join(", ")}`,
      `Nash target: ${run.ids.map((id, i) => `${id} ${fmt(run.target.qualities[i])}`).join(", ")}; N* = ${fmt(run.target.nash)}`,
      `Any firm lost revenue: ${run.anyLoss ? "YES" : "no"}; distance to target ${fmt(run.distance)} (${run.converged ? "converged" : "not converged"})`,
    ],
    table: {
      columns: [
        "round",
        ...run.ids.map((id) => `q_${id}`),
        ...run.ids.map((id) => `U_${id}`),
        "Nash product",
      ],
      rows: sampleRows(run.trajectory).map((x) => [
        String(x.round),
        ...x.qualities.map((q) => fmt(q)),
        ...x.revenues.map((u) => fmt(u)),
        fmt(x.nash),
      ]),
    },
    after: run.warnings.map((w) => `warning: ${w}`),
  };
}

/** The CSV answer: one row per round. */
export function collaborationCsv(r: CollaborationModelResult): Table {
  if (r.firms === 2)
    return {
      columns: ["round", "ql", "qh", "revenueLow", "revenueHigh", "rho", "nash"],
      rows: r.run.trajectory.map((x) => [x.round, x.ql, x.qh, x.revenueLow, x.revenueHigh, x.rho, x.nash]),
    };
  const ids = r.run.ids;
  return {
    columns: ["round", ...ids.map((id) => `q_${id}`), ...ids.map((id) => `revenue_${id}`), "nash"],
    rows: r.run.trajectory.map((x) => [x.round, ...x.qualities, ...x.revenues, x.nash]),
  };
}
