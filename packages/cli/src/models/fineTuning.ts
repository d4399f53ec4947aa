/** `ftg solve` for `"model": "fine-tuning"` (one or many specialists). */
import {
  equilibriumAt,
  type FineTuningResult,
  type FineTuningSolution,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
  NonFiniteError,
  ScenarioError,
  solutionEntries,
  solutionList,
  solveFineTuning,
  UnboundedUtilityError,
} from "@ftg/core";
import { UserError } from "../errors.js";
import { csvText } from "../io/csv.js";
import { fmt, table } from "../io/format.js";
import { validate } from "../io/validate.js";
import { MODEL_SUMMARIES } from "./catalog.js";
import type { ModelHandler } from "./handler.js";

/**
 * Every bargaining solution of a game with these specialists, in one fixed order: tables and CSV
 * list solutions (and sweeps their columns) in this order whichever solver path produced them.
 */
export function solutionIds(names: readonly string[]): string[] {
  return [
    "nash",
    "kalai-smorodinsky",
    "egalitarian",
    "utilitarian",
    "max-performance",
    "powerful-G",
    ...names.map((n) => `powerful-${n}`),
  ];
}

/** CSV columns per player: performances, utilities (G first), revenue, regimes. */
function perPlayer(names: readonly string[]): string[] {
  return [
    ...names.map((n) => `alpha_${n}`),
    "utility_G",
    ...names.map((n) => `utility_${n}`),
    "revenue",
    ...names.map((n) => `regime_${n}`),
  ];
}

/** The values of {@link perPlayer}'s columns for one equilibrium. */
function playerValues(
  names: readonly string[],
  eq: {
    alphas: Record<string, number | null>;
    utilities: Record<string, number>;
    revenue: number;
    regimes: Record<string, string>;
  },
): unknown[] {
  return [
    ...names.map((n) => eq.alphas[n]),
    eq.utilities["G"],
    ...names.map((n) => eq.utilities[n]),
    eq.revenue,
    ...names.map((n) => eq.regimes[n]),
  ];
}

const SHOWN = 4; // specialists shown individually in the table; more are summarised

function guard<T>(label: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof UnboundedUtilityError || e instanceof NonFiniteError) {
      throw new UserError(`${label}: ${e.message}`);
    }
    throw e;
  }
}

function regimeSummary(regimes: Record<string, string>): string {
  const counts = new Map<string, number>();
  for (const r of Object.values(regimes)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, c]) => `${c} ${r}`).join(", ");
}

/** The human-readable rendering of a full solve. */
export function fineTuningText(r: FineTuningResult): string {
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
  const lines = [
    `Fine-tuning game — ${names.length} specialist${names.length === 1 ? "" : "s"}, solved by the ${r.method} path`,
    `Pareto set of bargains δ: ${pareto}`,
    "",
    table(header, rows),
  ];
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
  return `${lines.join("\n")}\n\n${notes.join("\n")}`;
}

export const fineTuningHandler: ModelHandler = {
  model: "fine-tuning",
  summary: MODEL_SUMMARIES["fine-tuning"],
  solve(raw, flags, _io, label) {
    const scenario = validate(fineTuningScenarioSchema, raw, label);
    const game = guard(label, () => fineTuningGameFromScenario(scenario));
    if (flags.delta !== undefined) {
      const eq = guard(label, () => equilibriumAt(game, flags.delta!));
      const names = game.specialists.map((s) => s.name);
      const text = [
        `Equilibrium at δ = ${flags.delta}${eq.agreement ? "" : " — G stays out (disagreement)"}`,
        "",
        table(
          ["player", "performance", "utility", "regime"],
          [
            ["G", fmt(eq.alpha0), fmt(eq.utilities["G"]), eq.agreement ? "invests" : "stays out"],
            ...names.map((n) => [n, fmt(eq.alphas[n]), fmt(eq.utilities[n]), eq.regimes[n]!]),
          ],
        ),
        "",
        `revenue ${fmt(eq.revenue)}; largest deviation gain ${fmt(eq.certificate?.maxDeviationGain ?? 0, 3)}`,
      ].join("\n");
      const csv = csvText(
        ["delta", "agreement", "alpha0", ...perPlayer(names)],
        [[flags.delta, eq.agreement, eq.alpha0, ...playerValues(names, eq)]],
      );
      return { json: { model: "fine-tuning", ...eq }, text, csv };
    }
    const result = guard(label, () => solveFineTuning(game));
    const names = game.specialists.map((s) => s.name);
    const csv = csvText(
      ["solution", "delta", "alpha0", ...perPlayer(names), "inParetoSet"],
      solutionIds(names).flatMap((id) => {
        const s = (result.solutions as Partial<Record<string, FineTuningSolution>>)[id];
        return s === undefined ? [] : [[id, s.delta, s.alpha0, ...playerValues(names, s), s.inParetoSet]];
      }),
    );
    return { json: result, text: fineTuningText(result), csv };
  },
};
