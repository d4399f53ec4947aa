/**
 * Who the parties are and each player's ideal point (its best utility on the Pareto set, which
 * Kalai–Smorodinsky measures gains against), and the checks of BargainingProblem.decisive.
 *
 * A decisive player's maxima are refined (./peaks.ts), so its best sample on the set is its best
 * utility there. Another player's is too when it lies at an end of a Pareto interval; inside one,
 * its maximum lies between the best sample's neighbours and was not located: the model's own best
 * utilities (BargainingProblem.bestUtilities) stand in for it, or it is counted as unrefined
 * (BargainingCertificate.unrefinedIdeals).
 */
import type { SolveContext } from "./context.js";
import type { BargainOutcome } from "./problem.js";
import type { Sample } from "./sampling.js";

/** A model's best utility may fall below a sampled one by this fraction of the utility scale (round-off). */
const BEST_UTILITY_SLACK = 1e-12;

/**
 * The number of players that decide dominance: the length of BargainingProblem.decisive, checked
 * (distinct indices of players), or m without one.
 */
export function decisiveCount(decisive: readonly number[] | undefined, m: number): number {
  if (decisive === undefined) return m;
  const seen = new Set<number>();
  for (const i of decisive) {
    if (!Number.isInteger(i) || i < 0 || i >= m || seen.has(i)) {
      throw new Error(
        `decisive: ${i} is not a distinct index of a player (expected an integer in 0..${m - 1})`,
      );
    }
    seen.add(i);
  }
  return decisive.length;
}

/** What {@link partiesAndIdeals} returns. */
export interface PartiesAndIdeals {
  /** Players whose gain over disagreement is positive somewhere on the front. */
  readonly parties: number[];
  /** Each player's best utility on the Pareto set (as far as it is known: see below). */
  readonly ideal: Float64Array;
  /** Parties whose ideal point is a sample inside an interval, not a located maximum. */
  readonly unrefinedIdeals: number;
  /**
   * The most parties that gain at one sample of the front (a gain above the same round-off as a
   * party's: every player gaining at a sample is a party), for Nash's count form.
   */
  readonly topCount: number;
}

/**
 * The parties, ideal points and the most parties gaining at one sample from the front's samples,
 * sample by sample (each vector read once: with a million players one not kept is rebuilt for
 * each pass), not player by player; with decisive players, the others' ideal points inside the
 * set from the model when it can give them.
 */
export function partiesAndIdeals<O extends BargainOutcome>(
  ctx: SolveContext<O>,
  front: readonly Sample[],
  pareto: readonly (readonly [number, number])[],
  powerful: readonly string[],
): PartiesAndIdeals {
  const { m, problem } = ctx;
  const strict = ctx.tol.utility * ctx.scale;
  const gains = new Uint8Array(m);
  const ideal = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
  // with decisive players, the front sample where each player does best
  const bestAt = ctx.md < m ? new Int32Array(m) : null;
  let topCount = 0;
  front.forEach((s, j) => {
    const u = s.u;
    let count = 0;
    for (let p = 0; p < m; p++) {
      if (u[p]! - ctx.d[p]! > strict) {
        gains[p] = 1;
        count++;
      }
      if (u[p]! > ideal[p]!) {
        ideal[p] = u[p]!;
        if (bestAt !== null) bestAt[p] = j;
      }
    }
    topCount = Math.max(topCount, count);
  });
  const parties: number[] = [];
  for (let p = 0; p < m; p++) if (gains[p] === 1) parties.push(p);
  if (bestAt === null) return { parties, ideal, unrefinedIdeals: 0, topCount };

  // the parties whose maximum on the set is not located: not decisive, no powerful solution (its
  // value becomes the ideal point), best at a sample that is not an end of its interval
  const located = new Uint8Array(m);
  for (const p of ctx.sampler.decisive!) located[p] = 1;
  const names = new Set(powerful);
  problem.players.forEach((name, p) => {
    if (names.has(name)) located[p] = 1;
  });
  const tol = ctx.tol.delta;
  const atEnd = front.map((s) =>
    pareto.some(([lo, hi]) => Math.abs(s.delta - lo) <= tol || Math.abs(s.delta - hi) <= tol),
  );
  const open = parties.filter((p) => located[p] === 0 && !atEnd[bestAt[p]!]);
  if (open.length === 0 || problem.bestUtilities === undefined) {
    return { parties, ideal, unrefinedIdeals: open.length, topCount };
  }
  const best = problem.bestUtilities(stretchesOf(front, pareto), ctx.scale);
  if (best === null) return { parties, ideal, unrefinedIdeals: open.length, topCount };
  // the model's value stands for the maximum, never below the samples' beyond round-off
  const slack = BEST_UTILITY_SLACK * ctx.scale;
  let unrefinedIdeals = 0;
  let below = 0;
  let gap = 0;
  for (const p of open) {
    const b = best[p]!;
    if (b >= ideal[p]! - slack) ideal[p] = Math.max(ideal[p]!, b);
    else {
      unrefinedIdeals++;
      if (!Number.isNaN(b)) {
        below++;
        gap = Math.max(gap, ideal[p]! - b);
      }
    }
  }
  if (below > 0) {
    ctx.warnings.push(
      `ideal points: the model's best utility on the Pareto set is below a sampled one for ${below} players (by up to ${gap}); theirs are left unrefined`,
    );
  }
  return { parties, ideal, unrefinedIdeals, topCount };
}

/** The runs of front samples of one structure inside each Pareto interval, in increasing δ. */
function stretchesOf(
  front: readonly Sample[],
  pareto: readonly (readonly [number, number])[],
): { lo: number; hi: number; at: number }[] {
  const out: { lo: number; hi: number; at: number }[] = [];
  let last: { lo: number; hi: number; at: number; sig: string; iv: number } | null = null;
  for (const s of front) {
    const iv = pareto.findIndex(([lo, hi]) => s.delta >= lo && s.delta <= hi);
    if (iv < 0) continue;
    if (last !== null && last.sig === s.sig && last.iv === iv) last.hi = s.delta;
    else {
      last = { lo: s.delta, hi: s.delta, at: s.delta, sig: s.sig, iv };
      out.push(last);
    }
  }
  return out.map(({ lo, hi, at }) => ({ lo, hi, at }));
}
