/**
 * The subgame-perfect equilibrium of the openness game, in fixed-δ mode or bargaining mode, with
 * the unregulated equilibrium beside it and the region the regulation puts the scenario in.
 *
 * Conventions: see ./model.ts. In bargaining mode δ is the chosen solution of the generic
 * bargaining solver (../bargaining/solve.ts) applied to the subgame-perfect payoffs of stages 2–3
 * at every δ, disagreement (0, 0); a δ at which G abstains or D stays out is not a bargain. The
 * unregulated equilibrium is bargained separately (its δ may differ). Welfare is U_G + U_D (the
 * penalty is a transfer to the regulator, reported separately).
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193)
 */

import type { BargainingProblem, BargainOutcome, SolutionId } from "../bargaining/problem.js";
import type { BargainingOptions } from "../bargaining/solve.js";
import { solveBargaining } from "../bargaining/solve.js";
import { resolveTolerances } from "../numerics/tolerances.js";
import {
  DEFAULT_OPENNESS_DELTA,
  type OpennessGame,
  type OpennessModel,
  opennessModelProblems,
  resolveOpennessGame,
} from "./model.js";
import { classifyRegulatoryRegion, type RegulatoryRegion } from "./regions.js";
import {
  type ReleaseDecision,
  type ReleaseOptions,
  type ReleaseResult,
  ReleaseSolver,
  releaseFrom,
} from "./release.js";
import { opennessOutcomeAt, opennessStage3Residual } from "./stages.js";

/**
 * A deviation of G on the check grid that gains less than this (relative to max(1, |U_G|)) is
 * round-off, not a better choice: the numeric stage 2 locates ω to 1e-10, and G's payoff is flat
 * to first order at its optimum.
 */
const DEVIATION_GAIN_TOLERANCE = 1e-9;

/** Options of {@link solveOpenness}. */
export interface OpennessOptions extends ReleaseOptions {
  /** Passed to the bargaining solver in bargaining mode (default grid 256 intervals over δ). */
  readonly bargaining?: BargainingOptions;
  /** Check G's choice against a grid of deviations (certificate). Default true. */
  readonly certify?: boolean;
  /** Intervals of the deviation grid over ω ∈ [0, 1]. Default 1000. */
  readonly deviationGrid?: number;
}

/** One equilibrium (regulated or not). */
export interface OpennessEquilibrium {
  /** The revenue share (null when no bargain forms). */
  readonly delta: number | null;
  readonly decision: ReleaseDecision;
  /** G's openness; null when G abstains. */
  readonly omega: number | null;
  readonly alpha0: number | null;
  /** D's performance; null when D (or G) stays out. */
  readonly alpha1: number | null;
  readonly utilities: { readonly G: number; readonly D: number };
  readonly welfare: number;
  readonly penaltyPaid: number;
  readonly dParticipates: boolean;
}

/** The full answer for one scenario. */
export interface OpennessSolution extends OpennessEquilibrium {
  readonly mode: "fixed" | "bargaining";
  /** The bargaining solution used (bargaining mode). */
  readonly solution: SolutionId | null;
  readonly outcome: RegulatoryRegion;
  readonly unregulated: OpennessEquilibrium;
  readonly certificate: {
    readonly method: "closed-form" | "numeric";
    /** D's first-order residual s − 2c(α1 − α0) at the equilibrium (0 when D is out). */
    readonly stage3Residual: number;
    /** Largest gain G could get by another ω on the deviation grid or by abstaining (≤ 0 expected). */
    readonly deviationGain: number | null;
    /** Bargaining mode: Pareto set and solver evidence for the regulated and unregulated bargains. */
    readonly bargaining: {
      readonly regulated: {
        readonly pareto: readonly (readonly [number, number])[];
        readonly evaluations: number;
      };
      readonly unregulated: {
        readonly pareto: readonly (readonly [number, number])[];
        readonly evaluations: number;
      };
    } | null;
  };
  readonly warnings: readonly string[];
}

/** A bargain outcome carrying the stage-2 result it came from. */
export interface OpennessBargainOutcome extends BargainOutcome {
  readonly release: ReleaseResult;
}

/**
 * Stage-2 solvers memoised by δ, shared across every (θ, p) of a landscape: the unregulated
 * optimum at each δ and the compliant optimum at each (δ, θ) are computed once.
 */
export class ReleaseCache {
  private readonly byDelta = new Map<number, ReleaseSolver>();
  /** The model resolved once: every δ's game is this one with its δ. */
  private readonly base: OpennessGame;
  /** Solvers kept before the cache is emptied (each holds its samples and compliant optima). */
  static readonly MAX_ENTRIES = 20_000;
  constructor(
    readonly model: OpennessModel,
    readonly options: ReleaseOptions = {},
  ) {
    this.base = resolveOpennessGame(model, 0);
  }
  /** The game at δ: `resolveOpennessGame(model, δ)`, without resolving the model again. */
  game(delta: number): OpennessGame {
    const b = this.base;
    // the same fields in the same order as resolveOpennessGame's
    return {
      alpha0: b.alpha0,
      delta,
      threshold: b.threshold,
      penalty: b.penalty,
      form: b.form,
      params: b.params,
    };
  }
  at(delta: number): ReleaseSolver {
    let s = this.byDelta.get(delta);
    if (s === undefined) {
      // bound memory on long landscapes: refinements visit new δ at every cell
      if (this.byDelta.size >= ReleaseCache.MAX_ENTRIES) this.byDelta.clear();
      s = new ReleaseSolver(this.game(delta), this.options);
      this.byDelta.set(delta, s);
    }
    return s;
  }
  /** The bargaining problem over δ under the rule (θ, p). */
  problem(theta: number, penalty: number): BargainingProblem<OpennessBargainOutcome> {
    const form = this.model.regulation?.form ?? "fixed";
    return {
      players: ["G", "D"],
      disagreement: [0, 0],
      evaluate: (delta) => {
        const solver = this.at(delta);
        const release = releaseFrom(solver, theta, penalty, form, this.options);
        const o = release.outcome;
        // an inner search that did not converge is reported by the bargaining layer's warnings
        const uncertain = solver.unconverged === undefined ? {} : { uncertain: solver.unconverged };
        if (o === null || !o.dParticipates)
          return { agreement: false, utilities: [0, 0], revenue: 0, release, ...uncertain };
        // G's decision is the outcome's structure: where it changes (comply ↔ ignore) the
        // utilities jump, and the solver locates that δ and refines the maxima at its sides
        const signature = release.decision;
        return {
          agreement: true,
          utilities: [o.uG, o.uD],
          revenue: o.alpha1 ?? 0,
          release,
          signature,
          ...uncertain,
        };
      },
    };
  }
}

/** The equilibrium a stage-2 result gives at δ (G abstains: no bargain). */
export function opennessEquilibriumFromRelease(
  delta: number | null,
  r: ReleaseResult | null,
): OpennessEquilibrium {
  const o = r?.outcome ?? null;
  if (r === null || o === null) {
    return {
      delta,
      decision: "abstain",
      omega: null,
      alpha0: null,
      alpha1: null,
      utilities: { G: 0, D: 0 },
      welfare: 0,
      penaltyPaid: 0,
      dParticipates: false,
    };
  }
  return {
    delta,
    decision: r.decision,
    omega: o.omega,
    alpha0: o.alpha0,
    alpha1: o.alpha1,
    utilities: { G: o.uG, D: o.uD },
    welfare: o.uG + o.uD,
    penaltyPaid: r.penaltyPaid,
    dParticipates: o.dParticipates,
  };
}

/** The equilibrium of one (θ, p) using a shared cache; no certificate (used by the landscape). */
export function opennessEquilibriumWith(
  cache: ReleaseCache,
  theta: number,
  penalty: number,
  solution: SolutionId | null,
  options: OpennessOptions = {},
): {
  eq: OpennessEquilibrium;
  pareto: readonly (readonly [number, number])[] | null;
  evaluations: number;
  warnings: readonly string[];
} {
  const model = cache.model;
  const form = model.regulation?.form ?? "fixed";
  if (solution === null) {
    const delta = typeof model.delta === "number" ? model.delta : DEFAULT_OPENNESS_DELTA;
    const solver = cache.at(delta);
    const r = releaseFrom(solver, theta, penalty, form, options);
    const warnings = solver.unconverged === undefined ? [] : [solver.unconverged];
    return {
      eq: opennessEquilibriumFromRelease(delta, r),
      pareto: null,
      evaluations: r.evaluations,
      warnings,
    };
  }
  const b = solveBargaining(cache.problem(theta, penalty), options.bargaining);
  const s = b.solutions[solution];
  if (s === undefined) throw new RangeError(`unknown bargaining solution ${JSON.stringify(solution)}`);
  const eq =
    s.delta === null || s.outcome === null || !s.outcome.agreement
      ? opennessEquilibriumFromRelease(s.delta, null)
      : opennessEquilibriumFromRelease(s.delta, s.outcome.release);
  return { eq, pareto: b.pareto, evaluations: b.certificate.evaluations, warnings: b.warnings };
}

/**
 * Solves an openness scenario: the regulated equilibrium, the unregulated one, the region.
 * @example
 * const r = solveOpenness({ alpha0: 0.9, delta: 0.5, regulation: { threshold: 0.5, penalty: 1 } });
 * r.decision // "comply"
 * r.outcome // "transfer"
 */
export function solveOpenness(model: OpennessModel, options: OpennessOptions = {}): OpennessSolution {
  const problems = opennessModelProblems(model);
  if (problems.length > 0) throw new RangeError(`invalid openness model: ${problems.join("; ")}`);
  const tol = resolveTolerances(options.tolerances);
  const cache = new ReleaseCache(model, options);
  const theta = model.regulation?.threshold ?? 0;
  const penalty = model.regulation?.penalty ?? 0;
  const solution = typeof model.delta === "object" ? model.delta.bargaining : null;
  const reg = opennessEquilibriumWith(cache, theta, penalty, solution, options);
  const unreg = opennessEquilibriumWith(cache, 0, 0, solution, options);
  const warnings = [
    ...reg.warnings.map((w) => `regulated bargain: ${w}`),
    ...unreg.warnings.map((w) => `unregulated bargain: ${w}`),
  ];
  const e = reg.eq;
  const region = classifyRegulatoryRegion(
    { delta: e.delta, omega: e.omega, uG: e.utilities.G, uD: e.utilities.D },
    { delta: unreg.eq.delta, omega: unreg.eq.omega, uG: unreg.eq.utilities.G, uD: unreg.eq.utilities.D },
    tol.utility,
  );
  let stage3Residual = 0;
  let deviationGain: number | null = null;
  let method: "closed-form" | "numeric" = "numeric";
  if (e.delta !== null) {
    const solver = cache.at(e.delta);
    method = solver.method;
    const game = solver.game;
    if (e.omega !== null) stage3Residual = opennessStage3Residual(game, opennessOutcomeAt(game, e.omega));
    if (options.certify ?? true) {
      const n = Math.max(10, options.deviationGrid ?? 1000);
      const form = model.regulation?.form ?? "fixed";
      const pay = (w: number): number => {
        const pen = form === "fixed" ? (w < theta ? penalty : 0) : penalty * Math.max(0, theta - w);
        return opennessOutcomeAt(game, w).uG - pen;
      };
      let best = 0; // abstaining
      const points = [theta, 1];
      for (let i = 0; i <= n; i++) points.push(i / n);
      for (const w of points) if (w >= 0 && w <= 1) best = Math.max(best, pay(w));
      deviationGain = best - e.utilities.G;
      if (deviationGain > DEVIATION_GAIN_TOLERANCE * Math.max(1, Math.abs(e.utilities.G))) {
        warnings.push(
          `certificate: a deviation of G on the check grid gains ${deviationGain.toExponential(2)}`,
        );
      }
    }
  }
  return {
    mode: solution === null ? "fixed" : "bargaining",
    solution,
    ...e,
    outcome: region,
    unregulated: unreg.eq,
    certificate: {
      method,
      stage3Residual,
      deviationGain,
      bargaining:
        reg.pareto === null || unreg.pareto === null
          ? null
          : {
              regulated: { pareto: reg.pareto, evaluations: reg.evaluations },
              unregulated: { pareto: unreg.pareto, evaluations: unreg.evaluations },
            },
    },
    warnings,
  };
}
