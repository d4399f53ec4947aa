/**
 * The full analysis of a fine-tuning game: the Pareto set of bargains over δ and every
 * bargaining solution, each with its equilibrium, regimes, Theorem 4.1 conditions and
 * certificates (conventions in ./model.ts and ../bargaining/solve.ts).
 *
 * Methods, chosen automatically (`method: "auto"`):
 * - `closed-form`: one specialist, polynomial costs with k0, k1 ≥ 2, no fixed cost, identity
 *   revenue, zero disagreement payoffs. Utilities are strictly unimodal (Prop. 3.1), so the Pareto
 *   set is the interval between the powerful-player solutions (Theorem 2.1); solutions are the
 *   closed forms of Props 3.2–3.6 (quadratic costs) or roots of exact first-order conditions.
 * - `polynomial`: polynomial costs (with fixed costs) and linear revenues, any n and d: the exact
 *   equilibrium at each δ, and the generic global bargaining solver over δ.
 * - `numeric`: any functions: numeric equilibria and the generic bargaining solver.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Sections 2–4
 */

import { type SolutionId, type SolutionMap, solutionList } from "../bargaining/problem.js";
import { type BargainingCertificate, type BargainingOptions, solveBargaining } from "../bargaining/solve.js";
import { InputError } from "../inputError.js";
import { cellBounds } from "./cellBounds.js";
import { structureHolds } from "./cellStructure.js";
import { type CertificateOptions, certifyEquilibrium, type EquilibriumCertificate } from "./certificate.js";
import { ChoicesMade } from "./choices.js";
import { type Equilibrium, type EquilibriumOptions, equilibrium } from "./equilibrium.js";
import { equilibriumAtChoice, type PolynomialChoice, recycleUtilities } from "./equilibriumPolynomial.js";
import { dominanceReduction } from "./ideals.js";
import { type FineTuningGame, isPolynomialGame, playerNames, type Regime } from "./model.js";
import { inVectorSlab, useVectorSlabs } from "./packed.js";
import { ClosedForms } from "./piece.js";
import { type RegimeConditions, regimeConditions, type Theorem71, theorem71 } from "./regimes.js";
import { closedFormApplies, closedFormSolutions } from "./solveClosedForm.js";

export { closedFormApplies } from "./solveClosedForm.js";

export type FineTuningMethod = "closed-form" | "polynomial" | "numeric";

/** Options of {@link solveFineTuning}. */
export interface FineTuningOptions
  extends Omit<EquilibriumOptions, "method">,
    Omit<CertificateOptions, "method"> {
  /**
   * The solution method: "auto" (default) picks the fastest exact one the game allows; the
   * result's `method` says which ran.
   */
  readonly method?: "auto" | FineTuningMethod;
  /** @deprecated the former name of `method`, still read when `method` is absent. */
  readonly path?: "auto" | FineTuningMethod;
  /**
   * Options of the generic bargaining solver (δ grid: 256 exact paths, 64 numeric; δ tolerance:
   * 1e-10 exact, 1e-9 numeric; full checks up to {@link POLYNOMIAL_FULL_CHECKS} specialists on the
   * polynomial path, 63 on the numeric one).
   */
  readonly bargaining?: BargainingOptions;
  /** Compute certificates (default true). */
  readonly certify?: boolean;
  /**
   * Players who get a `powerful-<name>` solution: "all", or a list of names. Default: all when
   * there are at most {@link POWERFUL_ALL_LIMIT} specialists, else G only (each one is a full
   * equilibrium of n specialists in the result).
   */
  readonly powerful?: "all" | readonly string[];
  /**
   * G's choices at some δ, computed beforehand (by `polynomialChoice`, on other machines,
   * say, at the δ's of {@link bargainingGrid}): on the polynomial path the equilibrium at such a δ
   * is rebuilt from its choice in O(n) instead of solved (the same numbers). Ignored on the other
   * paths. Default: none.
   */
  readonly choices?: ReadonlyMap<number, PolynomialChoice>;
}

import {
  EXACT_GRID_SIZE,
  NUMERIC_DELTA_TOLERANCE,
  NUMERIC_GRID_SIZE,
  POLYNOMIAL_DECISIVE_CHECKS,
  POLYNOMIAL_FULL_CHECKS,
  POLYNOMIAL_KEEP_VECTORS_UP_TO,
  POLYNOMIAL_REDUCTION_FROM,
  POLYNOMIAL_STRUCTURE_PROOFS,
  POWERFUL_ALL_LIMIT,
  polynomialBreakpoints,
} from "./limits.js";

export * from "./limits.js";

/** The equilibrium at one δ, ready to report. */
export interface EquilibriumReport {
  readonly delta: number;
  readonly agreement: boolean;
  readonly alpha0: number | null;
  readonly alphas: Record<string, number | null>;
  readonly utilities: Record<string, number>;
  readonly regimes: Record<string, Regime>;
  readonly revenue: number;
  /** G's direct channel (performance, revenue, profit), when the scenario has one and G uses it. */
  readonly direct?: Equilibrium["direct"];
  /** Theorem 4.1's conditions per specialist (absent when G stays out). */
  readonly conditions: Record<string, RegimeConditions>;
  readonly certificate?: EquilibriumCertificate;
}

export interface FineTuningSolution extends Omit<EquilibriumReport, "delta" | "agreement"> {
  readonly delta: number | null;
  readonly ties: readonly (readonly [number, number])[];
  readonly inParetoSet: boolean;
}

export interface FineTuningResult {
  readonly model: "fine-tuning";
  readonly method: FineTuningMethod;
  readonly players: readonly string[];
  readonly pareto: readonly (readonly [number, number])[];
  readonly solutions: SolutionMap<FineTuningSolution>;
  readonly parties: readonly string[];
  readonly theorem71?: Theorem71;
  readonly warnings: readonly string[];
  readonly certificate: {
    /** Largest gain every player could get at once by leaving the Pareto set (≤ ~0 certifies). */
    readonly paretoUniformGain: number;
    /** Largest unilateral deviation gain over all reported equilibria (≤ ~0 certifies). */
    readonly maxDeviationGain: number;
    readonly evaluations: number;
    /**
     * The bargaining layer's evidence (generic paths): breakpoints located, close calls of
     * dominance resolved, each solution's optimality gap over every bargain examined.
     */
    readonly bargaining?: BargainingCertificate;
    /**
     * True when every check holds: the bargaining layer certified its Pareto set and solutions, and
     * every reported equilibrium's deviation gain and first-order residual are within tolerance.
     */
    readonly certified: boolean;
  };
}

function report(
  game: FineTuningGame,
  eq: Equilibrium,
  options: FineTuningOptions,
  certs: Map<number, EquilibriumCertificate>,
): EquilibriumReport {
  // the records keyed by specialist name are built when first read: with a million specialists
  // each is ~100 MB, and a caller reading only δ and G's utility never needs them
  let records: Pick<EquilibriumReport, "alphas" | "utilities" | "regimes" | "conditions"> | undefined;
  const perSpecialist = () => {
    if (records !== undefined) return records;
    const alphas: Record<string, number | null> = {};
    const utilities: Record<string, number> = { G: eq.utilities[0]! };
    const regimes: Record<string, Regime> = {};
    const conditions: Record<string, RegimeConditions> = {};
    const eqAlphas = eq.alphas;
    const eqRegimes = eq.regimes;
    game.specialists.forEach((s, i) => {
      const name = s.name;
      alphas[name] = eqAlphas[i] ?? null;
      utilities[name] = eq.utilities[i + 1]!;
      regimes[name] = eqRegimes[i]!;
      if (eq.alpha0 !== null)
        conditions[name] = regimeConditions(game, i, eq.delta, eq.alpha0, eqRegimes[i]!);
    });
    records = { alphas, utilities, regimes, conditions };
    return records;
  };
  let certificate = certs.get(eq.delta);
  if (options.certify !== false && certificate === undefined) {
    certificate = certifyEquilibrium(game, eq, equilibriumOptions(options));
    certs.set(eq.delta, certificate);
  }
  return {
    delta: eq.delta,
    agreement: eq.agreement,
    alpha0: eq.alpha0,
    get alphas() {
      return perSpecialist().alphas;
    },
    get utilities() {
      return perSpecialist().utilities;
    },
    get regimes() {
      return perSpecialist().regimes;
    },
    revenue: eq.revenue,
    ...(game.generalist.direct === undefined ? {} : { direct: eq.direct }),
    get conditions() {
      return perSpecialist().conditions;
    },
    ...(certificate === undefined ? {} : { certificate }),
  };
}

/** The equilibrium at one δ with regimes, conditions and certificate. */
export function equilibriumAt(
  game: FineTuningGame,
  delta: number,
  options: FineTuningOptions = {},
): EquilibriumReport {
  return report(game, equilibrium(game, delta, equilibriumOptions(options)), options, new Map());
}

/** The equilibrium solvers' options from the analysis' (closed-form games solve exactly). */
function equilibriumOptions(options: FineTuningOptions): EquilibriumOptions {
  const { method, path, ...rest } = options;
  const asked = method ?? path ?? "auto";
  return { ...rest, method: asked === "closed-form" ? "polynomial" : asked };
}

/**
 * The method {@link solveFineTuning} takes for `game` with `options` (`"auto"` resolved: the
 * closed form where it applies, else the polynomial path where the game allows it, else numeric).
 * @example
 * fineTuningMethod(fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] })) // "closed-form"
 */
export function fineTuningMethod(game: FineTuningGame, options: FineTuningOptions = {}): FineTuningMethod {
  const asked = options.method ?? options.path ?? "auto";
  if (asked !== "auto") return asked;
  return closedFormApplies(game) ? "closed-form" : isPolynomialGame(game) ? "polynomial" : "numeric";
}

/**
 * The δ's at which {@link solveFineTuning} samples the game before it refines (the bargaining
 * solver's uniform grid j/gridSize, j = 0…gridSize, with the same grid size), in increasing order;
 * empty when the closed form solves the game (nothing is sampled). What a distributed solve
 * computes G's choices at beforehand (see `choices`).
 * @example
 * const poly = (c, fixed = 0) => ({ polynomial: { c, k: 2, fixed } });
 * const game = fineTuningGameFromScenario({ generalist: { cost: poly(1) }, specialists: [{ cost: poly(2, 0.01) }, { cost: poly(1) }] });
 * bargainingGrid(game).length // 257
 * bargainingGrid(game)[1] // 0.00390625
 */
export function bargainingGrid(game: FineTuningGame, options: FineTuningOptions = {}): number[] {
  const method = fineTuningMethod(game, options);
  if (method === "closed-form") return [];
  const asked =
    options.bargaining?.gridSize ?? (method === "polynomial" ? EXACT_GRID_SIZE : NUMERIC_GRID_SIZE);
  // the bargaining solver's own reading of gridSize (../bargaining/solve.ts)
  const gridSize = Math.max(4, Math.floor(asked));
  return Array.from({ length: gridSize + 1 }, (_, j) => j / gridSize);
}

/**
 * Solves the game: Pareto set and all bargaining solutions.
 * @example
 * // quadratic costs c0 = 1, c1 = 2 (Props 3.2–3.5): Pareto set [1/3, 1]
 * const game = fineTuningGameFromScenario({ generalist: { cost: "a0^2" }, specialists: [{ cost: "2*(a-a0)^2" }] });
 * solveFineTuning(game).solutions.utilitarian.delta // 0.6666666666666666
 * solveFineTuning(game).solutions.nash.delta // ≈ 0.622839
 */
export function solveFineTuning(game: FineTuningGame, options: FineTuningOptions = {}): FineTuningResult {
  const method = fineTuningMethod(game, options);
  if (method === "closed-form" && !closedFormApplies(game)) {
    throw new InputError(
      [
        {
          path: "method",
          message:
            '"closed-form" needs one specialist, polynomial costs with k ≥ 2 and no fixed cost, r(a) = a, d = 0',
        },
      ],
      "option",
    );
  }
  const eqOptions: EquilibriumOptions = {
    ...options,
    method: method === "numeric" ? "numeric" : "polynomial",
  };
  const certs = new Map<number, EquilibriumCertificate>();
  const players = playerNames(game);
  const warnings: string[] = [];
  const many = game.specialists.length > POWERFUL_ALL_LIMIT;
  const powerful = options.powerful ?? (many ? ["G"] : "all");
  if (options.powerful === undefined && many) {
    warnings.push(
      `powerful-<specialist> solutions omitted for ${game.specialists.length} > ${POWERFUL_ALL_LIMIT} specialists (ask for them with the "powerful" option)`,
    );
  }
  let pareto: (readonly [number, number])[];
  let parties: readonly string[];
  let raw: {
    id: SolutionId;
    delta: number | null;
    ties: (readonly [number, number])[];
    inParetoSet: boolean;
    /** The equilibrium the bargaining layer computed at δ (reused, not solved again). */
    outcome?: Equilibrium | null;
  }[];
  let paretoUniformGain = 0;
  let evaluations = 0;
  let bargaining: BargainingCertificate | undefined;
  // a polynomial solve whose cells were not proven free of hidden windows (not certified)
  let unproven = false;

  if (method === "closed-form") {
    const cf = closedFormSolutions(game);
    pareto = [cf.pareto];
    parties = cf.parties;
    raw = cf.solutions;
  } else {
    const exact = method === "polynomial";
    // choices made elsewhere serve only the path that made them
    const choices = exact ? options.choices : undefined;
    // above POLYNOMIAL_REDUCTION_FROM specialists, the few specialists that decide dominance
    // (./decisive.ts; by default up to POLYNOMIAL_DECISIVE_CHECKS specialists, at any size with the
    // limit of full checks lifted; up to POLYNOMIAL_FULL_CHECKS every player's checks otherwise)
    const ns = game.specialists.length;
    const lifted = (options.bargaining?.fullChecksMaxPlayers ?? 0) > ns;
    // G's choice at every δ evaluated (./choices.ts): for the reduction's ideal points, the proofs
    // between two of them (./cellStructure.ts) and the closed forms along a piece (./piece.ts)
    const made = new ChoicesMade();
    const forms = new ClosedForms(game, made);
    const reduction =
      exact && ns > POLYNOMIAL_REDUCTION_FROM && (ns <= POLYNOMIAL_DECISIVE_CHECKS || lifted)
        ? dominanceReduction(game, POLYNOMIAL_FULL_CHECKS, made)
        : null;
    const asked = options.bargaining?.structureProofs;
    const proofs =
      exact &&
      (ns <= POLYNOMIAL_DECISIVE_CHECKS || lifted) &&
      asked !== false &&
      (ns <= POLYNOMIAL_STRUCTURE_PROOFS || asked === true);
    // the samples' utility vectors from a few large buffers (see packed.ts's utilityVector)
    useVectorSlabs(game, true);
    let res: ReturnType<typeof solveBargaining<Equilibrium>>;
    try {
      res = solveBargaining(
        {
          players,
          disagreement: [game.generalist.disagreement, ...game.specialists.map((s) => s.disagreement)],
          evaluate: (d) => {
            const choice = choices?.get(d);
            const e =
              choice === undefined ? equilibrium(game, d, eqOptions) : equilibriumAtChoice(game, d, choice);
            made.note(e);
            return e;
          },
          ...(proofs
            ? {
                sameStructure: (lo: number, hi: number) => {
                  const [a, b] = [made.end(lo), made.end(hi)];
                  return a !== undefined && b !== undefined && structureHolds(game, lo, hi, a, b);
                },
              }
            : {}),
          recycle: (u) => recycleUtilities(game, u),
          ...(reduction === null
            ? {}
            : {
                decisive: reduction.decisive,
                bestUtilities: reduction.bestUtilities,
                piece: (lo: number) => forms.of(lo, reduction.decisive),
                pieceUtilities: (lo: number) => forms.ofAll(lo),
                // G's choices at the cell's ends: its utility's bound below, a path for sharper ones
                cellBounds: (lo: number, hi: number, below?: number) =>
                  cellBounds(game, reduction.decisive, lo, hi, [made.end(lo), made.end(hi)], below),
              }),
        },
        {
          gridSize: exact ? EXACT_GRID_SIZE : NUMERIC_GRID_SIZE,
          powerful,
          // numeric utilities resolve a flat maximum to ~1e-8 in δ: locating points to 1e-10
          // only adds golden-section steps (the target is 1e-7; measured error ≈ 2e-8 either way)
          ...(exact ? {} : { tolerances: { delta: NUMERIC_DELTA_TOLERANCE } }),
          // every check of the certificate while it costs seconds (see POLYNOMIAL_FULL_CHECKS)
          ...(exact ? { fullChecksMaxPlayers: POLYNOMIAL_FULL_CHECKS + 1 } : {}),
          // many specialists: vectors rebuilt when read, not kept (see POLYNOMIAL_KEEP_VECTORS_UP_TO)
          ...(exact && ns > POLYNOMIAL_KEEP_VECTORS_UP_TO ? { vectorMemory: 0 } : {}),
          // changes of regime located: a budget in changes × n (see POLYNOMIAL_BREAKPOINT_ITEMS)
          ...(exact ? polynomialBreakpoints(ns) : {}),
          ...options.bargaining,
        },
      );
    } finally {
      useVectorSlabs(game, false);
    }
    pareto = res.pareto.map(([a, b]) => [a, b] as const);
    parties = res.parties;
    warnings.push(...res.warnings);
    if (exact && !proofs && res.certificate.certified) {
      unproven = true;
      warnings.push(
        `structure: cells of one structure not proven free of a window of another structure (proofs ${asked === false ? "turned off" : `made by default up to ${POLYNOMIAL_STRUCTURE_PROOFS} specialists`}; bargaining.structureProofs: true makes them, though where many thresholds crowd around G's choice some cells may stay unproven), so the certificate is not claimed`,
      );
    }
    paretoUniformGain = res.certificate.largestUniformGain;
    evaluations = res.certificate.evaluations;
    bargaining = res.certificate;
    raw = solutionList(res.solutions).map((s) => ({
      id: s.id,
      delta: s.delta,
      ties: s.ties.map(([a, b]) => [a, b] as const),
      inParetoSet: s.inParetoSet,
      // an outcome evaluated during the solve may write into a slab of many vectors: evaluated
      // again (the same numbers) into an array of its own, so that the result does not hold it
      outcome: s.outcome !== null && inVectorSlab(s.outcome.utilities) ? null : s.outcome,
    }));
  }

  const solutions: Record<string, FineTuningSolution> = {};
  let maxDeviationGain = 0;
  // several solutions often share a δ (powerful-G and max-performance at δ = 1, say)
  const reports = new Map<number, EquilibriumReport>();
  for (const s of raw) {
    if (s.delta === null) {
      solutions[s.id] = disagreementSolution(game);
      continue;
    }
    let rep = reports.get(s.delta);
    if (rep === undefined) {
      rep = report(game, s.outcome ?? equilibrium(game, s.delta, eqOptions), options, certs);
      reports.set(s.delta, rep);
    }
    if (rep.certificate !== undefined)
      maxDeviationGain = Math.max(maxDeviationGain, rep.certificate.maxDeviationGain);
    const r = rep;
    // per-specialist records read through from the report, when first read
    solutions[s.id] = {
      delta: s.delta,
      alpha0: rep.alpha0,
      get alphas() {
        return r.alphas;
      },
      get utilities() {
        return r.utilities;
      },
      get regimes() {
        return r.regimes;
      },
      revenue: rep.revenue,
      ...(rep.direct === undefined ? {} : { direct: rep.direct }),
      get conditions() {
        return r.conditions;
      },
      ...(rep.certificate === undefined ? {} : { certificate: rep.certificate }),
      ties: s.ties,
      inParetoSet: s.inParetoSet,
    };
  }
  let t71: Theorem71 | undefined;
  if (game.specialists.length === 1 && theorem71Applies(game)) {
    t71 = theorem71(game, equilibrium(game, 0.5, eqOptions));
    if (!t71.consistent)
      warnings.push("Theorem 7.1: both conditions hold but its conclusion fails at δ = 1/2");
  }
  let equilibriaCertified = true;
  for (const rep of reports.values())
    if (rep.certificate !== undefined && !rep.certificate.holds) equilibriaCertified = false;
  if (!equilibriaCertified) {
    warnings.push(
      `certificate: a reported equilibrium fails its check (a deviation gain or a first-order residual above its tolerance; largest deviation gain ${maxDeviationGain}); see each solution's certificate`,
    );
  }
  return {
    model: "fine-tuning",
    method,
    players,
    pareto,
    solutions: solutions as SolutionMap<FineTuningSolution>,
    parties,
    ...(t71 === undefined ? {} : { theorem71: t71 }),
    warnings,
    certificate: {
      paretoUniformGain,
      maxDeviationGain,
      evaluations,
      ...(bargaining === undefined ? {} : { bargaining }),
      certified:
        options.certify !== false && equilibriaCertified && (bargaining?.certified ?? true) && !unproven,
    },
  };
}

/**
 * Theorem 7.1's hypotheses: zero disagreement payoffs and no fixed costs (its conclusion — both
 * invest and gain at δ = 1/2 — is not claimed outside them, so no warning is raised there).
 */
function theorem71Applies(game: FineTuningGame): boolean {
  const s = game.specialists[0]!;
  return (
    game.generalist.disagreement === 0 &&
    s.disagreement === 0 &&
    game.generalist.direct === undefined &&
    (game.generalist.cost.polynomial?.fixed ?? (game.generalist.cost.value(0) === 0 ? 0 : 1)) === 0 &&
    (s.cost.polynomial?.fixed ?? (s.cost.value(0, 0) === 0 ? 0 : 1)) === 0
  );
}

function disagreementSolution(game: FineTuningGame): FineTuningSolution {
  const each = <T>(f: (s: FineTuningGame["specialists"][number]) => T): Record<string, T> =>
    Object.fromEntries(game.specialists.map((s) => [s.name, f(s)]));
  return {
    delta: null,
    alpha0: null,
    alphas: each(() => null),
    utilities: { G: game.generalist.disagreement, ...each((s) => s.disagreement) },
    regimes: each((): Regime => "abstainer"),
    revenue: 0,
    conditions: {},
    ties: [],
    inParetoSet: false,
  };
}
