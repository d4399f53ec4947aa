/**
 * What the structure proofs (./cellStructure.ts) read at a cell's two ends: every item's threshold
 * (before the clamp at 0, which is the division ./polynomialChoice.ts's thresholdAt makes), its
 * rounding and its contribution, and the order of the clamped thresholds at lo. Neighbouring cells
 * share an end, and a stretch is tried whole and then half by half (../bargaining/smooth.ts), so
 * each δ's numbers are kept for the next cells (the last few δ, within {@link CACHE_BYTES}): a new
 * δ reuses the arrays of the one it evicts, and its order starts from the nearest kept δ's order,
 * repaired by insertion when few items moved between them.
 */
import { orderOfThresholds, type PackedPolynomial, perGame, repairOrder } from "./packed.js";
import { contributionAt, costAt, type KeptNumbers, thresholdBeforeClamp } from "./polynomialChoice.js";

/** The unit round-off of doubles. */
const EPS = 2 ** -52;

/** Bytes of kept numbers per game: 28 bytes an item a δ. */
const CACHE_BYTES = 64 * 2 ** 20;

/**
 * Moves (per item) the insertion sort of a kept δ's order may make before the thresholds at lo are
 * sorted anew (as ./packed.ts's orderOfThresholds does with its last order, but with more moves: a
 * cell's ends lie further apart than a solver's steps, and two moves an item still cost far less
 * than a radix sort's passes).
 */
const REPAIR_MOVES_PER_ITEM = 2;

/** Per item, at a cell's two ends (see the module's header); `active` is the proof's own scratch. */
export interface CellEnds {
  readonly tLo: Float64Array;
  readonly tHi: Float64Array;
  /** The larger of the threshold's rounding at the two ends. */
  readonly err: Float64Array;
  readonly xLo: Float64Array;
  readonly xHi: Float64Array;
  readonly active: Uint8Array;
}

/** One δ's numbers. */
interface AtDelta {
  readonly t: Float64Array;
  readonly x: Float64Array;
  readonly err: Float64Array;
  /**
   * The order of the clamped thresholds (ties by index) once asked for and `ordered` (else the
   * array for it, an evicted δ's, or null).
   */
  order: Uint32Array | null;
  ordered: boolean;
}

interface Kept {
  /** The last δ's numbers, least recently used first. */
  readonly byDelta: Map<number, AtDelta>;
  readonly capacity: number;
  readonly ends: { err: Float64Array; active: Uint8Array };
  /** Arrays of an evicted δ, for the next δ to fill (null when none is free). */
  spare: AtDelta | null;
}
const kept = new WeakMap<PackedPolynomial, Kept>();

function keptFor(p: PackedPolynomial): Kept {
  return perGame(kept, p, ({ n }) => ({
    byDelta: new Map(),
    capacity: Math.max(2, Math.min(32, Math.floor(CACHE_BYTES / (28 * Math.max(1, n))))),
    ends: { err: new Float64Array(n), active: new Uint8Array(n) },
    spare: null,
  }));
}

/**
 * Every item's numbers at δ = d (the direct channel keeps the whole revenue), as
 * ./polynomialChoice.ts's contributionAt, costAt and thresholdAt compute them; null when a
 * threshold is NaN.
 */
function atDelta(p: PackedPolynomial, d: number): AtDelta | null {
  const k = keptFor(p);
  const hit = k.byDelta.get(d);
  if (hit !== undefined) {
    k.byDelta.delete(d);
    k.byDelta.set(d, hit);
    return hit;
  }
  // the least recently used δ gives way, and its arrays hold the new one's numbers
  if (k.byDelta.size >= k.capacity) {
    const [oldest, old] = k.byDelta.entries().next().value!;
    k.byDelta.delete(oldest);
    k.spare = old;
  }
  const { n, ns, slope, disagreement, fixed } = p;
  const at: AtDelta = k.spare ?? {
    t: new Float64Array(n),
    x: new Float64Array(n),
    err: new Float64Array(n),
    order: null,
    ordered: false,
  };
  k.spare = null;
  at.ordered = false;
  const { t: ts, x: xs, err: errs } = at;
  for (let i = 0; i < n; i++) {
    const share = i === ns ? 0 : d;
    const x = contributionAt(p, i, share);
    const cost = costAt(p, i, x);
    const t = thresholdBeforeClamp(p, i, x, cost, share);
    if (Number.isNaN(t)) {
      k.spare = at;
      return null;
    }
    ts[i] = t;
    xs[i] = x;
    const m = (1 - share) * slope[i]!;
    errs[i] = m > 0 ? (8 * EPS * (Math.abs(disagreement[i]!) + fixed[i]! + cost + m * x)) / m : 0;
  }
  k.byDelta.set(d, at);
  return at;
}

/**
 * Every item's threshold (before the clamp at 0) and contribution at δ = d, kept (computed if they
 * are not kept yet, for {@link orderAtLo} to find too); null when a threshold is NaN.
 */
export function numbersAt(p: PackedPolynomial, d: number): KeptNumbers | null {
  return atDelta(p, d);
}

/** The numbers at both ends of [lo, hi]; null when a threshold is NaN. */
export function cellEnds(p: PackedPolynomial, lo: number, hi: number): CellEnds | null {
  const a = atDelta(p, lo);
  const b = a === null ? null : atDelta(p, hi);
  if (a === null || b === null) return null;
  const { err, active } = keptFor(p).ends;
  const ea = a.err;
  const eb = b.err;
  for (let i = 0; i < p.n; i++) err[i] = Math.max(ea[i]!, eb[i]!);
  return { tLo: a.t, tHi: b.t, err, xLo: a.x, xHi: b.x, active };
}

/**
 * The items in order of their thresholds at lo clamped at 0, ties by index, for `p.thresholds`
 * holding those thresholds (./cellStructure.ts fills them): kept with lo's numbers. The nearest
 * kept δ's order, repaired by insertion, when few items moved; else sorted anew. The order by
 * (threshold, index) is unique, so it is the same either way.
 */
export function orderAtLo(p: PackedPolynomial, lo: number): Uint32Array {
  const n = p.n;
  const k = keptFor(p);
  const at = k.byDelta.get(lo);
  if (at === undefined) return orderOfThresholds(p).slice(0, n);
  if (at.ordered) return at.order!;
  const order = at.order ?? new Uint32Array(n);
  at.order = order;
  at.ordered = true;
  let near: AtDelta | null = null;
  let gap = Number.POSITIVE_INFINITY;
  for (const [d, other] of k.byDelta) {
    if (other.ordered && other !== at && Math.abs(d - lo) < gap) {
      gap = Math.abs(d - lo);
      near = other;
    }
  }
  if (near !== null) {
    order.set(near.order!);
    if (repairOrder(order, p.thresholds, n, REPAIR_MOVES_PER_ITEM * n)) return order;
  }
  order.set(orderOfThresholds(p).subarray(0, n));
  return order;
}
