/**
 * Checks a claimed answer to a fine-tuning game — this toolkit's, a paper's, another program's —
 * without trusting, or running, the solver that produced it: every verdict comes from the game's
 * own functions through the independent searches of ./checkModel.ts.
 *
 * - Each claimed equilibrium: utilities recomputed from the claimed strategies, every player's
 *   best unilateral deviation (global searches; abstaining and staying out included), first-order
 *   residuals where the utility is smooth, and "G stays out" against G's best entry.
 * - Each solution: its objective at its δ against the best found over the bargains δ ∈ [0, 1]
 *   (grid, structure changes located by bisection, maxima refined within each piece).
 * - The Pareto set: its points are not dominated; points just outside it and sampled bargains
 *   outside it are.
 *
 * A failed item is evidence (a concrete better deviation, δ or dominating bargain); a passed item
 * holds at the search's resolution, stated in the result (grid sizes, tolerances, whether G's
 * search range is proved). Conventions as in ./model.ts and ../bargaining/solve.ts.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–4
 */
import type { ClaimedEquilibrium, FineTuningAnswer } from "./answer.js";
import { checkOptimality, checkPareto, Objectives } from "./checkBargaining.js";
import { checkEquilibrium, EQUILIBRIUM_DENSITY, recompute } from "./checkEquilibrium.js";
import { referenceOutcome } from "./checkModel.js";
import type { SearchDensity } from "./checkResponse.js";
import { type DeltaSweep, sweepFor } from "./checkSweep.js";
import {
  type CheckItem,
  type CheckTolerances,
  EXACT_CHECK_TOLERANCES,
  NUMERIC_CHECK_TOLERANCES,
} from "./checkTypes.js";
import { type FineTuningGame, isPolynomialGame } from "./model.js";

/** Options of {@link checkFineTuningAnswer}; every field is optional. */
export interface CheckOptions {
  /** Overrides of the tolerances (defaults: {@link EXACT_CHECK_TOLERANCES} or {@link NUMERIC_CHECK_TOLERANCES}). */
  readonly tolerances?: Partial<CheckTolerances>;
  /** Grid intervals over δ for the optimality and Pareto checks. Default 2048 (polynomial games), 128 (numeric). */
  readonly deltaGrid?: number;
  /**
   * G's best response by the generic O(n²)-per-δ search even where the O(n log n) sorted
   * thresholds apply (polynomial specialists, no direct channel): the reference the fast path is
   * tested against. Default false.
   */
  readonly referenceSearch?: boolean;
}

/** The verdicts on an answer. */
export interface CheckResult {
  /** True when every item holds. */
  readonly holds: boolean;
  readonly items: readonly CheckItem[];
  /** Number of items that fail. */
  readonly failures: number;
  /** "polynomial": exact best responses and a proved range for G; "numeric": searches. */
  readonly method: "polynomial" | "numeric";
  /** max(1, largest |utility| or |d| seen): multiplies the utility-valued tolerances. */
  readonly scale: number;
  /** The tolerances used (before scaling). */
  readonly tolerances: CheckTolerances;
  /** δ examined by the sweep over [0, 1] (0 for a single equilibrium). */
  readonly samples: number;
  readonly warnings: readonly string[];
}

/** Rounds of recomputing the δ the verdicts over δ rest on (see checkFineTuningAnswer). */
const CONFIRM_ROUNDS = 4;

const SWEEP_DENSITY_EXACT: SearchDensity = { alpha: 16, alpha0: 4 };
const SWEEP_DENSITY_NUMERIC: SearchDensity = { alpha: 24, alpha0: 200 };

const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x));

/**
 * Checks `answer` against `game` (read it with `readFineTuningAnswer`).
 * @example
 * // the quadratic game of Figure 4 and its equilibrium at δ = 1/2 (α0 = 1/4, α = 3/8)
 * const game = fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] });
 * const claim = { delta: 0.5, alpha0: 0.25, alphas: { D: 0.375 }, utilities: { G: 0.125, D: 0.15625 } };
 * checkFineTuningAnswer(game, readFineTuningAnswer(game, claim)).holds // true
 * // G's performance off by 0.01: its utility, both deviations and both first-order conditions fail
 * checkFineTuningAnswer(game, readFineTuningAnswer(game, { ...claim, alpha0: 0.26 })).failures // 5
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–4
 */
export function checkFineTuningAnswer(
  game: FineTuningGame,
  answer: FineTuningAnswer,
  options: CheckOptions = {},
): CheckResult {
  const exact = isPolynomialGame(game);
  const tolerances: CheckTolerances = {
    ...(exact ? EXACT_CHECK_TOLERANCES : NUMERIC_CHECK_TOLERANCES),
    ...options.tolerances,
  };
  const density = {
    ...(exact ? SWEEP_DENSITY_EXACT : SWEEP_DENSITY_NUMERIC),
    ...(options.referenceSearch === true ? { generic: true } : {}),
  };
  const warnings: string[] = [];
  if (!exact)
    warnings.push(
      "G's search range over α0 is found by doubling until G's utility with every specialist participating falls below its best: proved for polynomial games, assumed for expression costs",
    );
  const ds = [0, ...game.specialists.map((s) => s.disagreement)].map((d, i) =>
    Math.abs(i === 0 ? game.generalist.disagreement : d),
  );
  const items: CheckItem[] = [];
  if (answer.kind === "equilibrium") {
    const eq = answer.equilibrium;
    const o = referenceOutcome(game, eq.delta!, density);
    const scale = largestAbs([ds, o.utilities]);
    for (const it of checkEquilibrium(game, eq, "equilibrium", { tolerances, scale })) items.push(it);
    return result(items, exact, scale, tolerances, 0, warnings);
  }
  const extra = [...answer.solutions.map((s) => s.equilibrium.delta ?? 0), ...answer.pareto.flat()];
  const players = game.specialists.length + 1;
  const fullGrid = options.deltaGrid ?? (exact ? 2048 : 128);
  const fullBreakpoints = exact ? 400 : 100;
  const { grid, maxBreakpoints } = sweepBudget(players, fullGrid, fullBreakpoints);
  const sweep = sweepFor(game, { grid, density, deltaTol: exact ? 1e-12 : 1e-10, maxBreakpoints }, extra);
  if (grid < fullGrid || maxBreakpoints < fullBreakpoints)
    items.push({
      id: "sweep: resolution over δ",
      kind: "consistency",
      holds: true,
      measured: null,
      tolerance: null,
      message: `not afforded in full at ${players} players: ${grid} grid intervals and at most ${maxBreakpoints} bisected changes of structure (${fullGrid} and ${fullBreakpoints} would keep more than ${SWEEP_BYTES / 2 ** 30} GiB of utilities, one row of ${players} per δ examined)`,
    });
  if (sweep.truncated)
    warnings.push("more changes of structure over δ than the checker locates: some pieces were not bisected");
  const bargains = sweep.sorted().filter((o) => o.agreement);
  const scale = largestAbs([ds, ...bargains.map((o) => o.utilities)]);
  const ctx = { tolerances, scale, sweep };
  // solutions with identical claims are checked once, reported under the first id
  const seen = new Map<string, string>();
  for (const { id, equilibrium: eq } of answer.solutions) {
    const key = JSON.stringify(eq);
    const first = seen.get(key);
    if (first !== undefined) {
      items.push({
        id: `${id}: equilibrium`,
        kind: "consistency",
        holds: true,
        measured: null,
        tolerance: null,
        message: `same claim as ${first}, checked there`,
      });
      continue;
    }
    seen.set(key, id);
    // one item per player: appended by a loop, as a spread into push overflows the stack
    for (const it of checkEquilibrium(game, eq, id, { tolerances, scale })) items.push(it);
  }
  if (answer.solutions.some((s) => s.equilibrium.delta === null))
    items.push(noBargainAnywhere(sweep, tolerances, scale));
  // The verdicts over δ rest on the sweep's outcomes, whose G search is coarser than the
  // equilibrium checks' (on numeric games): the δ a verdict rests on — the better δ or dominator a
  // failure names, the dominator a point outside the set is passed by, the point found undominated
  // — are recomputed with the precise search, and the verdicts made again while that changes one.
  let overDelta: CheckItem[] = [];
  for (let round = 0; round < CONFIRM_ROUNDS; round++) {
    const objectives = new Objectives(game, sweep, tolerances.weakSlack * scale);
    overDelta = [
      ...checkOptimality(
        game,
        answer.solutions.map((s) => ({ ...s, revenue: claimedRevenue(game, s.equilibrium) })),
        objectives,
        ctx,
      ),
      ...checkPareto(
        answer.pareto,
        answer.solutions.flatMap((s) =>
          s.equilibrium.delta === null
            ? []
            : [{ id: s.id, delta: s.equilibrium.delta, inParetoSet: s.equilibrium.inParetoSet }],
        ),
        ctx,
      ),
    ];
    if (exact) break;
    const rests = overDelta.flatMap((i) =>
      i.witness === undefined || (i.holds && i.kind !== "pareto-outside")
        ? []
        : [i.witness.delta, ...(i.witness.better === undefined ? [] : [i.witness.better])],
    );
    let changed = false;
    for (const d of rests) if (sweep.confirm(d, EQUILIBRIUM_DENSITY)) changed = true;
    if (!changed) break;
  }
  for (const it of overDelta) items.push(it);
  return result(items, exact, scale, tolerances, sweep.size, warnings);
}

/** Bytes of examined outcomes' utilities the sweep over δ may keep (8 per player per δ). */
export const SWEEP_BYTES = 2 ** 30;

/**
 * The sweep's grid and bisection cap within {@link SWEEP_BYTES}: the full ones while the grid's
 * rows and ~40 outcomes per bisection fit in half of it (the rest is for refinements and probes),
 * else the grid halved (down to 64 intervals) and the bisections cut to what is left.
 */
function sweepBudget(
  players: number,
  grid: number,
  breakpoints: number,
): { grid: number; maxBreakpoints: number } {
  const rows = Math.floor(SWEEP_BYTES / (8 * players) / 2);
  let g = grid;
  while (g > 64 && g + 1 + 40 * breakpoints > rows && g + 1 > rows / 2) g /= 2;
  const b = Math.min(breakpoints, Math.max(16, Math.floor((rows - g - 1) / 40)));
  return { grid: g, maxBreakpoints: b };
}

/**
 * The largest |x| over the arrays (1 when all are 0), by a loop: the arrays hold one entry per
 * player, and a spread of them into Math.max overflows the call stack from a few thousand
 * specialists on. Not floored at 1: in units of 1e-6 a floor made every tolerance a thousandth of
 * the utilities, and the checker failed the Pareto set of a certified answer.
 */
function largestAbs(arrays: readonly ArrayLike<number>[]): number {
  let m = 0;
  for (const xs of arrays) for (let i = 0; i < xs.length; i++) if (Math.abs(xs[i]!) > m) m = Math.abs(xs[i]!);
  return m > 0 && Number.isFinite(m) ? m : 1;
}

/** The claimed revenue, or the one implied by the claimed strategies when none is claimed. */
function claimedRevenue(game: FineTuningGame, eq: ClaimedEquilibrium): number {
  return eq.revenue ?? recompute(game, eq).revenue;
}

/** A claimed "no bargain at any δ": G's best entry margin over the sweep. */
function noBargainAnywhere(sweep: DeltaSweep, t: CheckTolerances, scale: number): CheckItem {
  const best = sweep.maximise((o) => o.entryMargin);
  const tol = t.deviation * scale;
  return {
    id: "disagreement: G stays out at every δ",
    kind: "stays-out",
    holds: !(best.value > tol),
    measured: Number.isFinite(best.value) ? best.value : null,
    tolerance: tol,
    message: Number.isFinite(best.value)
      ? `G's best entry margin over δ ∈ [0, 1]: ${fmt(best.value)} at δ = ${fmt(best.delta)} (${best.value > tol ? "> 0: a bargain forms there" : "≤ 0: no bargain forms at any δ"})`
      : "no δ and α0 attract a participant",
  };
}

function result(
  items: CheckItem[],
  exact: boolean,
  scale: number,
  tolerances: CheckTolerances,
  samples: number,
  warnings: string[],
): CheckResult {
  const failures = items.filter((i) => !i.holds).length;
  return {
    holds: failures === 0,
    items,
    failures,
    method: exact ? "polynomial" : "numeric",
    scale,
    tolerances,
    samples,
    warnings,
  };
}
