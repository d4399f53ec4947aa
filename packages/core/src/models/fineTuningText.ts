/** The fine-tuning model's human-readable report (as data: lines and table cells). */

import { solutionEntries, solutionList } from "../bargaining/problem.js";
import type { FineTuningResult } from "../fine-tuning/solve.js";
import { formatNumber as fmt } from "./format.js";
import type { Report } from "./types.js";

/** Specialists shown individually in the table; more are summarised. */
const SHOWN = 4;

function regimeSummary(regimes: Record<string, string>): string {
  const counts = new Map<string, number>();
  for (const r of Object.values(regimes)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, c]) => `${c} ${r}`).join(", ");
}

/** The report of a full solve: Pareto set, every solution, notes, certificate, warnings. */
export function fineTuningReport(r: FineTuningResult): Report {
  const names = r.players.slice(1);
  const few = names.length <= SHOWN;
  const header = ["solution", "δ", "α0", ...(few ? names.map((n) => `α(${n})`) : []), "U(G)"];
  if (few) header.push(...names.map((n) => `U(${n})`), "revenue", ...names.map((n) => `regime(${n})`));
  else header.push("ΣU(D)", "revenue", "regimes");
  const rows = solutionEntries(r.solutions).map(([id, s]) => {
    const row = [
      id + (s.ties.length > 0 ? " (tie)" : "") + (s.inParetoSet ? "" : " †"),
      fmt(s.delta),
      fmt(s.alpha0),
    ];
    if (few) row.push(...names.map((n) => fmt(s.alphas[n])));
    row.push(fmt(s.utilities["G"]));
    if (few)
      row.push(...names.map((n) => fmt(s.utilities[n])), fmt(s.revenue), ...names.map((n) => s.regimes[n]!));
    else
      row.push(
        fmt(names.reduce((a, n) => a + (s.utilities[n] ?? 0), 0)),
        fmt(s.revenue),
        regimeSummary(s.regimes),
      );
    return row;
  });
  const pareto =
    r.pareto.length === 0
      ? "empty (disagreement)"
      : r.pareto.map(([a, b]) => `[${fmt(a, 9)}, ${fmt(b, 9)}]`).join(" ∪ ");
  const notes: string[] = [];
  if (solutionList(r.solutions).some((s) => !s.inParetoSet && s.delta !== null))
    notes.push("† not in the Pareto set");
  for (const [id, s] of solutionEntries(r.solutions)) {
    if (s.ties.length > 0) {
      notes.push(
        `${id}: tied maximisers ${s.ties.map(([a, b]) => (a === b ? fmt(a) : `[${fmt(a)}, ${fmt(b)}]`)).join(", ")}; smallest reported`,
      );
    }
  }
  const nash = r.solutions.nash;
  if (nash.direct !== undefined) {
    notes.push(
      nash.direct === null
        ? "G's direct channel: unused at the Nash bargain"
        : `G's direct channel at the Nash bargain: performance ${fmt(nash.direct.alpha)}, revenue ${fmt(nash.direct.revenue)}, profit ${fmt(nash.direct.profit)}`,
    );
  }
  if (r.theorem71 !== undefined) {
    const t = r.theorem71;
    notes.push(
      `Theorem 7.1: condition 1 ${t.condition1 ? "holds" : "fails"}, condition 2 ${t.condition2 ? "holds" : "fails"}; at δ = 1/2 both invest and gain: ${t.conclusionAtHalf ? "yes" : "no"}`,
    );
  }
  notes.push(
    `Certificate: largest deviation gain ${fmt(r.certificate.maxDeviationGain, 3)}; largest uniform gain off the Pareto set ${fmt(r.certificate.paretoUniformGain, 3)}`,
  );
  for (const w of r.warnings) notes.push(`warning: ${w}`);
  return {
    before: [
      `Fine-tuning game — ${names.length} specialist${names.length === 1 ? "" : "s"}, solved by the ${r.method} path`,
      `Pareto set of bargains δ: ${pareto}`,
      "",
    ],
    table: { columns: header, rows },
    after: ["", ...notes],
  };
}
