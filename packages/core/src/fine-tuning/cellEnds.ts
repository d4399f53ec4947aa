/**
 * What the structure proofs (./cellStructure.ts) read at a cell's two ends: every item's threshold
 * (before the clamp at 0, which is the division ./polynomialChoice.ts's thresholdAt makes), its
 * rounding and its contribution, and the order of the clamped thresholds at lo. Neighbouring cells
 * share an end, and a stretch is tried whole and then half by half (../bargaining/smooth.ts), so
 * each δ's numbers are kept for the next cells (the last few δ, within {@link CACHE_BYTES}).
 */
import type { PackedPolynomial } from "./packed.js";
import { orderOfThresholds } from "./packed.js";
import { contributionAt, costAt, thresholdAt } from "./polynomialChoice.js";

/** The unit round-off of doubles. */
const EPS = 2 ** -52;

/** Bytes of kept numbers per game: 28 bytes an item a δ. */
const CACHE_BYTES = 64 * 2 ** 20;

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
  /** The order of the clamped thresholds (ties by index), once asked for. */
  order: Uint32Array | null;
}

interface Kept {
  /** The last δ's numbers, least recently used first. */
  readonly byDelta: Map<number, AtDelta>;
  readonly capacity: number;
  readonly ends: { err: Float64Array; active: Uint8Array };
}
const kept = new WeakMap<PackedPolynomial, Kept>();

function keptFor(p: PackedPolynomial): Kept {
  let k = kept.get(p);
  if (k === undefined || k.ends.err.length !== p.n) {
    k = {
      byDelta: new Map(),
      capacity: Math.max(2, Math.min(32, Math.floor(CACHE_BYTES / (28 * Math.max(1, p.n))))),
      ends: { err: new Float64Array(p.n), active: new Uint8Array(p.n) },
    };
    kept.set(p, k);
  }
  return k;
}

/** Every item's numbers at δ = d (the direct channel keeps the whole revenue); null when a threshold is NaN. */
function atDelta(p: PackedPolynomial, d: number): AtDelta | null {
  const k = keptFor(p);
  const hit = k.byDelta.get(d);
  if (hit !== undefined) {
    k.byDelta.delete(d);
    k.byDelta.set(d, hit);
    return hit;
  }
  const { n, ns } = p;
  const at: AtDelta = {
    t: new Float64Array(n),
    x: new Float64Array(n),
    err: new Float64Array(n),
    order: null,
  };
  for (let i = 0; i < n; i++) {
    const share = i === ns ? 0 : d;
    const x = contributionAt(p, i, share);
    const cost = costAt(p, i, x);
    const m = (1 - share) * p.slope[i]!;
    const need = p.disagreement[i]! + p.fixed[i]! + cost - m * x;
    const t = m > 0 ? need / m : thresholdAt(p, i, x, cost, share);
    if (Number.isNaN(t)) return null;
    at.t[i] = t;
    at.x[i] = x;
    at.err[i] = m > 0 ? (8 * EPS * (Math.abs(p.disagreement[i]!) + p.fixed[i]! + cost + m * x)) / m : 0;
  }
  k.byDelta.set(d, at);
  while (k.byDelta.size > k.capacity) k.byDelta.delete(k.byDelta.keys().next().value!);
  return at;
}

/** The numbers at both ends of [lo, hi]; null when a threshold is NaN. */
export function cellEnds(p: PackedPolynomial, lo: number, hi: number): CellEnds | null {
  const a = atDelta(p, lo);
  const b = a === null ? null : atDelta(p, hi);
  if (a === null || b === null) return null;
  const { err, active } = keptFor(p).ends;
  for (let i = 0; i < p.n; i++) err[i] = Math.max(a.err[i]!, b.err[i]!);
  return { tLo: a.t, tHi: b.t, err, xLo: a.x, xHi: b.x, active };
}

/**
 * The items in order of their thresholds at lo clamped at 0, ties by index, for `p.thresholds`
 * holding those thresholds (./cellStructure.ts fills them): kept with lo's numbers.
 */
export function orderAtLo(p: PackedPolynomial, lo: number): Uint32Array {
  const at = keptFor(p).byDelta.get(lo);
  if (at?.order != null) return at.order;
  const order = orderOfThresholds(p).slice(0, p.n);
  if (at !== undefined) at.order = order;
  return order;
}
