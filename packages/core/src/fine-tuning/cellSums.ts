/**
 * The second-order structure proof's passes over the items (./cellCandidates.ts): compensated sums
 * over sets of items, the items whose thresholds meet the failing region and those near them, put
 * in the cell's order of thresholds. Each pass is a function of its own, reading the items in
 * index order: V8 optimises it once and keeps it (a loop inside the proof, with its closures made
 * per cell, was deoptimised again and again, and ran boxing its numbers meanwhile), and with a
 * million items reading them in threshold order costs a cache miss each.
 */
import { firstPast } from "../numerics/search.js";
import { thresholdCurvature } from "./cellCurves.js";
import type { CellEnds } from "./cellEnds.js";
import { type PackedPolynomial, sortByKey } from "./packed.js";

/**
 * Numbers of a set of specialists' sums in a prefix array: S, Xlo and Xhi with their
 * compensations, Y, YA, Olo, Ohi.
 */
export const FIELDS = 10;

/**
 * Sums over a set of items: specialists' slopes, the direct channel's slope and constant, Σ s·x at
 * lo and hi (all, and, as Olo and Ohi, of the items outside the path's set), y″ bounds (all, and of
 * the path's set). S, Xlo and Xhi are compensated (Neumaier:
 * each addition's rounding error, exact by Fast2Sum, is kept in the `c` fields), so over any number
 * of non-negative terms N their rounding is at most u + (N·u)² relative instead of N·u: the
 * candidates' values and the path's differ by gaps that shrink as n grows. Each starts at +0 and
 * is only added to, so none is −0: copying one gives the numbers adding it to a fresh set would.
 */
export class Sums {
  S = 0;
  Sc = 0;
  SD = 0;
  CD = 0;
  Xlo = 0;
  XloC = 0;
  Xhi = 0;
  XhiC = 0;
  Y = 0;
  YA = 0;
  Olo = 0;
  Ohi = 0;
  /**
   * Adds a specialist: its revenue slope s, s·x at lo and hi from its contributions xl and xh, its
   * y″ bound y, counted in YA too when it is in the path's set, and in Olo and Ohi when not.
   */
  add(s: number, xl: number, xh: number, y: number, onPath: boolean): void {
    const l = s * xl;
    const h = s * xh;
    this.addSums(s, 0, l, 0, h, 0, y, onPath ? y : 0, onPath ? 0 : l, onPath ? 0 : h);
  }
  /**
   * Adds sums kept as a sum and its compensation each (S, Xlo, Xhi), y″ bounds, and the s·x of
   * items outside the path's set.
   */
  addSums(
    s: number,
    sc: number,
    xl: number,
    xlc: number,
    xh: number,
    xhc: number,
    y: number,
    ya: number,
    ol: number,
    oh: number,
  ): void {
    let t = this.S + s;
    this.Sc += (Math.abs(this.S) >= Math.abs(s) ? this.S - t + s : s - t + this.S) + sc;
    this.S = t;
    t = this.Xlo + xl;
    this.XloC += (Math.abs(this.Xlo) >= Math.abs(xl) ? this.Xlo - t + xl : xl - t + this.Xlo) + xlc;
    this.Xlo = t;
    t = this.Xhi + xh;
    this.XhiC += (Math.abs(this.Xhi) >= Math.abs(xh) ? this.Xhi - t + xh : xh - t + this.Xhi) + xhc;
    this.Xhi = t;
    this.Y += y;
    this.YA += ya;
    this.Olo += ol;
    this.Ohi += oh;
  }
  /** Adds another set's sums (a part of the items summed apart). */
  addBucket(o: Sums): void {
    this.addSums(o.S, o.Sc, o.Xlo, o.XloC, o.Xhi, o.XhiC, o.Y, o.YA, o.Olo, o.Ohi);
  }
  /** The empty set. */
  clear(): void {
    this.setTo(EMPTY);
  }
  /** This set made `o`. */
  setTo(o: Sums): this {
    this.S = o.S;
    this.Sc = o.Sc;
    this.SD = o.SD;
    this.CD = o.CD;
    this.Xlo = o.Xlo;
    this.XloC = o.XloC;
    this.Xhi = o.Xhi;
    this.XhiC = o.XhiC;
    this.Y = o.Y;
    this.YA = o.YA;
    this.Olo = o.Olo;
    this.Ohi = o.Ohi;
    return this;
  }
}

/** The empty set, which {@link Sums.clear} copies. */
const EMPTY = new Sums();

/**
 * Orders the first `m` items of `items` (ascending indices) and their `keys` by key, ties by index:
 * the cell's order of thresholds at lo restricted to them (./thresholdOrders.ts sorts by the same
 * keys). `temp` (at least m entries) is overwritten.
 */
export function inKeyOrder(
  p: PackedPolynomial,
  items: Uint32Array,
  keys: Float64Array,
  m: number,
  temp: Float64Array,
): void {
  if (m < 2) return;
  // the game's sort buffers are free between an equilibrium's passes
  const perm = sortByKey(keys, m, p.order, p.spare, p.scratch, p.spareScratch);
  const moved = perm === p.order ? p.spare : p.order;
  for (let x = 0; x < m; x++) {
    moved[x] = items[perm[x]!]!;
    temp[x] = keys[perm[x]!]!;
  }
  items.set(moved.subarray(0, m));
  keys.set(temp.subarray(0, m));
}

/**
 * Adds the specialists active at the path to `A`; returns the largest rounding of a specialist's
 * threshold clamped at 0. A threshold below 0 by more than its rounding at both ends (and so
 * throughout the cell, thresholds rising with δ) is 0 exactly once clamped: its rounding, which
 * grows with the item's contribution, does not count. (A specialist of cost exponent near 1
 * contributes ~1e12 and has a threshold ~−1e11 rounded to ~1e-2: counted, it made every item
 * within 2e-2 of an α0 join it, and proofs next to G's choice failed.)
 */
export function pathSums(A: Sums, p: PackedPolynomial, w: CellEnds, yb: Float64Array): number {
  const { ns, slope } = p;
  const { tLo, tHi, err, active, xLo, xHi } = w;
  let errMax = 0;
  for (let i = 0; i < ns; i++) {
    const e = err[i]!;
    if (Math.max(tLo[i]!, tHi[i]!) + e > 0) errMax = Math.max(errMax, e);
    if (active[i] !== 0) A.add(slope[i]!, xLo[i]!, xHi[i]!, yb[i]!, true);
  }
  return errMax;
}

/**
 * Adds each specialist to the bucket of the first of `bounds` (rising, nb of them) above its
 * threshold at lo clamped at 0, and marks the buckets holding an item (the direct channel too)
 * inactive at the path.
 */
export function bucketSums(
  p: PackedPolynomial,
  w: CellEnds,
  yb: Float64Array,
  bounds: Float64Array,
  nb: number,
  buckets: readonly Sums[],
  othersIn: Uint8Array,
): void {
  const { n, ns, slope } = p;
  const { tLo, active, xLo, xHi } = w;
  for (let i = 0; i < n; i++) {
    const k = firstPast(bounds, nb, Math.max(0, tLo[i]!));
    if (k === nb) continue;
    const on = active[i] !== 0;
    if (!on) othersIn[k] = 1;
    if (i !== ns) buckets[k]!.add(slope[i]!, xLo[i]!, xHi[i]!, yb[i]!, on);
  }
}

/**
 * The items (not j's twins when `twins`) whose thresholds' sweeps over the cell meet the region
 * (sorted disjoint intervals [starts[r], ends[r]]), into W; `span` gets the smallest of their
 * thresholds at lo and the largest at hi. Returns how many, or −1 when one's threshold leaves 0
 * inside the cell (the proof does not cover it).
 */
export function windowItems(
  p: PackedPolynomial,
  w: CellEnds,
  twins: boolean,
  starts: Float64Array,
  ends: Float64Array,
  intervals: number,
  W: Uint32Array,
  span: Float64Array,
): number {
  const { n } = p;
  const { tLo, tHi, err, active } = w;
  let nW = 0;
  let xl = Number.POSITIVE_INFINITY;
  let xh = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (twins && active[i] === 2) continue;
    const tl = tLo[i]!;
    const th = tHi[i]!;
    const e = err[i]!;
    const l = firstPast(ends, intervals, Math.max(0, tl) - e, true);
    if (!(l < intervals && starts[l]! <= Math.max(0, th) + e)) continue;
    if (!(th > 0)) continue; // at 0 throughout: the candidate α0 = 0
    if (!(tl >= 0)) return -1;
    W[nW++] = i;
    xl = Math.min(xl, tl);
    xh = Math.max(xh, th);
  }
  span[0] = xl;
  span[1] = xh;
  return nW;
}

/**
 * Adds to `base` the specialists whose thresholds at hi are below `under`, and puts in L (with
 * their thresholds at lo clamped at 0 in `keys`, in index order) the others whose thresholds at
 * lo are at most `over`. Returns how many are in L.
 */
export function nearWindow(
  p: PackedPolynomial,
  w: CellEnds,
  yb: Float64Array,
  under: number,
  over: number,
  base: Sums,
  L: Uint32Array,
  keys: Float64Array,
): number {
  const { n, ns, slope } = p;
  const { tLo, tHi, active, xLo, xHi } = w;
  let nL = 0;
  for (let i = 0; i < n; i++) {
    if (i === ns) continue;
    if (tHi[i]! < under) base.add(slope[i]!, xLo[i]!, xHi[i]!, yb[i]!, active[i] !== 0);
    else if (!(tLo[i]! > over)) {
      L[nL] = i;
      keys[nL++] = Math.max(0, tLo[i]!);
    }
  }
  return nL;
}

/**
 * The sums over L's first x items at FIELDS·x of `prefix` (L holds specialists only: no direct
 * channel), and each one's threshold curvature over the cell in `bend`; returns the largest.
 */
export function prefixSums(
  p: PackedPolynomial,
  w: CellEnds & { readonly lo: number; readonly hi: number },
  yb: Float64Array,
  L: Uint32Array,
  nL: number,
  prefix: Float64Array,
  bend: Float64Array,
): number {
  const { slope } = p;
  const { active, xLo, xHi, lo, hi } = w;
  const run = new Sums();
  prefix.fill(0, 0, FIELDS);
  let bendMax = 0;
  for (let x = 0; x < nL; x++) {
    const i = L[x]!;
    run.add(slope[i]!, xLo[i]!, xHi[i]!, yb[i]!, active[i] !== 0);
    const o = FIELDS * (x + 1);
    prefix[o] = run.S;
    prefix[o + 1] = run.Sc;
    prefix[o + 2] = run.Xlo;
    prefix[o + 3] = run.XloC;
    prefix[o + 4] = run.Xhi;
    prefix[o + 5] = run.XhiC;
    prefix[o + 6] = run.Y;
    prefix[o + 7] = run.YA;
    prefix[o + 8] = run.Olo;
    prefix[o + 9] = run.Ohi;
    bend[x] = thresholdCurvature(p, i, lo, hi);
    bendMax = Math.max(bendMax, bend[x]!);
  }
  return bendMax;
}
