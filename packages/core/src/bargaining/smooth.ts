/**
 * Cells of one structure proven free of hidden windows.
 *
 * The solver takes the outcome to be smooth between neighbouring samples of equal structure. That
 * is an assumption: a leading player choosing among several local maxima may switch to another
 * and back inside one cell, a window of another structure that the cell's ends do not show. Where
 * the model can prove that the structure holds across a cell (BargainingProblem.sameStructure),
 * every stretch of neighbouring samples of one structure is proven — as a whole when it can be,
 * else its two halves in turn, down to single cells. A single cell neither proven nor proven
 * dominated (./bounded.ts: a window inside it would not matter) is halved, and its midpoint may
 * show the window, which is then located like any change of structure (./sampling.ts); cells
 * narrower than the δ tolerance that still fail are counted, and the certificate is not claimed.
 * A stretch within cells already proven dominated is not tried at all.
 * Next to a located change ({@link CHANGE_NEIGHBOURHOOD}) cells are not halved: they are counted
 * apart, as the resolution of the proofs.
 * A proof holds for every sub-cell, and stretches proven next to each other join.
 */
import { firstIndex } from "../numerics/search.js";
import type { DominatedCells } from "./bounded.js";
import type { BargainingProblem, BargainOutcome } from "./problem.js";
import type { Sample } from "./sampling.js";

/**
 * Disjoint closed intervals, sorted, that join where they meet: a set of proven cells, where a proof
 * for each of two cells that share an end holds for their union.
 */
export class IntervalSet {
  private readonly list: [number, number][] = [];

  /** Intervals held (after joining). */
  get size(): number {
    return this.list.length;
  }

  /** Whether [lo, hi] lies in one interval. */
  covers(lo: number, hi: number): boolean {
    const k = this.lastStartingAtMost(lo);
    return k >= 0 && this.list[k]![1] >= hi;
  }

  /** Adds [lo, hi], joined with the intervals it meets. */
  add(lo: number, hi: number): void {
    let k = this.lastStartingAtMost(lo);
    if (k >= 0 && this.list[k]![1] >= lo) {
      lo = this.list[k]![0];
      hi = Math.max(hi, this.list[k]![1]);
    } else k++;
    let end = k;
    while (end < this.list.length && this.list[end]![0] <= hi) {
      hi = Math.max(hi, this.list[end]![1]);
      end++;
    }
    this.list.splice(k, end - k, [lo, hi]);
  }

  /** Index of the last interval starting at or below x (−1 when none). */
  private lastStartingAtMost(x: number): number {
    return firstIndex(this.list.length, (m) => this.list[m]![0] > x) - 1;
  }
}

/**
 * Cells within this many δ tolerances of a located change of structure are not halved for a proof:
 * there G is nearly indifferent between the structures on either side, the bounds' slack (first
 * order in the cell's width) exceeds the gap, and no cell short of the tolerance gets a proof. They
 * are counted apart ({@link UnprovenCells.nearChanges}): the structure proofs' resolution.
 */
export const CHANGE_NEIGHBOURHOOD = 100;

/**
 * Cells the solver halves at most for the proofs (./sampling.ts's resolveStructure), each a new
 * sample: where cells keep failing at every width (say two specialists whose thresholds agree to
 * their rounding, so neither side of the other can be told) the halvings would double every pass.
 * Past the budget the cells left are counted unproven, and the certificate is not claimed.
 */
export const STRUCTURE_HALVINGS = 2048;

/** What {@link ProvenCells.unproven} finds. */
export interface UnprovenCells {
  /** Cells wider than the minimum width, to halve. */
  readonly wide: [Sample, Sample][];
  /** Cells at most the minimum width (left unproven) away from any change of structure. */
  readonly narrow: number;
  /** Cells left unproven within {@link CHANGE_NEIGHBOURHOOD} minimum widths of a change of structure. */
  readonly nearChanges: number;
}

export class ProvenCells<O extends BargainOutcome> {
  /** Proven stretches (one structure throughout each). */
  private readonly proven = new IntervalSet();
  /** Stretches tried and not proven (keyed by their ends). */
  private readonly failed = new Set<string>();
  /** The same as intervals, sorted by their start. */
  private readonly failedRanges: [number, number][] = [];
  /** Cells halved for the proofs so far (./sampling.ts; at most {@link STRUCTURE_HALVINGS}). */
  halvings = 0;

  constructor(
    private readonly problem: BargainingProblem<O>,
    private readonly bounded: DominatedCells<O> | null,
  ) {}

  /** Stretches proven (after joining neighbours). */
  get stretches(): number {
    return this.proven.size;
  }

  /**
   * The cells between neighbouring samples of `all` (sorted) of equal structure key that are
   * neither proven nor proven dominated: those wider than `minWidth` to halve, and the count of the
   * others. Samples whose key is coarse (see ./sampling.ts) are not examined.
   */
  unproven(all: readonly Sample[], minWidth: number): UnprovenCells {
    const wide: [Sample, Sample][] = [];
    let narrow = 0;
    let nearChanges = 0;
    const near = CHANGE_NEIGHBOURHOOD * minWidth;
    // the run of one structure being visited, [first, last] (its neighbours outside have another)
    let first = 0;
    let last = 0;
    const visit = (i: number, j: number): void => {
      const a = all[i]!;
      const b = all[j]!;
      if (this.proven.covers(a.delta, b.delta)) return;
      // a window inside cells already proven dominated does not matter (no new bound computed)
      if (this.bounded?.known(a.delta, b.delta)) return;
      const key = `${a.delta},${b.delta}`;
      if (!this.failed.has(key) && (j - i < 2 || !this.holdsFailure(a.delta, b.delta))) {
        if (this.problem.sameStructure!(a.delta, b.delta)) {
          this.proven.add(a.delta, b.delta);
          return;
        }
        this.failed.add(key);
        this.addFailure(a.delta, b.delta);
      }
      if (j - i >= 2) {
        const mid = (i + j) >> 1;
        visit(i, mid);
        visit(mid, j);
        return;
      }
      // a window inside a cell proven dominated does not matter
      if (this.bounded?.covers(a, b)) return;
      const atChange =
        (first > 0 && b.delta - all[first]!.delta <= near) ||
        (last + 1 < all.length && all[last]!.delta - a.delta <= near);
      if (atChange) nearChanges++;
      else if (b.delta - a.delta > minWidth) wide.push([a, b]);
      else narrow++;
    };
    for (let i = 0; i + 1 < all.length; i++) {
      let j = i;
      while (j + 1 < all.length && all[j + 1]!.sig === all[i]!.sig) j++;
      first = i;
      last = j;
      if (j > i) visit(i, j);
      i = j;
    }
    return { wide, narrow, nearChanges };
  }

  /**
   * Whether a stretch that failed lies within [lo, hi]: a proof of [lo, hi] would then most likely
   * fail too (its bounds are no tighter over a wider cell), so its parts are tried instead, even
   * once that stretch is proven by parts (else the widest stretch of a piece is tried again every
   * round as its parts get proven). Only a speed-up: every single cell is still tried.
   */
  private holdsFailure(lo: number, hi: number): boolean {
    const list = this.failedRanges;
    let k = this.firstStartingAtLeast(lo);
    for (; k < list.length && list[k]![0] <= hi; k++) {
      const d = list[k]![1];
      if (d <= hi) return true;
    }
    return false;
  }

  private addFailure(lo: number, hi: number): void {
    this.failedRanges.splice(this.firstStartingAtLeast(lo), 0, [lo, hi]);
  }

  /** Index of the first failed stretch starting at or above x. */
  private firstStartingAtLeast(x: number): number {
    return firstIndex(this.failedRanges.length, (m) => this.failedRanges[m]![0] >= x);
  }
}
