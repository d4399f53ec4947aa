/**
 * Bargaining-mode landscape cells with the work shared between cells whose bargaining problems
 * are identical, and the bargained indifference penalty located by root-finding.
 *
 * Conventions: see ./model.ts and ./equilibrium.ts. Under a fixed penalty, the problem at (θ, p)
 * is, at each δ: the unregulated outcome when θ ≤ ω_NR(δ); the compliant outcome at θ when
 * p ≥ p*(δ, θ) = V(ω_NR(δ)) − max_{ω ≥ θ} V(ω); otherwise the unregulated outcome with U_G
 * lowered by p (G ignores the rule). Hence, exactly:
 * - at p = 0 the rule never binds: every cell is the unregulated bargain;
 * - for p above P_hi(θ) = max_δ p*(δ, θ) every δ complies (or is not bound): the problem, and so
 *   the bargain, is the same for every such p in a row — solved once per row;
 * - for p below P_lo(θ) = min_δ p*(δ, θ) (> 0 only when every δ is bound) every δ ignores: the
 *   problem does not depend on θ — solved once per penalty column.
 * P_lo and P_hi are the extremes of p*(·, θ) over δ ∈ [0, 1], found on a δ grid refined by
 * Brent's method; cells within {@link SHARE_MARGIN} of them are solved directly. Under the
 * proportional penalty ignoring is worth a θ-dependent amount and no two cells share a problem:
 * every cell is solved. A bargain is solved by its comply/ignore structure (./fastBargain.ts,
 * ./fastBargainProportional.ts) when that applies, else by the generic bargaining solver.
 * @see the openness model specification, docs/theory/openness-regulation.md (after Qiu, Laufer, Kleinberg, Heidari, NeurIPS 2025, arXiv:2507.14193), findings 2–5
 */
import type { SolutionId } from "../bargaining/problem.js";
import { brentMax } from "../numerics/brent.js";
import type { OpennessEquilibrium, OpennessOptions, ReleaseCache } from "./equilibrium.js";
import { opennessEquilibriumWith } from "./equilibrium.js";
import type { FastBargains } from "./fastBargain.js";
import { fastBargainsFor } from "./fastBargainProportional.js";
import type { Ties } from "./nearTies.js";
import type { ReleaseDecision } from "./release.js";

/**
 * Distance (penalty units) from P_lo and P_hi within which a cell is solved directly rather than
 * shared: covers the Brent tolerance of the extremes and the utility tolerance of G's comply /
 * ignore comparison.
 */
export const SHARE_MARGIN = 1e-6;
/**
 * Width (δ units) to which the extremes of p*(δ, θ) are located. At an interior extreme p* is flat,
 * so its value is then exact to round-off, far inside {@link SHARE_MARGIN}; at a kink the value
 * is within slope × 1e-9 of it, also inside the margin.
 */
const SWITCH_RANGE_TOLERANCE = 1e-9;
/** δ samples (intervals over [0, 1]) that bracket the extremes of p*(δ, θ). */
const RANGE_GRID = 64;
/**
 * Halvings of the grid step that brackets the bargained indifference penalty: 2^−10 ≈ a
 * thousandth of the step (each halving costs one bargain).
 */
export const INDIFFERENCE_STEPS = 10;

/** The extremes over δ of the penalty at which G switches from ignoring θ to complying. */
export interface SwitchRange {
  readonly low: number;
  readonly high: number;
}

/** One solved cell. */
export interface BargainedCell {
  readonly eq: OpennessEquilibrium;
  readonly warnings: readonly string[];
}

/** Solves bargaining-mode cells, sharing identical problems (see the module comment). */
export class BargainedCells {
  /** Bargains actually solved, by the generic solver or by structure (the other cells were shared). */
  solves = 0;
  /** Of those, the cells solved by their structure (./fastBargain.ts). */
  structured = 0;
  private readonly columns = new Map<number, BargainedCell>();
  private row: { theta: number; range: SwitchRange | null; comply: BargainedCell | null } | null = null;
  private readonly fixedForm: boolean;
  private readonly options: OpennessOptions;
  private readonly fast: FastBargains | null;

  constructor(
    private readonly cache: ReleaseCache,
    private readonly solution: SolutionId,
    readonly unregulated: BargainedCell,
    options: OpennessOptions = {},
  ) {
    this.fixedForm = (cache.model.regulation?.form ?? "fixed") === "fixed";
    // only the requested solution is needed: skip the other players' "powerful" searches
    const powerful = powerfulFor(solution);
    this.options = { ...options, bargaining: { powerful, ...options.bargaining } };
    this.fast = fastBargainsFor(cache, solution, unregulated.eq, options);
  }

  /** The switch range of row θ (null under the proportional penalty). */
  range(theta: number): SwitchRange | null {
    if (this.row?.theta !== theta) {
      this.row = { theta, range: this.fixedForm ? switchRange(this.cache, theta) : null, comply: null };
    }
    return this.row.range;
  }

  /**
   * One bargain: by structure when ./fastBargain.ts answers, else by the generic solver. `ties`:
   * see `FastBargains.cell` ("decision" when only the decision is used).
   */
  private solve(theta: number, penalty: number, ties: Ties = "cell"): BargainedCell {
    this.solves++;
    const eq = this.fast?.cell(theta, penalty, ties) ?? null;
    if (eq !== null) {
      this.structured++;
      return { eq, warnings: [] };
    }
    const r = opennessEquilibriumWith(this.cache, theta, penalty, this.solution, this.options);
    return { eq: r.eq, warnings: r.warnings };
  }

  /** The bargained equilibrium at (θ, p). */
  cell(theta: number, penalty: number): BargainedCell {
    if (penalty === 0) return this.unregulated; // p = 0: the rule binds nowhere (exact)
    const range = this.range(theta);
    if (range === null) return this.solve(theta, penalty);
    const row = this.row!;
    if (penalty >= range.high + SHARE_MARGIN) {
      row.comply ??= this.solve(theta, penalty);
      return row.comply;
    }
    if (penalty < range.low - SHARE_MARGIN) {
      let c = this.columns.get(penalty);
      if (c === undefined) {
        c = this.solve(theta, penalty);
        this.columns.set(penalty, c);
      }
      return c;
    }
    return this.solve(theta, penalty);
  }

  /**
   * The bargained decision at (θ, p). Under the proportional penalty no cell is shared, and the
   * structured path also answers the cells whose near-ties cannot change the decision
   * (./nearTies.ts): at a row's indifference the two families' maxima stay within the cells'
   * near-tie margin over most of the bisection bracket, and apart by more than the decision's at
   * all but its last few steps.
   */
  decision(theta: number, penalty: number): ReleaseDecision {
    if (this.fixedForm || penalty === 0) return this.cell(theta, penalty).eq.decision;
    return this.solve(theta, penalty, "decision").eq.decision;
  }

  /**
   * A penalty in (below, above] at which the bargained decision turns to "comply", given that it
   * is not "comply" at `below` and is at `above`: bisection on the decision down to
   * {@link INDIFFERENCE_STEPS} halvings of the bracket (a thousandth of a grid step; each halving
   * costs one bargain's decision). The decision need not be monotone in p inside a grid step; the
   * answer is then one of its switches.
   */
  indifference(theta: number, below: number, above: number): number {
    let lo = below;
    let hi = above;
    for (let k = 0; k < INDIFFERENCE_STEPS; k++) {
      const m = 0.5 * (lo + hi);
      if (m <= lo || m >= hi) break;
      if (this.decision(theta, m) === "comply") hi = m;
      else lo = m;
    }
    return hi;
  }
}

/**
 * The players whose "powerful" solution a bargain for `solution` needs: its own player, or both
 * for Kalai–Smorodinsky (their objectives are its ideal point, refined rather than read off the
 * samples); none otherwise.
 */
export function powerfulFor(solution: SolutionId): string[] {
  if (solution === "kalai-smorodinsky") return ["G", "D"];
  return solution.startsWith("powerful-") ? [solution.slice("powerful-".length)] : [];
}

/** p*(δ, θ): the fixed penalty from which G complies with θ at δ (0 when θ does not bind there). */
export function switchPenalty(cache: ReleaseCache, theta: number, delta: number): number {
  const s = cache.at(delta);
  const u = s.unregulated;
  return u.omega >= theta ? 0 : Math.max(0, u.value - s.comply(theta).value);
}

/**
 * min and max over δ ∈ [0, 1] of p*(δ, θ) (0 where θ does not bind at δ), fixed penalty: the
 * cached δ grid brackets the extremes, Brent's method refines the best three of each.
 */
export function switchRange(cache: ReleaseCache, theta: number): SwitchRange {
  const f = (delta: number): number => switchPenalty(cache, theta, delta);
  const xs: number[] = [];
  const fs: number[] = [];
  for (let k = 0; k <= RANGE_GRID; k++) {
    xs.push(k / RANGE_GRID);
    fs.push(f(k / RANGE_GRID));
  }
  const extreme = (sign: 1 | -1): number => {
    let best = Number.NEGATIVE_INFINITY;
    const peaks: number[] = [];
    for (let k = 0; k <= RANGE_GRID; k++) {
      const v = sign * fs[k]!;
      best = Math.max(best, v);
      const left = k === 0 ? Number.NEGATIVE_INFINITY : sign * fs[k - 1]!;
      const right = k === RANGE_GRID ? Number.NEGATIVE_INFINITY : sign * fs[k + 1]!;
      if (v > left && v >= right) peaks.push(k);
    }
    peaks.sort((a, b) => sign * (fs[b]! - fs[a]!) || a - b);
    for (const k of peaks.slice(0, 3)) {
      const lo = xs[Math.max(0, k - 1)]!;
      const hi = xs[Math.min(RANGE_GRID, k + 1)]!;
      const r = brentMax((d) => sign * f(d), lo, hi, { xTol: SWITCH_RANGE_TOLERANCE });
      best = Math.max(best, r.value.fx);
    }
    return sign * best;
  };
  const low = fs.some((v) => v === 0) ? 0 : extreme(-1);
  return { low, high: extreme(1) };
}
