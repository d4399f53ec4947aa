/**
 * Close calls of dominance (see ./pareto.ts): the cells to subdivide before the Pareto set's
 * endpoints are located.
 *
 * Between two neighbouring samples of one piece every player's utility is taken to be monotone
 * (every local maximum is a sample: ./peaks.ts refines them all), so over a cell it lies between its
 * ends' values. A cell C_p holding a non-dominated sample and a cell C_q elsewhere are a close call
 * when the best C_q could offer every player (the larger end) reaches the worst C_p could have (the
 * smaller end): then a point of C_q might dominate a point of C_p that no sample dominates. Both are
 * subdivided (C_p only if both its ends are undominated: a change of status inside it is an
 * endpoint, located by bisection) until they are narrower than `minWidth` or the test fails.
 *
 * The test of a pair reads only the two cells' end values, which do not change while both cells
 * exist, so {@link CloseCallSearch} keeps the pairs that pass it from one round of subdivision to
 * the next and tests only pairs with a new cell or a new sample: a round costs O(new · N) instead of
 * O(N²) (N cells), the pairs kept are re-read against the current numbering of pieces and stretches,
 * and the answer is that of {@link closeCalls}, which tests every pair (the reference, also used
 * when too many pairs pass to be kept).
 */
import { Screen } from "./quadrant.js";
import { pieces, type Sample } from "./sampling.js";

/** Above this many passing pairs (cells whose utilities are all flat) the search stops keeping them. */
const MAX_KEPT_PAIRS = 1_000_000;

/** Pieces (runs of one structure) and stretches (runs of one sign pattern of utility changes). */
interface Layout {
  readonly piece: Int32Array;
  readonly stretch: Int32Array;
  /** Left ends of the cells [k, k + 1] within one piece. */
  readonly cells: number[];
}

/**
 * Stretch ids: pieces split where the sign pattern of the players' utility changes flips (changes
 * below the noise level count as none, so that round-off does not split a stretch).
 */
function layout(all: readonly Sample[], noise: number): Layout {
  const n = all.length;
  const stretch = new Int32Array(n).fill(-1);
  const piece = new Int32Array(n).fill(-1);
  let id = 0;
  let pieceId = 0;
  const sign = (d: number): number => (d > noise ? 1 : d < -noise ? -1 : 0);
  // whether the cells [k − 1, k] and [k, k + 1] change every utility the same way
  const samePattern = (k: number): boolean => {
    const a = all[k - 1]!.dom;
    const b = all[k]!.dom;
    const c = all[k + 1]!.dom;
    for (let p = 0; p < a.length; p++) if (sign(b[p]! - a[p]!) !== sign(c[p]! - b[p]!)) return false;
    return true;
  };
  for (const [i, j] of pieces(all)) {
    id++;
    pieceId++;
    for (let k = i; k <= j; k++) {
      // the sample at a change of pattern belongs to both stretches: it keeps the earlier id
      stretch[k] = id;
      piece[k] = pieceId;
      if (k > i && k < j && !samePattern(k)) id++;
    }
  }
  const cells: number[] = [];
  for (let k = 0; k + 1 < n; k++) if (piece[k]! >= 0 && piece[k] === piece[k + 1]) cells.push(k);
  return { piece, stretch, cells };
}

/** The worst C_p could have: the smaller end of each utility (`b` = `a` for a single sample). */
function lower(lo: Float64Array, a: Sample, b: Sample): void {
  const x = a.dom;
  const y = b.dom;
  for (let i = 0; i < lo.length; i++) lo[i] = Math.min(x[i]!, y[i]!);
}

/**
 * The cells by the larger end of two players' utilities (see ./quadrant.ts), when there are enough
 * of them to be worth it; `null` otherwise.
 */
function cellScreen(all: readonly Sample[], cells: readonly number[]): Screen | null {
  return Screen.over(
    all.map((s) => s.domHead),
    cells.length,
    (c, p) => Math.max(all[cells[c]!]!.domHead[p]!, all[cells[c]! + 1]!.domHead[p]!),
  );
}

/** Whether the cell [c, d] could offer every player at least `lo` (less the slack). */
function reaches(lo: Float64Array, c: Sample, d: Sample, slack: ArrayLike<number>): boolean {
  const x = c.dom;
  const y = d.dom;
  for (let i = 0; i < lo.length; i++) if (Math.max(x[i]!, y[i]!) - lo[i]! < -slack[i]!) return false;
  return true;
}

/**
 * Whether a passing pair is a close call under the current numbering: not within one stretch or
 * its neighbours of one piece (there dominance between samples is real), and not neighbours.
 */
function counts(L: Layout, kp: number, kq: number, single: boolean): boolean {
  if (L.piece[kq] === L.piece[kp] && Math.abs(L.stretch[kq]! - L.stretch[kp]!) <= 1) return false;
  return single ? kq !== kp && kq + 1 !== kp : Math.abs(kq - kp) > 1;
}

/** The cells to split, keyed by left index, and the rule that keeps only those wider than minWidth. */
function splitter(all: readonly Sample[], minWidth: number) {
  const out = new Map<number, [number, number]>();
  const split = (k: number): void => {
    const a = all[k]!;
    const b = all[k + 1]!;
    if (b.delta - a.delta > minWidth) out.set(k, [a.delta, b.delta]);
  };
  const finish = (): [number, number][] => {
    // a change of status between neighbours is an endpoint: one bisection step per round, so that
    // the undominated sample next to it is tested again, closer, in the next round
    for (let k = 0; k + 1 < all.length; k++) if (all[k]!.nd !== all[k + 1]!.nd) split(k);
    return [...out.values()];
  };
  return { split, finish };
}

/**
 * The cells to subdivide, testing every pair (O(N²) per call): the reference for
 * {@link CloseCallSearch}. C_p is a cell whose ends are both undominated (a point between them
 * might be dominated), or a single undominated sample (a cell with one dominated end holds an
 * endpoint, located by bisection; only the sample's own values are tested then).
 */
export function closeCalls(
  all: readonly Sample[],
  slack: ArrayLike<number>,
  noise: number,
  minWidth: number,
): [number, number][] {
  const L = layout(all, noise);
  const m = all.length > 0 ? all[0]!.dom.length : 0;
  const lo = new Float64Array(m);
  const { split, finish } = splitter(all, minWidth);
  const test = (kp: number, single: boolean): void => {
    lower(lo, all[kp]!, single ? all[kp]! : all[kp + 1]!);
    for (const kq of L.cells) {
      if (!counts(L, kp, kq, single)) continue;
      if (!reaches(lo, all[kq]!, all[kq + 1]!, slack)) continue;
      if (!single) split(kp);
      split(kq);
    }
  };
  for (const kp of L.cells) if (all[kp]!.nd && all[kp + 1]!.nd) test(kp, false);
  for (let k = 0; k < all.length; k++) if (all[k]!.nd) test(k, true);
  return finish();
}

/** A pair that passed the test: C_p = [pa, pb] (pb = pa for a single sample) and C_q = [qa, qb]. */
interface Pair {
  readonly pa: Sample;
  readonly pb: Sample;
  readonly qa: Sample;
  readonly qb: Sample;
}

/**
 * {@link closeCalls} over successive rounds of one Pareto search, keeping the pairs that pass the
 * test. A sample's status only goes from undominated to dominated as samples are added, so a C_p
 * that is not one now never becomes one again; the pairs with a new cell or sample are tested, the
 * others are kept while both cells exist (the same two samples, neighbours in one piece).
 */
export class CloseCallSearch {
  private pairs: Pair[] = [];
  /** Each cell's right end, by its left end, as of the last round. */
  private cellsBefore = new Map<Sample, Sample>();
  /** Samples present in the last round. */
  private samplesBefore = new Set<Sample>();
  private slack: ArrayLike<number> | null = null;
  /** Set when too many pairs pass to be kept: every round then tests every pair. */
  private full = false;

  next(
    all: readonly Sample[],
    slack: ArrayLike<number>,
    noise: number,
    minWidth: number,
  ): [number, number][] {
    if (this.full || slack !== this.slack) this.reset(slack);
    if (this.full) return closeCalls(all, slack, noise, minWidth);
    const L = layout(all, noise);
    const m = all.length > 0 ? all[0]!.dom.length : 0;
    const lo = new Float64Array(m);
    const index = new Map<Sample, number>();
    for (let k = 0; k < all.length; k++) index.set(all[k]!, k);
    const cells = new Map<Sample, Sample>();
    for (const k of L.cells) cells.set(all[k]!, all[k + 1]!);
    const isCell = (a: Sample, b: Sample): boolean => cells.get(a) === b;
    const fresh = (k: number): boolean => this.cellsBefore.get(all[k]!) !== all[k + 1]!;
    const newCells = L.cells.filter(fresh);
    // kept pairs whose cells still exist, and whose C_p still qualifies
    const kept = this.pairs.filter(
      (p) => p.pa.nd && p.pb.nd && (p.pa === p.pb || isCell(p.pa, p.pb)) && isCell(p.qa, p.qb),
    );
    const screen = cellScreen(all, L.cells);
    const ids: number[] = [];
    const test = (pa: Sample, pb: Sample, kq: number): void => {
      const qa = all[kq]!;
      const qb = all[kq + 1]!;
      if (reaches(lo, qa, qb, slack)) kept.push({ pa, pb, qa, qb });
    };
    const pass = (pa: Sample, pb: Sample, against: readonly number[]): void => {
      lower(lo, pa, pb);
      if (screen !== null && against === L.cells) {
        for (const c of screen.within(lo, slack, ids)) test(pa, pb, L.cells[c]!);
      } else for (const kq of against) test(pa, pb, kq);
    };
    // new C_p against every cell; C_p from before against the new cells only
    for (const kp of L.cells) {
      const a = all[kp]!;
      const b = all[kp + 1]!;
      if (a.nd && b.nd) pass(a, b, fresh(kp) ? L.cells : newCells);
    }
    for (const s of all) if (s.nd) pass(s, s, this.samplesBefore.has(s) ? newCells : L.cells);
    if (kept.length > MAX_KEPT_PAIRS) {
      this.full = true;
      return closeCalls(all, slack, noise, minWidth);
    }
    this.pairs = kept;
    this.cellsBefore = cells;
    this.samplesBefore = new Set(all);
    const { split, finish } = splitter(all, minWidth);
    for (const p of kept) {
      const kp = index.get(p.pa)!;
      const kq = index.get(p.qa)!;
      const single = p.pa === p.pb;
      if (!counts(L, kp, kq, single)) continue;
      if (!single) split(kp);
      split(kq);
    }
    return finish();
  }

  private reset(slack: ArrayLike<number>): void {
    this.pairs = [];
    this.cellsBefore = new Map();
    this.samplesBefore = new Set();
    this.slack = slack;
  }
}
