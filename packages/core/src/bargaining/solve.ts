/**
 * The generic bargaining solver over one revenue share δ ∈ [0, 1]: the Pareto set of bargains (a
 * union of disjoint closed intervals, computed globally — a δ may be dominated by a distant δ) and
 * the bargaining solutions, for any number of players.
 *
 * Conventions (documented for n + 1 players where the paper defines only two):
 * - A bargain at δ exists when the model reports `agreement`; then every player's utility is at
 *   least its disagreement payoff (the models guarantee individual rationality: players who would
 *   lose abstain). δ without agreement are not bargains and are never in the Pareto set.
 * - The **parties** are the players whose gain over disagreement is positive somewhere in the
 *   Pareto set.
 * - `nash` maximises the product of the parties' gains; if it is zero throughout the Pareto set,
 *   first the number of parties who gain, then the product of the positive gains.
 * - `egalitarian` maximises the smallest party gain; `kalai-smorodinsky` the smallest ratio
 *   gain / (ideal − disagreement), ideal = the party's best utility on the Pareto set.
 * - `utilitarian` maximises the sum of all utilities over the bargains δ ∈ [0, 1] (its maximiser
 *   is Pareto-optimal), `max-performance` the total revenue over the bargains δ ∈ [0, 1] (it may
 *   lie outside the Pareto set; flagged), `powerful-P` player P's utility (its maximisers include a
 *   Pareto-optimal one, which is reported).
 * - Ties: when several δ maximise an objective (relative tolerance `tieTolerance`), the smallest
 *   is reported together with the tied set.
 * @see ../../../../shared/papers/fine-tuning-games.md Defs 2.1–2.4, 3.1–3.5, Theorem 2.1, Section 4
 */
import { brentMax } from "../numerics/brent.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { bisectPredicate } from "../numerics/roots.js";
import { resolveTolerances, type Tolerances } from "../numerics/tolerances.js";
import { dominates } from "./dominance.js";
import type {
  BargainingProblem,
  BargainOutcome,
  BargainSolution,
  SolutionId,
  SolutionMap,
} from "./problem.js";

/** Options of {@link solveBargaining}; every field is optional. */
export interface BargainingOptions {
  /** Number of grid intervals over δ ∈ [0, 1] sampled before refinement. Default 256. */
  readonly gridSize?: number;
  /** Tolerances (δ width for endpoints and maximisers; relative utility strictness). */
  readonly tolerances?: Partial<Tolerances>;
  /** Relative tolerance under which objective values count as tied. Default 1e-9. */
  readonly tieTolerance?: number;
  /**
   * Cap on Brent refinements of players' interior utility maxima; above it, the brackets holding
   * maxima are subdivided instead (for very many players). Default 64.
   */
  readonly maxPeakRefinements?: number;
  /** Sub-intervals per bracket when the cap above is exceeded. Default 32. */
  readonly subdivision?: number;
  /**
   * Gaps between Pareto intervals narrower than this (δ units) are closed. Near a flat maximum a
   * utility is resolved only to ~√ε ≈ 1e-8 in δ, so round-off can cut slivers out of an interval;
   * a genuine gap narrower than this is below the solver's resolution anyway. Default 1e-7.
   */
  readonly paretoGap?: number;
  /**
   * Which players get a `powerful-<name>` solution: "all" (default) or a list of names. With very
   * many players each one costs a refinement and a full equilibrium in the output.
   */
  readonly powerful?: "all" | readonly string[];
  /** Cap on extra samples spent subdividing brackets of utility maxima. Default 512. */
  readonly peakSampleBudget?: number;
}

/** What {@link solveBargaining} returns. */
export interface BargainingResult<O extends BargainOutcome = BargainOutcome> {
  /** Pareto set as disjoint closed intervals in increasing order; empty = disagreement. */
  readonly pareto: readonly (readonly [number, number])[];
  /** Every solution, keyed by id (`powerful-<name>` for each player). */
  readonly solutions: SolutionMap<BargainSolution<O>>;
  /** Names of the parties (players who gain somewhere on the Pareto set). */
  readonly parties: readonly string[];
  /** "agreement" if some δ gives a bargain, "disagreement" otherwise. */
  readonly status: "agreement" | "disagreement";
  readonly warnings: readonly string[];
  /** Evidence: how densely δ was examined and how precisely endpoints are located. */
  readonly certificate: {
    readonly gridSize: number;
    readonly samples: number;
    readonly evaluations: number;
    /** Width of the final bisection bracket of every Pareto endpoint (δ units). */
    readonly endpointTolerance: number;
    /**
     * The largest gain that every player could obtain at once by moving from a sampled Pareto
     * point to any other sampled bargain: max over p in the set, q of min_P (U_P(q) − U_P(p)).
     * At most 0 (up to round-off) certifies that no sampled bargain improves on the set for all.
     */
    readonly largestUniformGain: number;
  };
}

/** What is kept of the model's outcome at a sampled δ (O(players) memory, not the whole outcome). */
interface Sample {
  readonly delta: number;
  readonly agreement: boolean;
  readonly revenue: number;
  readonly u: Float64Array;
  nd: boolean;
  /** Whether `nd` has been decided against every sample present when it was. */
  classified: boolean;
}

/** Memoised evaluation of the model, keeping every δ examined as a sample. */
class Sampler<O extends BargainOutcome> {
  readonly byDelta = new Map<number, Sample>();
  evaluations = 0;
  /**
   * The most recent full outcomes, when they are small (few players): a reported solution is
   * usually among the last samples of its refinement, and evaluating it again cost 5 of ~110
   * equilibria in a numeric solve.
   */
  private readonly recent = new Map<number, O>();
  private readonly keep: number;
  constructor(private readonly problem: BargainingProblem<O>) {
    this.keep = problem.players.length <= 64 ? 32 : 0;
  }
  at(delta: number): Sample {
    const d = delta === 0 ? 0 : delta; // −0 and 0 are the same bargain
    let s = this.byDelta.get(d);
    if (s === undefined) {
      this.evaluations++;
      const o = this.problem.evaluate(d);
      if (this.keep > 0) {
        if (this.recent.size >= this.keep) this.recent.delete(this.recent.keys().next().value!);
        this.recent.set(d, o);
      }
      s = {
        delta: d,
        agreement: o.agreement,
        revenue: o.revenue,
        u: Float64Array.from(o.utilities),
        nd: false,
        classified: false,
      };
      this.byDelta.set(d, s);
    }
    return s;
  }
  private readonly outcomes = new Map<number, O>();
  /** The full outcome at δ (samples do not keep it: unless recent, a reported one is evaluated again, once). */
  outcome(delta: number): O {
    let o = this.outcomes.get(delta) ?? this.recent.get(delta);
    if (o === undefined) {
      this.evaluations++;
      o = this.problem.evaluate(delta);
      this.outcomes.set(delta, o);
    }
    return o;
  }
  sorted(): Sample[] {
    return [...this.byDelta.values()].sort((a, b) => a.delta - b.delta);
  }
}

type Objective = (u: Float64Array, revenue: number) => number;
/** The terms of an objective that is their minimum (egalitarian, Kalai–Smorodinsky). */
type Terms = (u: Float64Array) => number[];

/** Inward step (δ units) that confirms a maximum at the edge of a Pareto interval. */
const EDGE_PROBE = 1e-9;

/** Maximisers of an objective closer than this (δ units) are one maximiser, not a tie. */
const TIE_SEPARATION = 1e-6;

/**
 * Solves the bargaining problem: Pareto set and all solutions.
 * @example
 * // two players whose utilities peak at δ = 0.2 and δ = 0.8: Pareto set [0.2, 0.8]
 * const r = solveBargaining({ players: ["G", "D"], disagreement: [0, 0],
 *   evaluate: (d) => ({ agreement: true, utilities: [1 - (d - 0.8) ** 2, 1 - (d - 0.2) ** 2], revenue: 1 }) });
 * r.pareto.length // 1
 * r.pareto[0][0] // ≈ 0.2
 * r.pareto[0][1] // ≈ 0.8
 */
export function solveBargaining<O extends BargainOutcome>(
  problem: BargainingProblem<O>,
  options: BargainingOptions = {},
): BargainingResult<O> {
  const tol = resolveTolerances(options.tolerances);
  const gridSize = Math.max(4, Math.floor(options.gridSize ?? 256));
  const tieTol = options.tieTolerance ?? 1e-9;
  const maxPeakRefinements = options.maxPeakRefinements ?? 64;
  const subdivision = Math.max(2, options.subdivision ?? 32);
  const m = problem.players.length;
  const d = Float64Array.from(problem.disagreement);
  const sampler = new Sampler(problem);
  const warnings: string[] = [];

  // 1. Grid and declared breakpoints.
  for (let j = 0; j <= gridSize; j++) sampler.at(j / gridSize);
  for (const b of problem.breakpoints ?? []) if (b >= 0 && b <= 1) sampler.at(b);

  // 2. Refine interior local maxima of every player's utility and of the revenue.
  const grid = sampler.sorted();
  const peakBrackets: { lo: number; hi: number; player: number; end?: "lo" | "hi" }[] = [];
  for (let p = 0; p <= m; p++) {
    const val = (s: Sample): number => (p === m ? s.revenue : s.u[p]!);
    for (let j = 1; j < grid.length - 1; j++) {
      const a = grid[j - 1]!;
      const b = grid[j]!;
      const c = grid[j + 1]!;
      if (!(a.agreement && b.agreement && c.agreement)) continue;
      if (val(b) > val(a) && val(b) >= val(c)) peakBrackets.push({ lo: a.delta, hi: c.delta, player: p });
    }
    // a maximum at an end of the grid may lie inside the end cell (e.g. at δ = 0.001 < 1/256)
    const [g0, g1] = [grid[0]!, grid[1]!];
    const [y0, y1] = [grid[grid.length - 1]!, grid[grid.length - 2]!];
    if (g0.agreement && g1.agreement && val(g0) >= val(g1))
      peakBrackets.push({ lo: g0.delta, hi: g1.delta, player: p, end: "lo" });
    if (y0.agreement && y1.agreement && val(y0) >= val(y1))
      peakBrackets.push({ lo: y1.delta, hi: y0.delta, player: p, end: "hi" });
  }
  /** Each player's maxima located by refinement, with the brackets they were located in. */
  const refined: { lo: number; hi: number; player: number; x: number }[] = [];
  /** Refines player p's maximum in [lo, hi] (an end cell: first one probe at the end). */
  const refinePeak = ({ lo, hi, player, end }: (typeof peakBrackets)[number]): void => {
    const f = (x: number): number => {
      const s = sampler.at(x);
      if (!s.agreement) return Number.NEGATIVE_INFINITY;
      return player === m ? s.revenue : s.u[player]!;
    };
    // A maximum at δ = 0 or 1 (an end cell falling off inward) is confirmed by one inward probe;
    // Brent would crawl to the end by golden-section steps (~40 evaluations for 1e-10).
    if (end === "lo" && f(lo) > f(lo + EDGE_PROBE)) return;
    if (end === "hi" && f(hi) > f(hi - EDGE_PROBE)) return;
    refined.push({ lo, hi, player, x: brentMax(f, lo, hi, { xTol: tol.delta }).value.x });
  };
  const subdivided = peakBrackets.length > maxPeakRefinements;
  if (!subdivided) {
    for (const b of peakBrackets) refinePeak(b);
  } else {
    const brackets = new Set(peakBrackets.map((b) => `${b.lo},${b.hi}`));
    // spend at most the sample budget: many players' maxima share few brackets, or not
    const budget = options.peakSampleBudget ?? 512;
    const parts = Math.max(2, Math.min(2 * subdivision, Math.floor(budget / brackets.size)));
    for (const key of brackets) {
      const [lo, hi] = key.split(",").map(Number) as [number, number];
      for (let k = 1; k < parts; k++) sampler.at(lo + ((hi - lo) * k) / parts);
    }
    warnings.push(
      `${peakBrackets.length} interior utility maxima: located by subdividing their brackets ${parts}-fold instead of one refinement each (accuracy ≈ ${(1 / gridSize / parts).toExponential(1)} in δ)`,
    );
  }

  // 3. Classify samples, then locate each Pareto endpoint by bisection.
  const strict = tol.utility;
  // each player's utility magnitude over the grid: the scale of its round-off
  const scales = new Float64Array(m).fill(Number.MIN_VALUE);
  for (const s of grid)
    if (s.agreement) for (let p = 0; p < m; p++) scales[p] = Math.max(scales[p]!, Math.abs(s.u[p]!));
  const isDominated = (s: Sample, pool: readonly Sample[]): boolean => {
    for (const q of pool) if (q !== s && q.agreement && dominates(q.u, s.u, strict, scales)) return true;
    return false;
  };
  // Incremental: a new sample is checked against all; an old one, still undominated, only against
  // the new ones (dominance is pairwise and the scales are fixed, so this equals reclassifying
  // everything, at O(new·N) instead of O(N²) per call — it mattered with 100 players).
  const classify = (): Sample[] => {
    const all = sampler.sorted();
    const fresh = all.filter((s) => !s.classified);
    for (const s of fresh) s.nd = s.agreement && !isDominated(s, all);
    for (const s of all) {
      if (s.classified && s.nd) s.nd = !isDominated(s, fresh);
      s.classified = true;
    }
    return all;
  };
  let all = classify();
  if (!all.some((s) => s.agreement)) {
    const names = options.powerful ?? "all";
    const powerful = problem.players.filter((p) => names === "all" || names.includes(p));
    return disagreement(powerful, sampler, gridSize, warnings);
  }

  const endpoints: [number, number][] = [];
  const runs = (): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0; i < all.length; i++) {
      if (!all[i]!.nd) continue;
      let j = i;
      while (j + 1 < all.length && all[j + 1]!.nd) j++;
      out.push([i, j]);
      i = j;
    }
    return out;
  };
  const inSet = (x: number): boolean => {
    const s = sampler.at(x);
    return s.agreement && !isDominated(s, all);
  };
  const locateEndpoints = (): void => {
    for (let pass = 0; pass < 2; pass++) {
      endpoints.length = 0;
      for (const [i, j] of runs()) {
        let lo = all[i]!.delta;
        let hi = all[j]!.delta;
        if (i > 0) lo = bisectPredicate(inSet, lo, all[i - 1]!.delta, { xTol: tol.delta }).inside;
        if (j < all.length - 1)
          hi = bisectPredicate(inSet, hi, all[j + 1]!.delta, { xTol: tol.delta }).inside;
        endpoints.push([lo, hi]);
      }
      all = classify(); // bisection added samples; make the classification consistent with them
    }
  };
  locateEndpoints();
  if (subdivided) {
    // A Pareto endpoint usually sits at some player's maximum, which subdividing located only to a
    // sub-cell. Refine the maxima whose brackets hold an endpoint — between the neighbours of the
    // player's best sample there, so each costs a short Brent run — and locate the endpoints again.
    const near = peakBrackets.filter(({ lo, hi }) =>
      endpoints.some(([a, b]) => (a >= lo && a <= hi) || (b >= lo && b <= hi)),
    );
    if (near.length <= maxPeakRefinements) {
      for (const b of near) {
        const val = (s: Sample): number => (b.player === m ? s.revenue : s.u[b.player]!);
        const inside = all.filter((s) => s.agreement && s.delta >= b.lo && s.delta <= b.hi);
        let k = 0;
        for (let i = 1; i < inside.length; i++) if (val(inside[i]!) > val(inside[k]!)) k = i;
        const lo = inside[Math.max(0, k - 1)]?.delta ?? b.lo;
        const hi = inside[Math.min(inside.length - 1, k + 1)]?.delta ?? b.hi;
        refinePeak({ ...b, lo, hi });
      }
      all = classify();
      locateEndpoints();
    } else {
      warnings.push(
        `${near.length} utility maxima lie in the cells of the Pareto endpoints: endpoints located to the subdivision's accuracy`,
      );
    }
  }
  const pareto = mergeIntervals(endpoints, Math.max(tol.delta, options.paretoGap ?? 1e-7));
  const inPareto = (x: number): boolean =>
    pareto.some(([lo, hi]) => x >= lo - tol.delta && x <= hi + tol.delta);
  const strictlyInPareto = (x: number): boolean => pareto.some(([lo, hi]) => x >= lo && x <= hi);
  const front = all.filter((s) => s.nd && inPareto(s.delta));
  const bargains = all.filter((s) => s.agreement);

  // 4. Parties and objectives.
  const gainScale = Math.max(1, ...front.map((s) => Math.max(...Array.from(s.u, Math.abs))));
  const parties: number[] = [];
  for (let p = 0; p < m; p++) if (front.some((s) => s.u[p]! - d[p]! > strict * gainScale)) parties.push(p);

  const solutions: Record<string, BargainSolution<O>> = {};
  /**
   * Where the maximum of min(terms) over [lo, hi] is a crossing of the terms smallest at lo and at
   * hi (a kink, where Brent's parabolas fail and it falls back to golden section): that crossing,
   * found as a root (superlinear), if both terms are the smallest there; else undefined.
   */
  const kinkBetween = (terms: Terms, lo: number, hi: number): number | undefined => {
    const at = (x: number): number[] | undefined => {
      const s = sampler.at(x);
      return s.agreement ? terms(s.u) : undefined;
    };
    const tLo = at(lo);
    const tHi = at(hi);
    if (tLo === undefined || tHi === undefined || !(hi > lo)) return undefined;
    const argmin = (t: number[]): number => t.indexOf(Math.min(...t));
    const p = argmin(tLo);
    const q = argmin(tHi);
    if (p === q) return undefined;
    const h = (x: number): number => {
      const t = at(x);
      return t === undefined ? Number.NaN : t[p]! - t[q]!;
    };
    const r = brentRoot(h, lo, hi, { xTol: tol.delta });
    if (r.status !== "converged") return undefined;
    const t = at(r.value)!;
    const low = Math.min(t[p]!, t[q]!);
    return t.every((x) => x >= low) ? r.value : undefined;
  };
  /** Maximises `f` over `pool` (and refines between its samples) into solutions[id]. */
  const solve = (
    id: SolutionId,
    f: Objective,
    pool: readonly Sample[],
    restrictToPareto: boolean,
    terms?: Terms,
    /** The player whose utility `f` is (powerful-P), if it is one. */
    player?: number,
  ): void => {
    const val = (s: Sample): number => f(s.u, s.revenue);
    const valAt = (x: number): number => {
      const s = sampler.at(x);
      return s.agreement ? val(s) : Number.NEGATIVE_INFINITY;
    };
    const intervalOf = (x: number): readonly [number, number] | undefined =>
      pareto.find(([a, b]) => x >= a - tol.delta && x <= b + tol.delta);
    let bestVal = Number.NEGATIVE_INFINITY;
    for (const s of pool) bestVal = Math.max(bestVal, val(s));
    const band = (v: number): number => tieTol * Math.max(1, Math.abs(v));
    // runs of consecutive pool members within the tie band of the best sample
    const runs: [number, number][] = [];
    pool.forEach((s, i) => {
      if (!(val(s) >= bestVal - band(bestVal))) return;
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === i - 1) last[1] = i;
      else runs.push([i, i]);
    });
    // Every run is refined between its pool neighbours (inside its Pareto interval). A run of at
    // least three samples that the refinement cannot beat by more than the tie band is a plateau:
    // every δ in it ties. Otherwise the run is one maximiser, at the refined point.
    const spacing = 1 / gridSize;
    const candidates: { lo: number; hi: number; value: number }[] = [];
    for (const [i, j] of runs) {
      const lo0 = pool[i]!.delta;
      const hi0 = pool[j]!.delta;
      let best = i;
      let v = val(pool[i]!);
      let vMin = v;
      for (let k = i + 1; k <= j; k++) {
        const vk = val(pool[k]!);
        vMin = Math.min(vMin, vk);
        if (vk > v) [best, v] = [k, vk];
      }
      let x = pool[best]!.delta;
      // refined between the best sample's neighbours: a run of tied samples near a flat maximum
      // can span a whole grid cell, and Brent from the run's neighbours then crawls to its end
      let lo = pool[Math.max(0, best - 1)]!.delta;
      let hi = pool[Math.min(pool.length - 1, best + 1)]!.delta;
      const iv = restrictToPareto ? intervalOf(x) : undefined;
      if (iv !== undefined) {
        lo = Math.max(lo, iv[0]);
        hi = Math.min(hi, iv[1]);
      }
      // A best sample at an end of the refinement bracket (the edge of its Pareto interval, or
      // δ = 0 or 1), falling off inward, is a boundary maximum: one inward probe confirms it, where
      // Brent would crawl to the end by golden-section steps (~35 evaluations).
      const inward =
        x === lo && hi > lo
          ? Math.min(hi, x + EDGE_PROBE)
          : x === hi && hi > lo
            ? Math.max(lo, x - EDGE_PROBE)
            : x;
      // The edge probes (samples EDGE_PROBE inside an edge) exist to confirm boundary maxima; at a
      // flat one a probe can beat its edge by round-off. A best sample that close to an edge of
      // its interval (or of [0, 1]) and tied with it is that boundary maximum at the probe's
      // resolution — Brent would crawl to the edge in ~30 golden-section steps.
      const atLo = lo === (iv?.[0] ?? 0);
      const atHi = hi === (iv?.[1] ?? 1);
      let snapped = false;
      if (x !== lo && atLo && x - lo <= 2 * EDGE_PROBE && valAt(lo) >= v - band(v)) {
        x = lo;
        snapped = true;
      } else if (x !== hi && atHi && hi - x <= 2 * EDGE_PROBE && valAt(hi) >= v - band(v)) {
        x = hi;
        snapped = true;
      }
      // A player's utility at the edge of its Pareto interval, whose refined maximum lies just
      // beyond that edge (in a bracket holding this one): the edge is its maximum on the interval.
      // Within ~1e-8 of a flat maximum the inward probe beats the edge by round-off, and Brent
      // would crawl to the edge (~16 evaluations).
      const beyond =
        player !== undefined &&
        ((x === hi && atHi && refined.some((r) => r.player === player && r.lo <= lo && r.x >= hi)) ||
          (x === lo && atLo && refined.some((r) => r.player === player && r.hi >= hi && r.x <= lo)));
      const kink = terms === undefined || snapped ? undefined : kinkBetween(terms, lo, hi);
      if (snapped || beyond || (inward !== x && valAt(inward) < v)) {
        // boundary maximum confirmed
      } else if (kink !== undefined) {
        // the maximum of a smallest term where two terms cross: a root, found superlinearly
        const vk = valAt(kink);
        if (vk > v) [x, v] = [kink, vk];
      } else if (hi > lo) {
        const r = brentMax(valAt, lo, hi, { xTol: tol.delta });
        if (r.value.fx > v) [x, v] = [r.value.x, r.value.fx];
      }
      // (a smooth peak sampled densely also gives ≥ 3 tied samples, but they span far less)
      if (j - i >= 2 && hi0 - lo0 >= 2 * spacing && v <= vMin + band(v)) {
        // a plateau; it extends to the edge of its Pareto interval when it reaches the last sample there
        const start = iv !== undefined && (i === 0 || pool[i - 1]!.delta < iv[0] - tol.delta) ? iv[0] : lo0;
        candidates.push({ lo: start, hi: hi0, value: vMin });
      } else candidates.push({ lo: x, hi: x, value: v });
    }
    // distinct maximisers tie when their values agree within the band; candidates closer than
    // TIE_SEPARATION are the same maximiser approached from two runs
    candidates.sort((p, q) => q.value - p.value || p.lo - q.lo);
    const primary = candidates[0]!;
    const tied = candidates
      .filter(
        (c) =>
          c === primary ||
          (c.value >= primary.value - band(primary.value) &&
            (c.hi > c.lo || Math.abs(c.lo - primary.lo) > TIE_SEPARATION)),
      )
      .sort((p, q) => p.lo - q.lo);
    const chosen = sampler.at(tied[0]!.lo);
    const ties: [number, number][] =
      tied.length > 1 || tied[0]!.hi > tied[0]!.lo ? tied.map((c) => [c.lo, c.hi]) : [];
    solutions[id] = {
      id,
      delta: chosen.delta,
      outcome: sampler.outcome(chosen.delta),
      objective: val(chosen),
      ties,
      inParetoSet: inPareto(chosen.delta),
    };
  };

  // powerful-P first: their values are the ideal points of Kalai–Smorodinsky
  // (players without a requested powerful solution use the best sampled utility on the front)
  const ideal = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
  for (const f of front) for (let p = 0; p < m; p++) ideal[p] = Math.max(ideal[p]!, f.u[p]!);
  const wanted = options.powerful ?? "all";
  problem.players.forEach((name, p) => {
    if (wanted !== "all" && !wanted.includes(name)) return;
    solve(`powerful-${name}`, (u) => u[p]!, front, true, undefined, p);
    ideal[p] = solutions[`powerful-${name}`]!.objective;
  });
  /** The smallest party gain divided by `scale`: as an objective, and as its terms (for kinks). */
  const smallest = (scale: (p: number) => number): { f: Objective; terms: Terms } => ({
    f: (u) => {
      let min = Number.POSITIVE_INFINITY;
      for (const p of parties) min = Math.min(min, (u[p]! - d[p]!) / scale(p));
      return min;
    },
    terms: (u) => parties.map((p) => (u[p]! - d[p]!) / scale(p)),
  });
  const egalitarian = smallest(() => 1);
  const allPositive = front.some((s) => egalitarian.f(s.u, s.revenue) > 0);
  // objectives loop over the parties without building arrays: they run for every sample, and
  // with 100 players the arrays were a visible share of the solve
  const nash: Objective = allPositive
    ? (u) => {
        let sum = 0;
        for (const p of parties) {
          const g = u[p]! - d[p]!;
          if (!(g > 0)) return Number.NEGATIVE_INFINITY;
          sum += Math.log(g);
        }
        return sum;
      }
    : (u) => {
        let count = 0;
        let sum = 0;
        for (const p of parties) {
          const g = u[p]! - d[p]!;
          if (g > 0) {
            count++;
            sum += Math.log(g);
          }
        }
        return count * 1e9 + sum;
      };
  if (!allPositive && parties.length > 0) {
    warnings.push(
      "nash: no bargain gives every party a positive gain; maximised the number of gaining parties first",
    );
  }
  solve("nash", nash, front, true);
  solve("egalitarian", egalitarian.f, front, true, egalitarian.terms);
  const ks = smallest((p) => ideal[p]! - d[p]!);
  solve("kalai-smorodinsky", ks.f, front, true, ks.terms);
  solve(
    "utilitarian",
    (u) => {
      let sum = 0;
      for (let p = 0; p < m; p++) sum += u[p]!;
      return sum;
    },
    front,
    true,
  );
  solve("max-performance", (_u, revenue) => revenue, bargains, false);
  const mp = solutions["max-performance"]!;
  if (!mp.inParetoSet) {
    warnings.push(`max-performance: δ = ${mp.delta} maximises revenue but is not Pareto-optimal`);
  }
  if (parties.length === 0)
    warnings.push("no player gains over its disagreement payoff anywhere in the Pareto set");

  const final = sampler.sorted().filter((s) => s.agreement);
  let largestUniformGain = Number.NEGATIVE_INFINITY;
  for (const p of final) {
    if (!strictlyInPareto(p.delta)) continue;
    for (const q of final) {
      if (q === p) continue;
      let g = Number.POSITIVE_INFINITY;
      for (let i = 0; i < m && g > largestUniformGain; i++) g = Math.min(g, q.u[i]! - p.u[i]!);
      if (g > largestUniformGain) largestUniformGain = g;
    }
  }
  return {
    pareto,
    solutions: solutions as SolutionMap<BargainSolution<O>>,
    parties: parties.map((p) => problem.players[p]!),
    status: "agreement",
    warnings,
    certificate: {
      gridSize,
      samples: final.length,
      evaluations: sampler.evaluations,
      endpointTolerance: tol.delta,
      largestUniformGain,
    },
  };
}

function mergeIntervals(iv: [number, number][], eps: number): [number, number][] {
  const sorted = [...iv].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + eps) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function disagreement<O extends BargainOutcome>(
  powerful: readonly string[],
  sampler: Sampler<O>,
  gridSize: number,
  warnings: string[],
): BargainingResult<O> {
  const ids: SolutionId[] = [
    "nash",
    "kalai-smorodinsky",
    "egalitarian",
    "utilitarian",
    "max-performance",
    ...powerful.map((p) => `powerful-${p}` as const),
  ];
  const solutions: Record<string, BargainSolution<O>> = {};
  for (const id of ids) {
    solutions[id] = { id, delta: null, outcome: null, objective: 0, ties: [], inParetoSet: false };
  }
  warnings.push(
    "disagreement: no revenue share δ ∈ [0, 1] yields a bargain; every player gets its disagreement payoff",
  );
  return {
    pareto: [],
    solutions: solutions as SolutionMap<BargainSolution<O>>,
    parties: [],
    status: "disagreement",
    warnings,
    certificate: {
      gridSize,
      samples: sampler.byDelta.size,
      evaluations: sampler.evaluations,
      endpointTolerance: 0,
      largestUniformGain: 0,
    },
  };
}
