/**
 * What each page shows, computed from validated scenarios by the core's solvers. Pure and
 * serialisable (plain arrays and objects), so the same functions run in the Web Worker, in the
 * tests (against the core directly) and in the benchmark.
 */
// The plot specifications live in the core (one specification for the CLI and the explorer).
import {
  type CollaborationScenario,
  type CurveSamples,
  consumersFromSpec,
  crowdSamples,
  type EquilibriumReport,
  equilibriumAt,
  evenGrid,
  type FineTuningGame,
  type FineTuningScenario,
  fineTuningGameFromScenario,
  learnersFromScenario,
  type MarketScenario,
  marketEquilibrium,
  type OpennessModel,
  type OpennessScenario,
  opennessModelFromScenario,
  progressiveLandscape,
  REGULATORY_REGIONS,
  RELEASE_DECISIONS,
  type Regime,
  type RegulatoryLandscape,
  type Roles,
  regulatoryLandscape,
  runScheme,
  SCHEMES,
  type Scheme,
  SPECIALIST_LINES_UP_TO,
  solutionEntries,
  solveFineTuning,
  solveOpenness,
  type UtilityCurvesData,
  utilityCurvesData,
} from "@ftg/core";

import type { Answers, Job, JobKind } from "./protocol.js";

/** The kinds of job the pages' own views answer (the worker also answers any model: ./workerCompute.ts). */
export type PageJobKind = Exclude<JobKind, "model">;

const VIEWS: { readonly [K in PageJobKind]: (job: Job<K>, games: GameCache) => Answers[K] } = {
  "fine-tuning": (job, games) => fineTuningView(games.get(job.scenario), job.delta),
  "fine-tuning-at": (job, games) => fineTuningAt(games.get(job.scenario), job.delta),
  openness: (job) => opennessView(job.scenario, job.grid),
  "openness-progressive": (job) => lastOf(opennessViews(job.scenario, job.pMax, job.sizes)),
  market: (job) => marketView(job.scenario),
  collaboration: (job) => collaborationView(job.scenario),
};

function lastOf<T>(steps: Iterable<T>): T {
  let last: T | undefined;
  for (const s of steps) last = s;
  if (last === undefined) throw new Error("a progressive job with no sizes");
  return last;
}

/** Runs a page's job (in the worker, or on the page when it is known to be quick). */
export function runJob<J extends Job<PageJobKind>>(job: J, games: GameCache): Answers[J["kind"]] {
  const view = VIEWS[job.kind] as unknown as (job: J, games: GameCache) => Answers[J["kind"]];
  return view(job, games);
}

/** Points of the utility curves over δ ∈ [0, 1] (a power of two plus one: δ = k/128 is exact). */
export const CURVE_POINTS = 129;

/** Above this many specialists the bargaining grid is coarsened and certificates are skipped. */
export const MANY_SPECIALISTS = 20;

/** The equilibrium at one δ, as the page shows it: the core's report, less what the page does not show. */
export interface EquilibriumView
  extends Pick<
    EquilibriumReport,
    "delta" | "agreement" | "alpha0" | "alphas" | "utilities" | "regimes" | "revenue"
  > {
  /** Largest unilateral deviation gain found (certificate), when computed. */
  readonly maxDeviationGain: number | null;
}

/** One bargaining solution. */
export interface SolutionView {
  readonly id: string;
  readonly delta: number | null;
  readonly alpha0: number | null;
  readonly alphas: Record<string, number | null>;
  readonly utilities: Record<string, number>;
  readonly regimes: Record<string, Regime>;
  readonly inParetoSet: boolean;
  readonly ties: (readonly [number, number])[];
}

/** The fine-tuning page's data. */
export interface FineTuningView {
  readonly players: string[];
  readonly method: string;
  readonly pareto: (readonly [number, number])[];
  readonly solutions: SolutionView[];
  /**
   * Up to {@link SPECIALIST_LINES_UP_TO} specialists: the data of the core's utility-curves figure
   * (packages/core/src/plots/utilityCurves.ts); above, null and `samples` instead.
   */
  readonly figure: UtilityCurvesData | null;
  /**
   * Above {@link SPECIALIST_LINES_UP_TO} specialists: the sampled curves of the core's
   * many-specialists figure (packages/core/src/plots/crowdCurves.ts); else null.
   */
  readonly samples: CurveSamples | null;
  readonly at: EquilibriumView;
  readonly warnings: string[];
  readonly certificate: { paretoUniformGain: number; maxDeviationGain: number };
  /** Milliseconds spent in the core's `solveFineTuning` (the rest is curves and the game). */
  readonly solveMs: number;
}

/** The game of a validated scenario; memoised on the scenario's JSON (the worker keeps one game). */
export class GameCache {
  private key = "";
  private game: FineTuningGame | null = null;
  get(scenario: FineTuningScenario): FineTuningGame {
    const key = JSON.stringify(scenario);
    if (this.game === null || key !== this.key) {
      this.game = fineTuningGameFromScenario(scenario);
      this.key = key;
    }
    return this.game;
  }
}

/** The equilibrium at δ with its deviation certificate. */
export function fineTuningAt(game: FineTuningGame, delta: number): EquilibriumView {
  const certify = game.specialists.length <= MANY_SPECIALISTS;
  const r = equilibriumAt(game, delta, { certify });
  return {
    delta: r.delta,
    agreement: r.agreement,
    alpha0: r.alpha0,
    alphas: r.alphas,
    utilities: r.utilities,
    regimes: r.regimes,
    revenue: r.revenue,
    maxDeviationGain: r.certificate?.maxDeviationGain ?? null,
  };
}

/**
 * The full fine-tuning view: Pareto set, every bargaining solution, utility curves and the
 * equilibrium at `delta`. Certificates are computed up to {@link MANY_SPECIALISTS} specialists.
 */
export function fineTuningView(game: FineTuningGame, delta: number): FineTuningView {
  const many = game.specialists.length > MANY_SPECIALISTS;
  const crowd = game.specialists.length > SPECIALIST_LINES_UP_TO;
  const t0 = performance.now();
  const r = solveFineTuning(game, many ? { certify: false, bargaining: { gridSize: 64 } } : {});
  const solveMs = performance.now() - t0;
  const solutions = solutionEntries(r.solutions).map(([id, s]) => ({
    id,
    delta: s.delta,
    alpha0: s.alpha0,
    alphas: s.alphas,
    utilities: s.utilities,
    regimes: s.regimes,
    inParetoSet: s.inParetoSet,
    ties: s.ties.map(([a, b]) => [a, b] as const),
  }));
  return {
    players: [...r.players],
    method: r.method,
    pareto: r.pareto.map(([a, b]) => [a, b] as const),
    solutions,
    figure: crowd ? null : utilityCurvesData(game, r, { samples: CURVE_POINTS }),
    samples: crowd ? crowdSamples(game, r) : null,
    at: fineTuningAt(game, delta),
    warnings: [...r.warnings],
    certificate: {
      paretoUniformGain: r.certificate.paretoUniformGain,
      maxDeviationGain: r.certificate.maxDeviationGain,
    },
    solveMs,
  };
}

/** Grid of the region map. */
export interface OpennessGrid {
  readonly thetas: number;
  readonly penalties: number;
  readonly pMax: number;
}

/** The openness page's data. */
export interface OpennessView {
  readonly thetas: number[];
  readonly penalties: number[];
  /** Region and decision names per cell, θ-major (cell (i, j) at i·P + j). */
  readonly region: string[];
  readonly decision: string[];
  readonly omega: number[];
  readonly uG: number[];
  readonly uD: number[];
  readonly delta: number[];
  readonly indifference: (number | null)[];
  readonly mode: "fixed" | "bargaining";
  /** The scenario's own (θ, p) solved exactly, with the unregulated equilibrium. */
  readonly point: {
    readonly theta: number;
    readonly penalty: number;
    readonly region: string;
    readonly decision: string;
    readonly omega: number | null;
    readonly delta: number | null;
    readonly alpha1: number | null;
    readonly uG: number;
    readonly uD: number;
    readonly unregulated: { omega: number | null; delta: number | null; uG: number; uD: number };
  };
  readonly warnings: string[];
}

const nanToNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The region map over (θ, p) and the scenario's own point. */
export function opennessView(scenario: OpennessScenario, grid: OpennessGrid): OpennessView {
  const model = opennessModelFromScenario(scenario);
  const thetas = evenGrid(0, 1, grid.thetas);
  const penalties = evenGrid(0, grid.pMax, grid.penalties);
  const l = regulatoryLandscape(model, thetas, penalties, landscapeOptions(model));
  return landscapeView(l, scenarioPoint(scenario, model));
}

/**
 * The region map at each size of `sizes` in turn (cells per axis, ascending), each complete, from
 * the core's `progressiveLandscape` (the levels share their stage-2 solvers); the scenario's own
 * point is solved once. For maps whose cells each bargain over δ: a coarse map in a fraction of
 * the time, then the finer ones.
 */
export function* opennessViews(
  scenario: OpennessScenario,
  pMax: number,
  sizes: readonly number[],
): Generator<OpennessView, void, undefined> {
  const model = opennessModelFromScenario(scenario);
  let point: ReturnType<typeof scenarioPoint> | null = null;
  for (const l of progressiveLandscape(model, [0, 1], [0, pMax], { ...landscapeOptions(model), sizes })) {
    point ??= scenarioPoint(scenario, model);
    yield landscapeView(l, point);
  }
}

const landscapeOptions = (model: OpennessModel) =>
  typeof model.delta === "object" ? { certify: false, bargaining: { gridSize: 32 } } : { certify: false };

/** The scenario's own (θ, p), solved exactly, with the unregulated equilibrium. */
function scenarioPoint(
  scenario: OpennessScenario,
  model: OpennessModel,
): OpennessView["point"] & { warnings: string[] } {
  const s = solveOpenness(model, typeof model.delta === "object" ? { bargaining: { gridSize: 64 } } : {});
  return {
    theta: scenario.regulation?.threshold ?? 0,
    penalty: scenario.regulation?.penalty ?? 0,
    region: s.outcome,
    decision: s.decision,
    omega: s.omega,
    delta: s.delta,
    alpha1: s.alpha1,
    uG: s.utilities.G,
    uD: s.utilities.D,
    unregulated: {
      omega: s.unregulated.omega,
      delta: s.unregulated.delta,
      uG: s.unregulated.utilities.G,
      uD: s.unregulated.utilities.D,
    },
    warnings: [...s.warnings],
  };
}

function landscapeView(
  l: RegulatoryLandscape,
  point: OpennessView["point"] & { warnings: string[] },
): OpennessView {
  const { warnings, ...p } = point;
  return {
    thetas: [...l.thetas],
    penalties: [...l.penalties],
    region: Array.from(l.region, (c) => REGULATORY_REGIONS[c]!),
    decision: Array.from(l.decision, (c) => RELEASE_DECISIONS[c]!),
    omega: Array.from(l.omega),
    uG: Array.from(l.uG),
    uD: Array.from(l.uD),
    delta: Array.from(l.delta),
    indifference: l.indifference,
    mode: l.mode,
    point: p,
    warnings: [...l.warnings, ...warnings],
  };
}

export { nanToNull };

/** The market for given qualities. */
export interface MarketView {
  readonly qualities: number[];
  readonly prices: number[];
  readonly demands: number[];
  readonly revenues: number[];
  readonly maxDeviationGain: number;
  readonly isEquilibrium: boolean;
  readonly status: string;
  readonly consumers: string;
}

/** Bertrand–Nash prices, demands and revenues with the deviation certificate. */
export function marketView(scenario: MarketScenario): MarketView {
  const r = marketEquilibrium({
    qualities: scenario.qualities,
    consumers: consumersFromSpec(scenario.consumers),
  });
  const v = r.value;
  return {
    qualities: v.qualities,
    prices: v.prices,
    demands: v.demands,
    revenues: v.revenues,
    maxDeviationGain: v.certificate.maxDeviationGain,
    isEquilibrium: v.certificate.isEquilibrium,
    status: r.status,
    consumers: v.consumers,
  };
}

/** One scheme's run, trimmed to what the page animates. */
export interface SchemeView {
  readonly scheme: Scheme;
  readonly rounds: { ql: number; qh: number; revenueLow: number; revenueHigh: number; nash: number }[];
  readonly anyLoss: boolean;
  readonly firstLoss: { low: number | null; high: number | null };
  readonly converged: boolean;
  readonly nashGap: number;
  readonly warnings: string[];
}

/** The collaboration page's data: every scheme run from the same start, and the Nash target. */
export interface CollaborationView {
  /** Which firm plays each role (by starting quality: the core's `rolesByQuality`); runs are by role. */
  readonly roles: Roles;
  readonly target: { ql: number; qh: number; rho: number; nash: number };
  readonly schemes: SchemeView[];
}

/**
 * Runs every scheme of a two-firm scenario from fresh analytic learners (learners are stateful,
 * so each run builds its own).
 */
export function collaborationView(scenario: CollaborationScenario): CollaborationView {
  const consumers = consumersFromSpec(scenario.consumers);
  const maxQuality = scenario.maxQuality ?? 1;
  const options = {
    ...(scenario.rounds === undefined ? {} : { rounds: scenario.rounds }),
    ...(scenario.stepSize === undefined ? {} : { stepSize: scenario.stepSize }),
    ...(scenario.bTilde === undefined ? {} : { bTilde: scenario.bTilde }),
    ...(scenario.pacing === undefined ? {} : { pacing: scenario.pacing }),
    ...(scenario.convergenceTol === undefined ? {} : { convergenceTol: scenario.convergenceTol }),
  };
  let target: CollaborationView["target"] | null = null;
  let roles: Roles | null = null;
  const schemes = SCHEMES.map((scheme): SchemeView => {
    const l = learnersFromScenario(scenario);
    const run = runScheme(
      { learners: { low: l["low"]!, high: l["high"]! }, maxQuality, consumers },
      scheme,
      options,
    );
    roles ??= run.roles;
    target ??= { ql: run.target.ql, qh: run.target.qh, rho: run.target.rho, nash: run.target.nash };
    return {
      scheme,
      rounds: run.trajectory.map((r) => ({
        ql: r.ql,
        qh: r.qh,
        revenueLow: r.revenueLow,
        revenueHigh: r.revenueHigh,
        nash: r.nash,
      })),
      anyLoss: run.verdict.anyLoss,
      firstLoss: {
        low: run.verdict.firstLoss.low?.round ?? null,
        high: run.verdict.firstLoss.high?.round ?? null,
      },
      converged: run.verdict.converged,
      nashGap: run.verdict.nashGap,
      warnings: run.warnings,
    };
  });
  return { roles: roles!, target: target!, schemes };
}
