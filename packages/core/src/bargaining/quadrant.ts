/**
 * Which of N points lie in a quadrant x ≥ qx, y ≥ qy: the two-coordinate screen of the dominance
 * tests over pairs of samples or cells (./closeCalls.ts, ./pareto.ts, ./uniformGain.ts). A point
 * that could dominate, or come within a slack of dominating, another is at least as good for every
 * player, so in particular for the two players the screen reads; only the points it lets through
 * are tested in full. With the players' utilities moving in opposite directions along δ (as on a
 * Pareto set), few points pass.
 *
 * Points are sorted by x (descending) and cut into blocks of about √N, each block's points sorted by
 * y (descending): a query walks the blocks wholly inside x ≥ qx, reading each one's points only
 * while y ≥ qy, and scans the one block cut by qx point by point. Building costs O(N log N); a query
 * O(N/B + B + k) for k points reported (B the block size), instead of O(N).
 */

/** Below this many points the screen is not worth building: callers test every pair. */
export const QUADRANT_MIN_POINTS = 256;

export class QuadrantIndex {
  /** Point ids by x, descending. */
  private readonly byX: Uint32Array;
  /** x of byX[k]. */
  private readonly xs: Float64Array;
  /** Within each block of byX, the same ids by y, descending, and their y. */
  private readonly byY: Uint32Array;
  private readonly ys: Float64Array;
  private readonly block: number;

  constructor(
    x: ArrayLike<number>,
    private readonly y: ArrayLike<number>,
  ) {
    const n = x.length;
    const ids = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[b]! - x[a]! || a - b);
    this.byX = Uint32Array.from(ids);
    this.xs = Float64Array.from(ids, (i) => x[i]!);
    this.block = Math.max(16, Math.ceil(Math.sqrt(n)));
    this.byY = new Uint32Array(n);
    this.ys = new Float64Array(n);
    for (let start = 0; start < n; start += this.block) {
      const end = Math.min(n, start + this.block);
      const part = ids.slice(start, end).sort((a, b) => y[b]! - y[a]! || a - b);
      for (let k = 0; k < part.length; k++) {
        this.byY[start + k] = part[k]!;
        this.ys[start + k] = y[part[k]!]!;
      }
    }
  }

  /**
   * Calls `visit` with every point whose x ≥ qx and y ≥ qy (each once, in no particular order),
   * until it returns true.
   */
  forEach(qx: number, qy: number, visit: (id: number) => boolean | undefined): void {
    // the number of points with x ≥ qx (xs is descending)
    let lo = 0;
    let hi = this.xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.xs[mid]! >= qx) lo = mid + 1;
      else hi = mid;
    }
    const whole = lo - (lo % this.block);
    for (let start = 0; start < whole; start += this.block) {
      for (let k = start; k < start + this.block && this.ys[k]! >= qy; k++) if (visit(this.byY[k]!)) return;
    }
    for (let k = whole; k < lo; k++) {
      const id = this.byX[k]!;
      if (this.y[id]! >= qy && visit(id)) return;
    }
  }
}

/**
 * The screen of one set of points (samples, or cells by their larger ends): the two players it
 * reads and the index over their utilities.
 */
export class Screen {
  private readonly index: QuadrantIndex;
  private constructor(
    readonly px: number,
    readonly py: number,
    count: number,
    at: (i: number, player: number) => number,
  ) {
    this.index = new QuadrantIndex(
      Float64Array.from({ length: count }, (_, i) => at(i, px)),
      Float64Array.from({ length: count }, (_, i) => at(i, py)),
    );
  }

  /**
   * The screen of `count` points whose utility of player p is `at(i, p)`, the players chosen over
   * `heads` (the samples' leading utilities); null below {@link QUADRANT_MIN_POINTS} points.
   */
  static over(
    heads: readonly ArrayLike<number>[],
    count: number,
    at: (i: number, player: number) => number,
  ): Screen | null {
    if (count < QUADRANT_MIN_POINTS || heads.length === 0) return null;
    const [px, py] = screenPlayers(heads, heads[0]!.length);
    return new Screen(px, py, count, at);
  }

  /**
   * Into `out`, in increasing order, the points whose two utilities are at least `lo`'s less
   * `slack` (one for both, or per player) (a superset of those the exact tests accept: see {@link screenBelow}). In the points'
   * order, the callers read samples as their unscreened loops did: with very many players a vector
   * read may be rebuilt, and the few rebuilt vectors kept serve neighbours.
   */
  within(lo: ArrayLike<number>, slack: number | ArrayLike<number>, out: number[]): number[] {
    out.length = 0;
    const sx = typeof slack === "number" ? slack : slack[this.px]!;
    const sy = typeof slack === "number" ? slack : slack[this.py]!;
    this.index.forEach(screenBelow(lo[this.px]!, sx), screenBelow(lo[this.py]!, sy), (id) => {
      out.push(id);
      return false;
    });
    return out.sort((a, b) => a - b);
  }
}

/**
 * The two players the screen reads: the first, and of the others the one whose utility varies
 * most over `vectors` (for a fine-tuning game G and the specialist who gains most from bargaining).
 * Returns [0, 0] for a single player.
 */
export function screenPlayers(vectors: readonly ArrayLike<number>[], m: number): [number, number] {
  if (m < 2 || vectors.length === 0) return [0, 0];
  const lo = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
  for (const v of vectors) {
    for (let p = 1; p < m; p++) {
      const u = v[p]!;
      if (u < lo[p]!) lo[p] = u;
      if (u > hi[p]!) hi[p] = u;
    }
  }
  let best = 1;
  for (let p = 2; p < m; p++) if (hi[p]! - lo[p]! > hi[best]! - lo[best]!) best = p;
  return [0, best];
}

/**
 * A threshold at most `v − slack` by more than the rounding of a difference, so that a screen on it
 * lets through every point the exact tests below could accept.
 */
export function screenBelow(v: number, slack: number): number {
  return v - slack - 4 * Number.EPSILON * (Math.abs(v) + Math.abs(slack)) - Number.MIN_VALUE;
}
