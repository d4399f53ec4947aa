/**
 * Persistent upper envelopes of consumer-utility lines u_j(θ) = θ·q_j − p_j, the data structure
 * behind the market's O(n log n) consumer choice, best responses and certificates.
 *
 * Conventions: lines are inserted in monotone slope order (ascending for the "low" hull of the
 * rivals below a firm, descending for the "high" hull of the rivals above it). Each insertion
 * pops the lines it makes useless and records its parent (the line it meets at its breakpoint),
 * so every earlier version of the hull stays readable as the path from its top to the root: the
 * hull of the firms with quality below q is the version recorded before the first firm of
 * quality q was inserted. Breakpoints are the θ where a line meets its parent; a binary-lifting
 * table over the parent pointers finds the line that is on top at the point where a firm's own
 * line crosses the envelope in O(log n).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Section 2.1.2 (consumer choice)
 */

/** Which side of a firm the hull's lines are on. */
export type HullSide = "low" | "high";

/**
 * A persistent upper envelope. The "low" hull starts with the outside option (the line 0, node 0)
 * and grows with steeper lines that win on the right; the "high" hull starts empty and grows with
 * flatter lines that win on the left.
 */
export class PersistentHull {
  readonly q: Float64Array;
  readonly p: Float64Array;
  /**
   * Breakpoint of each node with its parent: for "low", the left end of the node's interval
   * (−∞ for the outside option); for "high", its right end (+∞ for the root).
   */
  readonly x: Float64Array;
  /** up[k][v]: the 2^k-th ancestor of node v (−1 past the root). */
  readonly up: Int32Array[];
  /** Nodes stored. */
  size = 0;
  /** The current version's top node (−1: empty). */
  top = -1;

  constructor(
    readonly side: HullSide,
    capacity: number,
  ) {
    const cap = capacity + 1;
    this.q = new Float64Array(cap);
    this.p = new Float64Array(cap);
    this.x = new Float64Array(cap);
    const levels = Math.max(1, Math.ceil(Math.log2(cap + 1)));
    this.up = Array.from({ length: levels }, () => new Int32Array(cap).fill(-1));
    if (side === "low") this.node(0, 0, Number.NEGATIVE_INFINITY, -1);
  }

  private node(q: number, p: number, x: number, parent: number): number {
    const v = this.size++;
    this.q[v] = q;
    this.p[v] = p;
    this.x[v] = x;
    const up = this.up;
    up[0]![v] = parent;
    for (let k = 1; k < up.length; k++) {
      const a = up[k - 1]![v]!;
      up[k]![v] = a < 0 ? -1 : up[k - 1]![a]!;
    }
    this.top = v;
    return v;
  }

  /** Inserts the line θq − p (slope beyond every line inserted so far); returns the new top. */
  push(q: number, p: number): number {
    let t = this.top;
    const parentOf = this.up[0]!;
    if (this.side === "low") {
      // pop lines whose interval (x_t, meeting point with the new line] is empty
      while (parentOf[t]! >= 0 && (p - this.p[t]!) / (q - this.q[t]!) <= this.x[t]!) t = parentOf[t]!;
      return this.node(q, p, (p - this.p[t]!) / (q - this.q[t]!), t);
    }
    if (t < 0) return this.node(q, p, Number.POSITIVE_INFINITY, -1);
    while (parentOf[t]! >= 0 && (this.p[t]! - p) / (this.q[t]! - q) >= this.x[t]!) t = parentOf[t]!;
    return this.node(q, p, (this.p[t]! - p) / (this.q[t]! - q), t);
  }
}

/** The line of a hull on top where a firm's line crosses it, and the neighbouring breakpoint. */
export interface HullHit {
  /** The node on top at the crossing. */
  readonly node: number;
  /**
   * The breakpoint beyond which (as the firm's price rises) the crossing leaves this node: for
   * "low" the right end of the node's interval, for "high" its left end (±∞ at the version's top).
   */
  readonly next: number;
}

/**
 * Where the line θ·qi − price crosses the hull version `top` (qi steeper than every line of a
 * "low" hull, flatter than every line of a "high" hull): the crossing is unique because the
 * difference of the firm's line and the envelope is monotone. At a breakpoint the node that
 * continues for higher prices is returned.
 */
export function hullCrossing(hull: PersistentHull, top: number, qi: number, price: number): HullHit {
  const { q, p, x, up } = hull;
  // sat(v): the crossing lies in v's interval or beyond it towards the root (written out twice,
  // once per side, because this is the innermost loop of every market solve)
  if (hull.side === "low") {
    if (x[top]! * (qi - q[top]!) <= price - p[top]!) return { node: top, next: Number.POSITIVE_INFINITY };
    let v = top;
    for (let k = up.length - 1; k >= 0; k--) {
      const a = up[k]![v]!;
      if (a >= 0 && !(x[a]! * (qi - q[a]!) <= price - p[a]!)) v = a;
    }
    return { node: up[0]![v]!, next: x[v]! };
  }
  if (p[top]! - price <= x[top]! * (q[top]! - qi)) return { node: top, next: Number.NEGATIVE_INFINITY };
  let v = top;
  for (let k = up.length - 1; k >= 0; k--) {
    const a = up[k]![v]!;
    if (a >= 0 && !(p[a]! - price <= x[a]! * (q[a]! - qi))) v = a;
  }
  return { node: up[0]![v]!, next: x[v]! };
}
