/**
 * Maximising one objective over a pool of samples (the Pareto set's, or every bargain's) into a
 * bargaining solution: the best samples are refined between their neighbours (a boundary maximum
 * confirmed by one inward probe, a maximum of a smallest term at a crossing found as a root, an
 * interior one by Brent's method), plateaus and distinct maximisers reported as ties.
 */
import { brentMax } from "../numerics/brent.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { type SolveContext, valueAt } from "./context.js";
import type { Objective, Terms } from "./objectives.js";
import { EDGE_PROBE, pieceMaximum } from "./peaks.js";
import type { BargainOutcome, BargainSolution, SolutionId } from "./problem.js";
import type { Sample } from "./sampling.js";

/**
 * A local maximum of the samples is refined when its value plus this multiple of the rise of the
 * parabola through it and its neighbours reaches the best sample (see {@link maximise}).
 */
const PEAK_RISE_SAFETY = 2;

/** How far the parabola through pool[i − 1], pool[i], pool[i + 1] rises above pool[i] (0 if not concave). */
function parabolaRise(pool: readonly Sample[], i: number, val: (s: Sample) => number): number {
  const x0 = pool[i - 1]!.delta;
  const x1 = pool[i]!.delta;
  const x2 = pool[i + 1]!.delta;
  const y0 = val(pool[i - 1]!);
  const y1 = val(pool[i]!);
  const y2 = val(pool[i + 1]!);
  const d01 = (y1 - y0) / (x1 - x0);
  const d12 = (y2 - y1) / (x2 - x1);
  const a = (d12 - d01) / (x2 - x0);
  if (!(a < 0)) return 0;
  // y = y1 + b·(x − x1) + a·(x − x1)², b the slope at x1; its top is y1 − b²/(4a)
  const b = d01 + a * (x1 - x0);
  return -(b * b) / (4 * a);
}

/** Maximisers of an objective closer than this (δ units) are one maximiser, not a tie. */
const TIE_SEPARATION = 1e-6;

/** What one maximisation needs besides the context. */
export interface MaximiseSpec {
  readonly id: SolutionId;
  readonly f: Objective;
  readonly pool: readonly Sample[];
  /** Whether the solution must lie in the Pareto set (refinement stays inside its intervals). */
  readonly restrictToPareto: boolean;
  /** For min-type objectives, their terms (crossings are found as roots). */
  readonly terms?: Terms;
  /** The player whose utility `f` is (powerful-P), if it is one. */
  readonly player?: number;
  readonly pareto: readonly (readonly [number, number])[];
  /** Relative tolerance under which objective values count as tied. */
  readonly tieTolerance: number;
}

/**
 * Where the maximum of min(terms) over [lo, hi] is a crossing of the terms smallest at lo and at
 * hi (a kink, where Brent's parabolas fail): that crossing, found as a root, if both terms are the
 * smallest there; else undefined.
 */
function kinkBetween<O extends BargainOutcome>(
  ctx: SolveContext<O>,
  terms: Terms,
  lo: number,
  hi: number,
): number | undefined {
  const at = (x: number): number[] | undefined => {
    const s = ctx.sampler.at(x);
    return s.agreement ? terms(s.u) : undefined;
  };
  const tLo = at(lo);
  const tHi = at(hi);
  if (tLo === undefined || tHi === undefined || !(hi > lo)) return undefined;
  // t.indexOf(Math.min(...t)) without spreading (a million parties overflow the stack)
  const argmin = (t: number[]): number => {
    if (t.length === 0 || t.some(Number.isNaN)) return -1;
    let k = 0;
    for (let i = 1; i < t.length; i++) if (t[i]! < t[k]!) k = i;
    return k;
  };
  const p = argmin(tLo);
  const q = argmin(tHi);
  if (p === q) return undefined;
  const h = (x: number): number => {
    const t = at(x);
    return t === undefined ? Number.NaN : t[p]! - t[q]!;
  };
  // to rounding, not to the δ tolerance: the objective falls off a kink at the steeper term's
  // slope, and a party with a small gap to its ideal point makes it steep (a Kalai–Smorodinsky
  // kink 5e-11 off its root lost 8e-10 of the objective, past the tie band, to a sample the
  // search itself had made); Brent's last steps converge superlinearly, a few outcomes more
  const r = brentRoot(h, lo, hi, { xTol: 0 });
  if (r.status !== "converged") return undefined;
  const t = at(r.value)!;
  const low = Math.min(t[p]!, t[q]!);
  return t.every((x) => x >= low) ? r.value : undefined;
}

/**
 * The maximum of `f` over [lo, hi] on the model's closed form of every utility along the piece
 * (BargainingProblem.pieceUtilities), when every sample in [lo, hi] has one structure with
 * agreement, confirmed by the outcome there to the objective's scale (./peaks.ts's pieceMaximum).
 * Null, having evaluated at most that outcome, when there is no closed form or it does not agree
 * (the caller then refines on outcomes).
 */
function onPiece<O extends BargainOutcome>(
  ctx: SolveContext<O>,
  f: Objective,
  lo: number,
  hi: number,
  scale: number,
): { x: number; fx: number } | null {
  const { sampler, problem } = ctx;
  if (problem.pieceUtilities === undefined) return null;
  const inside = sampler.sorted().filter((s) => s.delta >= lo && s.delta <= hi);
  const sig = inside[0]?.sig;
  if (sig === undefined || !inside.every((s) => s.agreement && s.sig === sig)) return null;
  const values = problem.pieceUtilities(lo, hi);
  if (values === null) return null;
  const into = new Float64Array(ctx.m + 1);
  const u = into.subarray(0, ctx.m);
  const g = (x: number): number => {
    values(x, into);
    return f(u, into[ctx.m]!);
  };
  return pieceMaximum(ctx, g, lo, hi, sig, (s) => valueAt(ctx, f, s), scale, 0);
}

/** Maximises `spec.f` over `spec.pool` (refining between its samples) into a solution. */
export function maximise<O extends BargainOutcome>(
  ctx: SolveContext<O>,
  spec: MaximiseSpec,
): BargainSolution<O> & { readonly tieBand: number } {
  const { sampler, tol } = ctx;
  const { f, pool, pareto, terms, player, restrictToPareto, tieTolerance: tieTol } = spec;
  const val = (s: Sample): number => valueAt(ctx, f, s);
  const valAt = (x: number): number => {
    const s = sampler.at(x);
    return s.agreement ? val(s) : Number.NEGATIVE_INFINITY;
  };
  const inPareto = (x: number): boolean =>
    pareto.some(([lo, hi]) => x >= lo - tol.delta && x <= hi + tol.delta);
  const intervalOf = (x: number): readonly [number, number] | undefined =>
    pareto.find(([a, b]) => x >= a - tol.delta && x <= b + tol.delta);
  let bestVal = Number.NEGATIVE_INFINITY;
  // the objective's own scale: ties are relative to it, so that rescaling utilities (or revenue)
  // rescales the tie band with them
  let objScale = Number.MIN_VALUE;
  // a lexicographic value (count·step + rest) ties on its rest (see Objective.step)
  const step = f.step;
  const rest = (v: number): number => (step === undefined ? v : v - step * Math.round(v / step));
  for (const s of pool) {
    const v = val(s);
    bestVal = Math.max(bestVal, v);
    if (Number.isFinite(v)) objScale = Math.max(objScale, Math.abs(rest(v)));
  }
  const band = (v: number): number => tieTol * Math.max(objScale, Math.abs(rest(v)));
  // runs of consecutive pool members within the tie band of the best sample
  const runs: [number, number][] = [];
  pool.forEach((s, i) => {
    if (!(val(s) >= bestVal - band(bestVal))) return;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  // and every other local maximum of the samples whose peak between its neighbours could reach
  // the best: a smooth maximum between two samples rises above the better of them, and the
  // solution was missed where it rose 3.5e-4 above the best sample elsewhere (the parabola through
  // the three samples, its rise doubled for safety, estimates how far)
  const inRun = new Uint8Array(pool.length);
  for (const [i, j] of runs) for (let k = i; k <= j; k++) inRun[k] = 1;
  const extra: [number, number][] = [];
  for (let i = 0; i < pool.length; i++) {
    if (inRun[i] === 1) continue;
    const v = val(pool[i]!);
    const l = i > 0 ? val(pool[i - 1]!) : Number.NEGATIVE_INFINITY;
    const r = i + 1 < pool.length ? val(pool[i + 1]!) : Number.NEGATIVE_INFINITY;
    if (!(v >= l && v >= r) || !Number.isFinite(v)) continue;
    const rise =
      Number.isFinite(l) && Number.isFinite(r) ? parabolaRise(pool, i, val) : Number.POSITIVE_INFINITY;
    if (v + PEAK_RISE_SAFETY * rise >= bestVal - band(bestVal)) extra.push([i, i]);
  }
  // (not above the limit of full checks: each refinement costs dozens of O(n) outcomes, a million
  // specialists' solve would pass two minutes, and its certificate is not claimed anyway)
  if (ctx.fullChecks) for (const e of extra) runs.push(e);
  runs.sort((a, b) => a[0] - b[0]);
  // Every run is refined between its pool neighbours (inside its Pareto interval). A run of at
  // least three samples that the refinement cannot beat by more than the tie band is a plateau:
  // every δ in it ties. Otherwise the run is one maximiser, at the refined point.
  const spacing = 1 / ctx.gridSize;
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
    // refined between the nearest samples on either side that fall below it by more than the tie
    // band, never across a change of structure (the outcome is smooth only within a piece; its end
    // sample is the piece's limit). Not simply its neighbours: where samples cluster (another
    // player's maximum refined nearby), neighbours 1e-10 apart differ by round-off alone, and the
    // best of such a cluster bracketed the maximum of a 2,001-player Nash product 8e-5 off.
    const sig = pool[best]!.sig;
    let l = best - 1;
    while (l >= 0 && pool[l]!.sig === sig && val(pool[l]!) >= v - band(v)) l--;
    let r = best + 1;
    while (r < pool.length && pool[r]!.sig === sig && val(pool[r]!) >= v - band(v)) r++;
    let lo = l >= 0 && pool[l]!.sig === sig ? pool[l]!.delta : pool[l + 1]!.delta;
    let hi = r < pool.length && pool[r]!.sig === sig ? pool[r]!.delta : pool[r - 1]!.delta;
    const iv = restrictToPareto ? intervalOf(x) : undefined;
    if (iv !== undefined) {
      lo = Math.max(lo, iv[0]);
      hi = Math.min(hi, iv[1]);
    }
    // A best sample at an end of the refinement bracket, falling off inward, is a boundary maximum:
    // one inward probe confirms it, where Brent would crawl to the end by golden-section steps.
    const inward =
      x === lo && hi > lo
        ? Math.min(hi, x + EDGE_PROBE)
        : x === hi && hi > lo
          ? Math.max(lo, x - EDGE_PROBE)
          : x;
    // At a flat boundary maximum a probe can beat its edge by round-off: a best sample that close
    // to an edge of its interval (or of [0, 1]) and tied with it is that boundary maximum.
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
    // A player's utility at the edge of its Pareto interval, whose refined maximum lies just beyond
    // that edge: the edge is its maximum on the interval.
    const beyond =
      player !== undefined &&
      ((x === hi && atHi && ctx.refined.some((r) => r.player === player && r.lo <= lo && r.x >= hi)) ||
        (x === lo && atLo && ctx.refined.some((r) => r.player === player && r.hi >= hi && r.x <= lo)));
    const kink = terms === undefined || snapped ? undefined : kinkBetween(ctx, terms, lo, hi);
    if (snapped || beyond || (inward !== x && valAt(inward) < v)) {
      // boundary maximum confirmed
    } else if (kink !== undefined) {
      const vk = valAt(kink);
      if (vk > v) [x, v] = [kink, vk];
    } else if (hi > lo) {
      const r = onPiece(ctx, f, lo, hi, objScale) ?? brentMax(valAt, lo, hi, { xTol: tol.delta }).value;
      if (r.fx > v) [x, v] = [r.x, r.fx];
    }
    // (a smooth peak sampled densely also gives ≥ 3 tied samples, but they span far less)
    if (j - i >= 2 && hi0 - lo0 >= 2 * spacing && v <= vMin + band(v)) {
      // a plateau; it extends to the edge of its Pareto interval when it reaches the last sample there
      const start = iv !== undefined && (i === 0 || pool[i - 1]!.delta < iv[0] - tol.delta) ? iv[0] : lo0;
      candidates.push({ lo: start, hi: hi0, value: vMin });
    } else candidates.push({ lo: x, hi: x, value: v });
  }
  if (candidates.length === 0) {
    // an objective that is not finite anywhere in the pool (a bug in an objective, not a user error)
    throw new Error(`${spec.id}: the objective is not a finite number at any bargain`);
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
  return {
    id: spec.id,
    tieBand: band(val(chosen)),
    delta: chosen.delta,
    outcome: sampler.outcome(chosen.delta),
    objective: val(chosen),
    ties,
    inParetoSet: inPareto(chosen.delta),
  };
}
