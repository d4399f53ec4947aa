/**
 * The regulatory landscape: the region of every (θ, p) on a grid, the indifference curve p*(θ),
 * the largest enforceable threshold θ_max(α0, p) and the effective threshold band
 * (ω_NR(α0), θ_max(α0, p)].
 *
 * Conventions: see ./model.ts and ./regions.ts. Work is shared across the grid: in fixed mode one
 * stage-2 solver serves every cell (ω_NR once, the compliant optimum once per θ, O(1) per cell);
 * in bargaining mode stage-2 solvers are memoised by δ, so the unregulated bargain is computed
 * once and each θ's compliant optima once per δ the bargaining solver visits.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import type { SolutionId } from "../bargaining/problem.js";
import { resolveTolerances } from "../numerics/tolerances.js";
import { BargainedCells, powerfulFor } from "./bargainedCells.js";
import {
  type OpennessEquilibrium,
  type OpennessOptions,
  opennessEquilibriumWith,
  ReleaseCache,
} from "./equilibrium.js";
import { DEFAULT_OPENNESS_DELTA, type OpennessModel, opennessModelProblems } from "./model.js";
import { classifyRegulatoryRegion, REGULATORY_REGIONS, type RegulatoryRegion } from "./regions.js";
import type { ReleaseDecision } from "./release.js";

/**
 * Relative width (penalty units, relative to max(1, p)) to which the fixed-δ indifference penalty
 * of the proportional penalty is bisected: the decision is exact at each penalty, so the bracket
 * can close to round-off.
 */
const INDIFFERENCE_PENALTY_TOLERANCE = 1e-12;
/** Default width (θ units) of the bracket around θ_max in {@link thresholdBand}: below ω's 1e-9 region tolerance. */
const THRESHOLD_BAND_TOLERANCE = 1e-10;

/** Decisions in the order of their numeric codes. */
export const RELEASE_DECISIONS: readonly ReleaseDecision[] = Object.freeze([
  "non-binding",
  "comply",
  "ignore",
  "abstain",
]);

/** Options of {@link regulatoryLandscape}. */
export interface RegulatoryLandscapeOptions extends OpennessOptions {
  /** Rows of the θ axis to compute, [start, end) — lets a surface split the grid across workers. Default all. */
  readonly rows?: readonly [number, number];
  /** Called after each θ row with (rows done, rows in total). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Stage-2 solvers of an earlier landscape of the same model and options (its
   * `releaseCache`), reused instead of rebuilt — e.g. by the refinements of a progressive map.
   */
  readonly releaseCache?: ReleaseCache;
}

/** The region grid. Arrays are θ-major: cell (i, j) = (thetas[i], penalties[j]) at index i·P + j. */
export interface RegulatoryLandscape {
  readonly mode: "fixed" | "bargaining";
  readonly thetas: readonly number[];
  readonly penalties: readonly number[];
  /** Rows actually computed, [start, end). */
  readonly rows: readonly [number, number];
  /** RegulatoryRegion codes: index into {@link REGULATORY_REGIONS}. */
  readonly region: Uint8Array;
  /** Decision codes: index into {@link RELEASE_DECISIONS}. */
  readonly decision: Uint8Array;
  /** ω (NaN where G abstains), α1 (NaN where absent), U_G, U_D, δ (NaN without a bargain). */
  readonly omega: Float64Array;
  readonly alpha1: Float64Array;
  readonly uG: Float64Array;
  readonly uD: Float64Array;
  readonly delta: Float64Array;
  readonly unregulated: OpennessEquilibrium;
  /**
   * p*(θ) per row: in fixed mode the exact indifference penalty (null: G never complies at this
   * θ); in bargaining mode the penalty at which the bargained decision turns to "comply", located
   * by bisection (to a thousandth of the grid step) between the last grid penalty where G does not comply and the first
   * where it does (the first grid penalty if G already complies there; null: G never complies on
   * the grid).
   */
  readonly indifference: (number | null)[];
  /**
   * Bargaining mode: bargains solved (the other cells shared an identical problem), by their
   * comply/ignore structure or by the generic bargaining solver.
   */
  readonly bargainsSolved: number;
  /** Bargaining mode: of `bargainsSolved`, those solved by their structure. */
  readonly structuredCells?: number;
  /**
   * The stage-2 solvers used, reusable by a later landscape of the same model (`releaseCache`).
   * Not enumerable, so copies (spread, JSON, postMessage) leave it out.
   */
  readonly releaseCache?: ReleaseCache;
  readonly warnings: string[];
}

/** Evenly spaced values `from:to:count` (count ≥ 1; count = 1 gives `from`). */
export function evenGrid(from: number, to: number, count: number): number[] {
  if (count <= 1) return [from];
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? to : from + ((to - from) * i) / (count - 1),
  );
}

/**
 * Classifies every (θ, p) of the grid.
 * @example
 * const l = regulatoryLandscape({ alpha0: 0.9 }, evenGrid(0, 1, 3), evenGrid(0, 1, 3));
 * REGULATORY_REGIONS[l.region[2 * 3 + 1]] // "deadweight-loss" (θ = 1 at p = 0.5: G ignores the rule and pays)
 * REGULATORY_REGIONS[l.region[2 * 3 + 2]] // "transfer" (at p = 1 complying is worth more)
 */
export function regulatoryLandscape(
  model: OpennessModel,
  thetas: readonly number[],
  penalties: readonly number[],
  options: RegulatoryLandscapeOptions = {},
): RegulatoryLandscape {
  const problems = opennessModelProblems(model);
  if (problems.length > 0) throw new RangeError(`invalid openness model: ${problems.join("; ")}`);
  const bad = [
    ...thetas.filter((t) => !(t >= 0 && t <= 1)),
    ...penalties.filter((p) => !(p >= 0 && Number.isFinite(p))),
  ];
  if (bad.length > 0)
    throw new RangeError(`invalid landscape grid: θ must lie in [0, 1] and p be finite ≥ 0, found ${bad[0]}`);
  const tol = resolveTolerances(options.tolerances);
  const cache =
    options.releaseCache?.model === model ? options.releaseCache : new ReleaseCache(model, options);
  const solution: SolutionId | null = typeof model.delta === "object" ? model.delta.bargaining : null;
  const unregCell = opennessEquilibriumWith(cache, 0, 0, solution, withOnly(solution, options));
  const unreg = unregCell.eq;
  const cells =
    solution === null
      ? null
      : new BargainedCells(cache, solution, { eq: unreg, warnings: unregCell.warnings }, options);
  const nT = thetas.length;
  const nP = penalties.length;
  const [r0, r1] = options.rows ?? [0, nT];
  const size = nT * nP;
  const out = landscapeArrays(size);
  const regionCode = new Map<RegulatoryRegion, number>(REGULATORY_REGIONS.map((r, i) => [r, i]));
  const decisionCode = new Map<ReleaseDecision, number>(RELEASE_DECISIONS.map((d, i) => [d, i]));
  const unregC = { delta: unreg.delta, omega: unreg.omega, uG: unreg.utilities.G, uD: unreg.utilities.D };
  const warnings = new Set<string>();
  const indifference: (number | null)[] = new Array(nT).fill(null);
  for (let i = r0; i < r1; i++) {
    const theta = thetas[i]!;
    let firstComply: number | null = null; // grid index
    let prev: OpennessEquilibrium | null = null;
    for (let j = 0; j < nP; j++) {
      const p = penalties[j]!;
      const k = i * nP + j;
      // Fixed δ: a larger penalty only lowers the value of ignoring, so once G complies with θ
      // (or θ does not bind, or G leaves) it does so for every larger p — reuse that cell exactly.
      if (
        solution === null &&
        prev !== null &&
        p >= penalties[j - 1]! &&
        (prev.omega === null || prev.omega >= theta)
      ) {
        for (const key of ["region", "decision", "omega", "alpha1", "uG", "uD", "delta"] as const)
          out[key][k] = out[key][k - 1]!;
        continue;
      }
      const { eq, warnings: w } =
        cells === null ? opennessEquilibriumWith(cache, theta, p, solution, options) : cells.cell(theta, p);
      prev = eq;
      for (const x of w) warnings.add(x);
      const region = classifyRegulatoryRegion(
        { delta: eq.delta, omega: eq.omega, uG: eq.utilities.G, uD: eq.utilities.D },
        unregC,
        tol.utility,
      );
      out.region[k] = regionCode.get(region)!;
      out.decision[k] = decisionCode.get(eq.decision)!;
      if (eq.omega !== null) out.omega[k] = eq.omega;
      if (eq.alpha1 !== null) out.alpha1[k] = eq.alpha1;
      out.uG[k] = eq.utilities.G;
      out.uD[k] = eq.utilities.D;
      if (eq.delta !== null) out.delta[k] = eq.delta;
      if (firstComply === null && eq.decision === "comply") firstComply = j;
    }
    if (cells === null) indifference[i] = indifferencePenalty(cache, theta, options);
    else if (firstComply !== null) {
      const j = firstComply;
      const k = i * nP;
      // bracketed by the grid: the last penalty below that does not comply, the first that does
      indifference[i] =
        j > 0 && penalties[j - 1]! < penalties[j]! && out.decision[k + j - 1] !== decisionCode.get("comply")
          ? cells.indifference(theta, penalties[j - 1]!, penalties[j]!)
          : penalties[j]!;
    }
    options.onProgress?.(i - r0 + 1, r1 - r0);
  }
  const landscape: RegulatoryLandscape = {
    mode: solution === null ? "fixed" : "bargaining",
    thetas: [...thetas],
    penalties: [...penalties],
    rows: [r0, r1],
    ...out,
    unregulated: unreg,
    indifference,
    bargainsSolved: cells?.solves ?? 0,
    structuredCells: cells?.structured ?? 0,
    warnings: [...warnings],
  };
  // not enumerable: the cache holds functions and thousands of solvers, which neither JSON nor
  // a worker's postMessage should copy
  Object.defineProperty(landscape, "releaseCache", { value: cache, enumerable: false });
  return landscape;
}

/** Bargaining options that compute only the requested solution's "powerful" search, if any. */
function withOnly(solution: SolutionId | null, options: OpennessOptions): OpennessOptions {
  if (solution === null) return options;
  const powerful = powerfulFor(solution);
  return { ...options, bargaining: { powerful, ...options.bargaining } };
}

function fixedDelta(model: OpennessModel): number {
  if (typeof model.delta === "object") {
    throw new RangeError("this quantity is defined in fixed-δ mode; give delta as a number");
  }
  return model.delta ?? DEFAULT_OPENNESS_DELTA;
}

function indifferencePenalty(cache: ReleaseCache, theta: number, options: OpennessOptions): number | null {
  const s = cache.at(fixedDelta(cache.model));
  const form = cache.model.regulation?.form ?? "fixed";
  const u = s.unregulated;
  if (u.omega >= theta) return 0;
  const c = s.comply(theta);
  if (c.value < 0) return null; // complying loses money: no penalty makes G comply (it ignores or leaves)
  if (form === "fixed") return Math.max(0, u.value - c.value);
  // proportional: complying wins once the penalty makes every ω < θ worse; bracket, then bisect
  const tol = resolveTolerances(options.tolerances);
  const complies = (p: number): boolean => s.decide(theta, p, form, tol).decision === "comply";
  let hi = 1;
  for (let k = 0; k < 80 && !complies(hi); k++) hi *= 2;
  if (!complies(hi)) return null;
  let lo = 0;
  for (let k = 0; k < 200 && hi - lo > INDIFFERENCE_PENALTY_TOLERANCE * Math.max(1, hi); k++) {
    const m = 0.5 * (lo + hi);
    if (complies(m)) hi = m;
    else lo = m;
  }
  return hi;
}

/**
 * The penalty p*(θ) that makes G indifferent between complying with θ and ignoring it (fixed-δ
 * mode): 0 when θ ≤ ω_NR, null when complying would cost G more than leaving the market.
 * For the fixed penalty p*(θ) = V(ω_NR) − max_{ω ≥ θ} V(ω), exactly.
 * @example
 * indifferenceCurve({ alpha0: 0.9, params: { lambda: 0 } }, [0.5]) // [0.20625] (= 0.5·(0.45 − 0.2) + 0.325·0.25)
 */
export function indifferenceCurve(
  model: OpennessModel,
  thetas: readonly number[],
  options: OpennessOptions = {},
): (number | null)[] {
  const cache = new ReleaseCache(model, options);
  return thetas.map((t) => indifferencePenalty(cache, t, options));
}

/** The effective threshold band at one α0: thresholds in (low, high] change G's decision. */
export interface ThresholdBand {
  readonly alpha0: number;
  /** ω_NR(α0). */
  readonly low: number;
  /** θ_max(α0, p): the largest threshold G still complies with. */
  readonly high: number;
  /** The band is empty when high ≤ low (no threshold both binds and is obeyed). */
  readonly empty: boolean;
  /** Bisection steps spent on θ_max (0 when G complies even with θ = 1). */
  readonly iterations: number;
  /** Width of the final bracket around θ_max (units of θ). */
  readonly residual: number;
}

/**
 * The largest threshold G complies with at penalty p, θ_max(α0, p), and ω_NR(α0), in fixed-δ
 * mode. Compliance is monotone in θ for the fixed penalty (the compliant optimum max_{ω ≥ θ} V is
 * non-increasing in θ while ignoring is worth V(ω_NR) − p), so θ_max is located by bisection to
 * `xTol` (default 1e-10).
 * @example
 * thresholdBand({ alpha0: 0.9, params: { lambda: 0 } }, 0.1).high // ≈ 0.290382 (root of 0.25θ + 0.325θ² = 0.1)
 */
export function thresholdBand(
  model: OpennessModel,
  penalty: number,
  options: OpennessOptions & { xTol?: number } = {},
): ThresholdBand {
  const cache = new ReleaseCache(model, options);
  const s = cache.at(fixedDelta(model));
  const form = model.regulation?.form ?? "fixed";
  const tol = resolveTolerances(options.tolerances);
  const low = s.unregulated.omega;
  const alpha0 = s.game.alpha0 ?? Number.NaN;
  const obeys = (t: number): boolean => {
    const d = s.decide(t, penalty, form, tol).decision;
    return d === "comply" || d === "non-binding";
  };
  if (obeys(1)) return { alpha0, low, high: 1, empty: low >= 1, iterations: 0, residual: 0 };
  let lo = low;
  let hi = 1;
  const xTol = options.xTol ?? THRESHOLD_BAND_TOLERANCE;
  let k = 0;
  for (; k < 200 && hi - lo > xTol; k++) {
    const m = 0.5 * (lo + hi);
    if (obeys(m)) lo = m;
    else hi = m;
  }
  return { alpha0, low, high: lo, empty: lo <= low, iterations: k, residual: hi - lo };
}

/**
 * The per-cell arrays of a landscape of `size` cells, row-major by θ: region and decision codes
 * (0 until written) and the numbers, NaN until a cell is solved.
 * @example
 * landscapeArrays(2).omega // Float64Array(2) [ NaN, NaN ]
 */
export function landscapeArrays(size: number) {
  return {
    region: new Uint8Array(size),
    decision: new Uint8Array(size),
    omega: new Float64Array(size).fill(Number.NaN),
    alpha1: new Float64Array(size).fill(Number.NaN),
    uG: new Float64Array(size).fill(Number.NaN),
    uD: new Float64Array(size).fill(Number.NaN),
    delta: new Float64Array(size).fill(Number.NaN),
  };
}
