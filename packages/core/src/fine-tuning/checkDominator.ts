/**
 * A dominator of a bargain between the δ the checker's sweep examined: a window of δ narrower than
 * the sweep's spacing can dominate a point just outside a claimed Pareto set (a specialist at its
 * participation threshold there, better off everywhere in a window of 1e-4 elsewhere), and then
 * no sample does. Searched by branch and bound over the cells between neighbouring bargains. Also
 * the dominance tests the Pareto checks make against the examined bargains (./checkBargaining.ts):
 * each player's slack, the reference test of every candidate, and its screened form.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Def 2.2
 */
import { ownSlacks } from "../bargaining/dominance.js";
import type { ReferenceOutcome } from "./checkModel.js";
import type { DeltaSweep } from "./checkSweep.js";

/** What {@link searchDominator} found. */
export interface DominatorSearch {
  /** The largest single-player gain at a dominator found (−∞ if none). */
  readonly strength: number;
  /** Its δ (NaN if none). */
  readonly by: number;
  /** Outcomes evaluated. */
  readonly evaluations: number;
  /** Cells that could still hold a dominator when the budget ran out (0: the search is complete). */
  readonly open: number;
}

/** Cells narrower than this (δ units) are not split: below the checker's resolution of structure. */
const MIN_CELL = 1e-11;

interface Cell {
  readonly a: ReferenceOutcome;
  readonly b: ReferenceOutcome;
  /** Upper bound of min_i (u_i − u_i(p)) over the cell (+∞ when nothing bounds it). */
  readonly bound: number;
  /** Players whose maximum may lie inside the cell, with the steepest slope seen beside it. */
  readonly open: readonly (readonly [player: number, slope: number])[];
}

/**
 * The strongest dominator of p found between the examined δ, within `budget` new outcomes.
 *
 * Between two neighbouring samples of one piece of fixed structure, each player's utility is taken
 * to be monotone, so that over the cell it is at most the larger of its ends' values — except next
 * to a sample that is the player's local maximum among the samples: there the maximum may lie
 * inside, and the bound adds the steepest secant slope beside the cell times half its width. A cell
 * whose bound leaves some player losing more than its `weak` cannot hold a dominator; the others are
 * split at their midpoints, the highest bound first (a player whose maximum cannot be in a half, by
 * the values at its ends and the midpoint, is monotone there; a cell whose ends differ in
 * structure is unbounded). A dominator is a bargain at least `separation` from p where nobody
 * loses more than its `weak` and somebody gains more than `strict`. The bounds are heuristic (slopes
 * are estimated from samples): the search can miss a dominator, but what it reports is one.
 */
export function searchDominator(
  sweep: DeltaSweep,
  p: ReferenceOutcome,
  tolerances: { readonly weak: ArrayLike<number>; readonly strict: number; readonly separation: number },
  budget: number,
): DominatorSearch {
  const { weak, strict, separation } = tolerances;
  const u = p.utilities;
  const m = u.length;
  const s = sweep.sorted();
  const samePiece = (j: number, k: number): boolean =>
    k >= 0 && k < s.length && s[k]!.agreement && s[k]!.signature === s[j]!.signature;
  // player i's local maxima among the samples of each piece: the cells beside them may hold a higher value
  const peakOf = (j: number, i: number): boolean => {
    const v = s[j]!.utilities[i]!;
    return (
      (!samePiece(j, j - 1) || v >= s[j - 1]!.utilities[i]!) &&
      (!samePiece(j, j + 1) || v >= s[j + 1]!.utilities[i]!)
    );
  };
  const secant = (j: number, k: number, i: number): number =>
    samePiece(j, k) ? Math.abs((s[k]!.utilities[i]! - s[j]!.utilities[i]!) / (s[k]!.delta - s[j]!.delta)) : 0;
  const bound = (a: ReferenceOutcome, b: ReferenceOutcome, open: Cell["open"]): number => {
    if (a.signature !== b.signature) return Number.POSITIVE_INFINITY;
    const half = 0.5 * (b.delta - a.delta);
    // the least of each player's best over the cell less p's utility, each less the player's slack
    let least = Number.POSITIVE_INFINITY;
    let k = 0;
    for (let i = 0; i < m && least >= 0; i++) {
      let top = Math.max(a.utilities[i]!, b.utilities[i]!);
      if (k < open.length && open[k]![0] === i) top += open[k++]![1] * half;
      least = Math.min(least, top - u[i]! + weak[i]!);
    }
    return least;
  };
  const heap = new CellHeap();
  const far = (a: ReferenceOutcome, b: ReferenceOutcome): boolean =>
    b.delta < p.delta - separation || a.delta > p.delta + separation || b.delta - a.delta > 2 * separation;
  for (let j = 0; j + 1 < s.length; j++) {
    const a = s[j]!;
    const b = s[j + 1]!;
    if (!a.agreement || !b.agreement || b.delta - a.delta < MIN_CELL || !far(a, b)) continue;
    const open: [number, number][] = [];
    if (a.signature === b.signature)
      for (let i = 0; i < m; i++)
        if (peakOf(j, i) || peakOf(j + 1, i))
          open.push([i, Math.max(secant(j, j - 1, i), secant(j, j + 1, i), secant(j + 1, j + 2, i))]);
    const c = bound(a, b, open);
    if (c >= 0) heap.push({ a, b, bound: c, open });
  }
  let best = { strength: Number.NEGATIVE_INFINITY, by: Number.NaN };
  let evaluations = 0;
  while (heap.size > 0 && evaluations < budget) {
    const { a, b, open } = heap.pop()!;
    const mid = sweep.at(0.5 * (a.delta + b.delta));
    evaluations++;
    if (!mid.agreement) continue;
    if (Math.abs(mid.delta - p.delta) >= separation) {
      let gain = Number.NEGATIVE_INFINITY;
      let ok = true;
      for (let i = 0; i < m && ok; i++) {
        const d = mid.utilities[i]! - u[i]!;
        ok = d >= -weak[i]!;
        if (d > gain) gain = d;
      }
      if (ok && gain > strict) {
        best = { strength: gain, by: mid.delta };
        break;
      }
    }
    // a single maximum inside [a, b] is in [a, mid] only if u(mid) ≥ u(b), in [mid, b] only if u(mid) ≥ u(a)
    const halves = [
      [a, mid, b],
      [mid, b, a],
    ] as const;
    for (const [x, y, other] of halves) {
      if (y.delta - x.delta < MIN_CELL || !far(x, y)) continue;
      const kept = open.filter(([i]) => mid.utilities[i]! >= other.utilities[i]!);
      const c = bound(x, y, kept);
      if (c >= 0) heap.push({ a: x, b: y, bound: c, open: kept });
    }
  }
  return { ...best, evaluations, open: Number.isFinite(best.strength) ? 0 : heap.size };
}

/** A max-heap of cells by bound. */
class CellHeap {
  private readonly items: Cell[] = [];
  get size(): number {
    return this.items.length;
  }
  push(c: Cell): void {
    const h = this.items;
    h.push(c);
    let k = h.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (h[parent]!.bound >= h[k]!.bound) break;
      [h[parent], h[k]] = [h[k]!, h[parent]!];
      k = parent;
    }
  }
  pop(): Cell | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let big = k;
        if (l < h.length && h[l]!.bound > h[big]!.bound) big = l;
        if (r < h.length && h[r]!.bound > h[big]!.bound) big = r;
        if (big === k) break;
        [h[big], h[k]] = [h[k]!, h[big]!];
        k = big;
      }
    }
    return top;
  }
}

/**
 * Each player's "not worse" slack: `relative` times the player's largest |U| at a bargain
 * examined. Round-off is relative to each player's own magnitude: a slack relative to the game's
 * scale (G's utility, 2.4e4 with 100,000 specialists whose utilities are 0.05) let a specialist
 * lose 2e-9 unnoticed, and found points "dominated" that no bargain dominates (the solver's
 * convention too: ../bargaining/context.ts's SolveContext.slack).
 */
export function playerSlacks(
  outcomes: readonly ReferenceOutcome[],
  players: number,
  relative: number,
): Float64Array {
  return ownSlacks(
    outcomes.filter((o) => o.agreement).map((o) => o.utilities),
    players,
    relative,
  );
}

/**
 * How strongly the best candidate dominates p: the largest single-player gain over candidates at
 * least `separation` away in δ under which nobody loses more than their `weak` (per player); −∞ if none.
 */
export function dominance(
  p: ReferenceOutcome,
  candidates: readonly ReferenceOutcome[],
  weak: ArrayLike<number>,
  separation: number,
): { strength: number; by: number } {
  let strength = Number.NEGATIVE_INFINITY;
  let by = Number.NaN;
  const u = p.utilities;
  for (const q of candidates) {
    if (!q.agreement || Math.abs(q.delta - p.delta) < separation) continue;
    let gain = Number.NEGATIVE_INFINITY;
    let ok = true;
    for (let i = 0; i < u.length; i++) {
      const diff = q.utilities[i]! - u[i]!;
      if (diff < -weak[i]!) {
        ok = false;
        break;
      }
      if (diff > gain) gain = diff;
    }
    if (ok && gain > strength) {
      strength = gain;
      by = q.delta;
    }
  }
  return { strength, by };
}

/**
 * The candidates of {@link dominance} prepared once for many points p: the bargains sorted by G's
 * utility, highest first. A dominator loses at most `weak` anywhere, G included, so only the
 * prefix with u_G ≥ p's u_G − weak is read, and each candidate is dropped at the first player who
 * loses more (specialists in order; over δ G's utility and theirs mostly move in opposite
 * directions, so this is usually the first specialist). Same result as {@link dominance} over the
 * same list, ties in strength going to the earlier candidate of the list.
 */
export class Dominators {
  private readonly rows: ReferenceOutcome[];
  private readonly order: number[];

  constructor(candidates: readonly ReferenceOutcome[]) {
    this.rows = candidates.filter((q) => q.agreement);
    this.order = this.rows.map((_, k) => k);
    this.order.sort((a, b) => this.rows[b]!.utilities[0]! - this.rows[a]!.utilities[0]! || a - b);
  }

  /** {@link dominance} of p over the prepared candidates. */
  strongest(
    p: ReferenceOutcome,
    weak: ArrayLike<number>,
    separation: number,
  ): { strength: number; by: number } {
    let strength = Number.NEGATIVE_INFINITY;
    let by = Number.NaN;
    let byIndex = Number.POSITIVE_INFINITY;
    const u = p.utilities;
    for (const k of this.order) {
      const q = this.rows[k]!;
      const v = q.utilities;
      // sorted by G's utility (and a rounded difference is monotone in it): every later candidate
      // makes G lose more than weak too
      if (v[0]! - u[0]! < -weak[0]!) break;
      if (Math.abs(q.delta - p.delta) < separation) continue;
      let gain = v[0]! - u[0]!;
      let ok = true;
      for (let i = 1; i < u.length; i++) {
        const diff = v[i]! - u[i]!;
        if (diff < -weak[i]!) {
          ok = false;
          break;
        }
        if (diff > gain) gain = diff;
      }
      if (ok && (gain > strength || (gain === strength && k < byIndex))) {
        strength = gain;
        by = q.delta;
        byIndex = k;
      }
    }
    return { strength, by };
  }
}
