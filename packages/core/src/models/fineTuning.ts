/**
 * The fine-tuning game (Laufer, Kleinberg, Heidari) as a model object: a generalist G and n
 * specialists bargain over the revenue share δ, then invest. Solving gives the Pareto set of
 * bargains and every bargaining solution; with a fixed δ, the subgame-perfect equilibrium there.
 */
import { AnswerError, type FineTuningAnswer, readFineTuningAnswer } from "../fine-tuning/answer.js";
import { checkFineTuningAnswer } from "../fine-tuning/check.js";
import { EXACT_CHECK_TOLERANCES } from "../fine-tuning/checkTypes.js";
import type { FineTuningGame } from "../fine-tuning/model.js";
import {
  type EquilibriumReport,
  equilibriumAt,
  type FineTuningOptions,
  type FineTuningResult,
  type FineTuningSolution,
  solveFineTuning,
} from "../fine-tuning/solve.js";
import { InputError } from "../inputError.js";
import { crowdCurvesData, crowdCurvesSpec, SPECIALIST_LINES_UP_TO } from "../plots/crowdCurves.js";
import { utilityCurvesData, utilityCurvesSpec } from "../plots/utilityCurves.js";
import {
  type FineTuningScenario,
  fineTuningGameFromScenario,
  fineTuningScenarioSchema,
} from "../scenario/fineTuning.js";
import { parseInput } from "../scenario/issues.js";
import { fineTuningReport } from "./fineTuningText.js";
import { formatNumber as fmt } from "./format.js";
import { MODEL_SUMMARIES } from "./summaries.js";
import type { Cell, ModelDefinition } from "./types.js";

/** A fine-tuning answer: the full bargaining analysis, or the equilibrium at a fixed δ. */
export type FineTuningModelResult =
  | {
      readonly kind: "bargaining";
      readonly names: readonly string[];
      readonly result: FineTuningResult;
      readonly certificate: FineTuningResult["certificate"];
      readonly warnings: readonly string[];
    }
  | {
      readonly kind: "fixed";
      readonly names: readonly string[];
      readonly delta: number;
      readonly equilibrium: EquilibriumReport;
      readonly certificate: EquilibriumReport["certificate"];
      readonly warnings: readonly string[];
    };

/**
 * Every bargaining solution of a game with these specialists, in one fixed order: tables, CSV and
 * sweeps list solutions in this order whichever solver path produced them.
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

interface PlayerValues {
  alphas: Record<string, number | null>;
  utilities: Record<string, number>;
  revenue: number;
  regimes: Record<string, string>;
}

function playerValues(names: readonly string[], eq: PlayerValues): Cell[] {
  return [
    ...names.map((n) => eq.alphas[n] ?? null),
    eq.utilities["G"] ?? null,
    ...names.map((n) => eq.utilities[n] ?? null),
    eq.revenue,
    ...names.map((n) => eq.regimes[n] ?? null),
  ];
}

const num = (x: number | null | undefined): Cell =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/** The solutions present, in {@link solutionIds} order. */
function orderedSolutions(names: readonly string[], r: FineTuningResult): [string, FineTuningSolution][] {
  const solutions = r.solutions as Partial<Record<string, FineTuningSolution>>;
  return solutionIds(names).flatMap((id) => {
    const s = solutions[id];
    return s === undefined ? [] : [[id, s] as [string, FineTuningSolution]];
  });
}

/** Someone's names for a message: the first few of a long list. */
function someOf(names: readonly string[], shown = 6): string {
  return names.length <= shown
    ? names.join(", ")
    : `${names.slice(0, shown).join(", ")}, … (${names.length} specialists)`;
}

export const fineTuningModel: ModelDefinition<FineTuningScenario, FineTuningGame, FineTuningModelResult> = {
  id: "fine-tuning",
  summary: MODEL_SUMMARIES["fine-tuning"],
  fixedDelta: true,
  figureHighlight: true,
  checker: {
    tolerances: EXACT_CHECK_TOLERANCES,
    read(game, json) {
      try {
        return readFineTuningAnswer(game, json);
      } catch (e) {
        // the answer's reader names the field; as bad input it is an InputError like any other
        if (e instanceof AnswerError)
          throw new InputError([{ path: e.path, message: e.message.slice(e.path.length + 2) }]);
        throw e;
      }
    },
    check: (game, answer, options) => checkFineTuningAnswer(game, answer as FineTuningAnswer, options),
  },
  parse: (raw) => parseInput(fineTuningScenarioSchema, raw),
  build: (scenario) => fineTuningGameFromScenario(scenario),
  solve(game, options = {}) {
    const names = game.specialists.map((s) => s.name);
    if (options.delta !== undefined) {
      const equilibrium = equilibriumAt(game, options.delta);
      return {
        kind: "fixed",
        names,
        delta: options.delta,
        equilibrium,
        certificate: equilibrium.certificate,
        warnings: [],
      };
    }
    const solverOptions: FineTuningOptions = {
      ...(options.certify === undefined ? {} : { certify: options.certify }),
      bargaining: {
        ...(options.deltaGrid === undefined ? {} : { gridSize: options.deltaGrid }),
        ...(options.fullChecks === true
          ? { fullChecksMaxPlayers: Number.POSITIVE_INFINITY, structureProofs: true }
          : {}),
      },
      ...(options.choices === undefined ? {} : { choices: options.choices }),
    };
    const result = solveFineTuning(game, solverOptions);
    return { kind: "bargaining", names, result, certificate: result.certificate, warnings: result.warnings };
  },
  json: (r) => (r.kind === "fixed" ? { model: "fine-tuning", ...r.equilibrium } : r.result),
  report(r) {
    if (r.kind === "bargaining") return fineTuningReport(r.result);
    const eq = r.equilibrium;
    return {
      before: [`Equilibrium at δ = ${r.delta}${eq.agreement ? "" : " — G stays out (disagreement)"}`, ""],
      table: {
        columns: ["player", "performance", "utility", "regime"],
        rows: [
          ["G", fmt(eq.alpha0), fmt(eq.utilities["G"]), eq.agreement ? "invests" : "stays out"],
          ...r.names.map((n) => [n, fmt(eq.alphas[n]), fmt(eq.utilities[n]), eq.regimes[n]!]),
        ],
      },
      after: [
        "",
        `revenue ${fmt(eq.revenue)}; largest deviation gain ${fmt(eq.certificate?.maxDeviationGain ?? 0, 3)}`,
      ],
    };
  },
  csv(r) {
    const names = r.names;
    if (r.kind === "fixed") {
      const eq = r.equilibrium;
      return {
        columns: ["delta", "agreement", "alpha0", ...perPlayer(names)],
        rows: [[r.delta, eq.agreement, eq.alpha0, ...playerValues(names, eq)]],
      };
    }
    return {
      columns: ["solution", "delta", "alpha0", ...perPlayer(names), "inParetoSet"],
      rows: orderedSolutions(names, r.result).map(([id, s]) => [
        id,
        s.delta,
        s.alpha0,
        ...playerValues(names, s),
        s.inParetoSet,
      ]),
    };
  },
  sweepRow(r) {
    if (r.kind === "fixed") throw new InputError("a sweep solves the full bargaining analysis", "option");
    const res = r.result;
    const row: Record<string, Cell> = {
      pareto: res.pareto.map(([a, b]) => `[${a}, ${b}]`).join(" ∪ "),
      method: res.method,
    };
    // every solution and player in one fixed order, present or not, so that every row has the same
    // columns in the same order whichever solver path (closed form, polynomial, numeric) it took
    const solutions = res.solutions as Partial<Record<string, FineTuningSolution>>;
    for (const id of solutionIds(r.names)) {
      const s = solutions[id];
      row[`${id}.delta`] = num(s?.delta);
      row[`${id}.alpha.G`] = num(s?.alpha0);
      for (const n of r.names) row[`${id}.alpha.${n}`] = num(s?.alphas[n]);
      for (const p of ["G", ...r.names]) row[`${id}.utility.${p}`] = num(s?.utilities[p]);
      row[`${id}.performance`] = num(s?.revenue);
      for (const n of r.names) row[`${id}.regime.${n}`] = s?.regimes[n] ?? null;
    }
    row["warnings"] = res.warnings.join("; ");
    return row;
  },
  figure(game, options) {
    const names = game.specialists.map((s) => s.name);
    const { highlight, source } = options;
    if (highlight !== undefined && !names.includes(highlight))
      throw new InputError(
        [
          {
            path: "--highlight",
            message: `"${highlight}" is not a specialist of ${source}; expected one of ${someOf(names)}`,
          },
        ],
        "option",
      );
    const samples = options.samples ?? 201;
    const subtitle = options.subtitle ?? source;
    const result = solveFineTuning(game);
    if (names.length <= SPECIALIST_LINES_UP_TO)
      return utilityCurvesSpec(utilityCurvesData(game, result, { samples }), { subtitle });
    const line = highlight ?? names[0]!;
    return crowdCurvesSpec(crowdCurvesData(game, result, { samples, highlight: line }), {
      subtitle: `${subtitle}; ${names.length} specialists, ${line} drawn as a line, grey bands: the spread of all`,
    });
  },
};
