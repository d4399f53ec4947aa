/**
 * The Pareto set of bargains over δ: the δ whose utility vector no other bargain dominates, as
 * disjoint closed intervals and isolated points.
 *
 * Samples alone could miss a narrow window of δ that dominates a whole stretch (or a narrow gap in
 * the set), whatever their density. So before the endpoints are located, every *close call* is
 * resolved: a non-dominated sample p and a sample q elsewhere (another piece, or another monotone
 * stretch of the same piece) such that q comes within the utility variation of their cells of
 * dominating p — then a point in one of those cells might dominate, or be dominated, and the cells
 * are subdivided, until no close call is left or the budget is spent (reported). Within one
 * stretch where every player's utility is monotone, dominance between samples is real and needs no
 * such check.
 */
import { bisectPredicate } from "../numerics/roots.js";
import { CloseCallSearch } from "./closeCalls.js";
import type { SolveContext } from "./context.js";
import type { BargainOutcome } from "./problem.js";
import { Screen } from "./quadrant.js";
import { headAllows, resolveStructure, type Sample } from "./sampling.js";

/** Options of {@link paretoSet}. */
export interface ParetoOptions {
  /** Gaps between intervals narrower than this (δ units) are closed. */
  readonly paretoGap: number;
  /** Cap on samples spent resolving close calls. */
  readonly closeCallBudget: number;
  /** Close calls are resolved for problems with at most this many players. */
  readonly closeCallMaxPlayers: number;
  /** Cap on located changes of structure (see resolveStructure). */
  readonly maxBreakpoints: number;
}

/**
 * Utility changes between neighbouring samples below this fraction of the utility scale do not
 * count in a stretch's sign pattern: the numeric path's utilities carry round-off of this order.
 */
const PATTERN_NOISE = 1e-10;

/**
 * Cells narrower than this (δ units) are not subdivided for close calls: a dominating window or a
 * gap narrower than it is below the solver's resolution (the endpoints themselves are then located
 * by bisection to the δ tolerance).
 */
const CLOSE_CALL_RESOLUTION = 1e-8;

/**
 * Rounds of subdivision for close calls at most (each halves every cell of a close call left); with
 * the sample budget, the search's limits.
 */
export const CLOSE_CALL_ROUNDS = 60;

/**
 * An interval whose utility vectors all agree within this fraction of the utility scale is one
 * bargain: near a maximum where everything else is constant, utilities are flat to second order and
 * the strict tolerance cannot separate points within ~√tol of it.
 */
const POINT_TOLERANCE = 1e-9;

/**
 * Only intervals narrower than this (δ units) can be one smeared point: the smear is ~√(utility
 * tolerance) ≈ 1e-6 wide. A wider interval of equal utilities is a genuine plateau of bargains.
 */
const POINT_MAX_WIDTH = 1e-5;

/**
 * New samples from which the classification builds the screen of ./quadrant.ts (O(N log N)) rather
 * than testing each against every sample (O(N) each).
 */
const SCREEN_MIN_QUERIES = 64;

/** What {@link paretoSet} returns. */
export interface ParetoResult {
  readonly intervals: [number, number][];
  /** Close calls left when the budget ran out (0 = every one resolved). */
  readonly unresolvedCloseCalls: number;
  /** Whether close calls were checked at all (problems with few players). */
  readonly closeCallsChecked: boolean;
}

/** `a` dominates `b`: nobody worse beyond their `slack` (per player), somebody better beyond `strict` (absolute). */
export function dominatesAbs(
  a: Float64Array,
  b: Float64Array,
  slack: ArrayLike<number>,
  strict: number,
): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y - slack[i]!) return false;
    if (!better && x > y + strict) better = true;
  }
  return better;
}

export function paretoSet<O extends BargainOutcome>(
  ctx: SolveContext<O>,
  options: ParetoOptions,
): ParetoResult {
  const { sampler, tol } = ctx;
  const slack = () => ctx.slack;
  const strict = () => tol.utility * ctx.scale;
  const isDominated = (s: Sample, pool: readonly Sample[]): boolean => {
    const sl = slack();
    const st = strict();
    // the leading utilities first: they settle most pairs without reading (or rebuilding) a vector
    for (const q of pool) {
      if (q !== s && q.agreement && headAllows(q, s, sl) && dominatesAbs(q.dom, s.dom, sl, st)) return true;
    }
    return false;
  };
  // Incremental: a new sample is checked against all; an old one, still undominated, only against
  // the new ones (dominance is pairwise and the tolerances are fixed, so this equals reclassifying
  // everything, at O(new·N) instead of O(N²) per call).
  const classify = (): Sample[] => {
    const all = sampler.sorted();
    const fresh = all.filter((s) => !s.classified);
    const screened = fresh.length > SCREEN_MIN_QUERIES ? screenedDominance(all, slack(), strict()) : null;
    for (const s of fresh) s.nd = s.agreement && !(screened?.(s) ?? isDominated(s, all));
    for (const s of all) {
      if (s.classified && s.nd) s.nd = !isDominated(s, fresh);
      s.classified = true;
    }
    return all;
  };

  let unresolved = 0;
  const check = ctx.md <= options.closeCallMaxPlayers;
  if (check) {
    let spent = 0;
    const search = new CloseCallSearch();
    for (let round = 0; round < CLOSE_CALL_ROUNDS; round++) {
      const all = classify();
      const cells = search.next(
        all,
        slack(),
        PATTERN_NOISE * ctx.scale,
        Math.max(ctx.tol.delta, CLOSE_CALL_RESOLUTION),
      );
      if (cells.length === 0) {
        unresolved = 0;
        break;
      }
      unresolved = cells.length;
      if (spent + cells.length > options.closeCallBudget) break;
      for (const [a, b] of cells) sampler.at(0.5 * (a + b));
      spent += cells.length;
      resolveStructure(sampler, tol.delta, options.maxBreakpoints);
    }
  }
  let all = classify();

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
  for (let pass = 0; pass < 2; pass++) {
    endpoints.length = 0;
    for (const [i, j] of runs()) {
      let lo = all[i]!.delta;
      let hi = all[j]!.delta;
      if (i > 0) lo = bisectPredicate(inSet, lo, all[i - 1]!.delta, { xTol: tol.delta }).inside;
      if (j < all.length - 1) hi = bisectPredicate(inSet, hi, all[j + 1]!.delta, { xTol: tol.delta }).inside;
      endpoints.push([lo, hi]);
    }
    all = classify(); // bisection added samples; make the classification consistent with them
  }
  const merged = mergeIntervals(endpoints, Math.max(tol.delta, options.paretoGap));
  return {
    intervals: merged.map((iv) => asPoint(iv, all, ctx.scale)),
    unresolvedCloseCalls: unresolved,
    closeCallsChecked: check,
  };
}

/** An interval whose utility vectors agree within {@link POINT_TOLERANCE} is reported as its best point. */
function asPoint(iv: [number, number], all: readonly Sample[], scale: number): [number, number] {
  const [lo, hi] = iv;
  if (hi === lo || hi - lo > POINT_MAX_WIDTH) return iv;
  const inside = all.filter((s) => s.agreement && s.delta >= lo && s.delta <= hi);
  if (inside.length === 0) return iv;
  const tol = POINT_TOLERANCE * scale;
  // a copy: the loop reads every sample inside, and a rebuilt vector is valid only for a few reads
  const first = inside[0]!.u.slice();
  for (const s of inside) {
    const u = s.u;
    for (let i = 0; i < first.length; i++) if (Math.abs(u[i]! - first[i]!) > tol) return iv;
  }
  // the point: the sample where the sum of utilities is largest (the interval's one bargain)
  let best = inside[0]!;
  let bestSum = Number.NEGATIVE_INFINITY;
  for (const s of inside) {
    let sum = 0;
    const u = s.u;
    for (let i = 0; i < u.length; i++) sum += u[i]!;
    if (sum > bestSum) [best, bestSum] = [s, sum];
  }
  return [best.delta, best.delta];
}

/**
 * Whether a sample is dominated by one of `all`, for many samples at once: the candidates come
 * from a screen on two players' utilities (./quadrant.ts), and each is tested as in paretoSet's
 * isDominated (the same answer; null when there are too few samples for the screen to pay).
 */
function screenedDominance(
  all: readonly Sample[],
  slack: ArrayLike<number>,
  strict: number,
): ((s: Sample) => boolean) | null {
  const pool = all.filter((q) => q.agreement);
  const heads = pool.map((q) => q.domHead);
  const screen = Screen.over(heads, pool.length, (i, p) => heads[i]![p]!);
  if (screen === null) return null;
  const ids: number[] = [];
  return (s) => {
    for (const id of screen.within(s.domHead, slack, ids)) {
      const q = pool[id]!;
      if (q !== s && headAllows(q, s, slack) && dominatesAbs(q.dom, s.dom, slack, strict)) return true;
    }
    return false;
  };
}

export function mergeIntervals(iv: [number, number][], eps: number): [number, number][] {
  const sorted = [...iv].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + eps) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
