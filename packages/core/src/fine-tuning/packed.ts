/**
 * A polynomial fine-tuning game laid out in typed arrays, once per game, for the exact equilibrium
 * at many δ with many specialists (./equilibriumPolynomial.ts): each specialist's cost parameters,
 * revenue slope and disagreement payoff in one Float64Array each (the direct channel, if any, last),
 * and scratch arrays reused by every evaluation, so that an equilibrium allocates only its result.
 * The order of participation thresholds is found by a stable radix sort of their bit patterns
 * (O(n); a comparison sort costs O(n log n) calls of a comparator), giving exactly the order of
 * Array.prototype.sort by threshold (ties by index).
 */
import { isExactLinear, isExactPolyCost1 } from "./families.js";
import type { FineTuningGame } from "./model.js";
import { isPolynomialGame } from "./model.js";
import { directAsSpecialist } from "./responses.js";

export interface PackedPolynomial {
  /** The game's specialist list and generalist when packed (a changed game is packed again). */
  readonly specialists: FineTuningGame["specialists"];
  readonly generalist: FineTuningGame["generalist"];
  /** Number of specialists. */
  readonly ns: number;
  /** Number of items: the specialists, then the direct channel if G has one. */
  readonly n: number;
  readonly c: Float64Array;
  readonly k: Float64Array;
  readonly fixed: Float64Array;
  readonly slope: Float64Array;
  readonly disagreement: Float64Array;
  /**
   * Per item, the parts of its closed forms that do not depend on δ, as ./polynomialChoice.ts's
   * contributionAt and thresholdAt compute them (the same operations, done once per game): k·c,
   * 1/(k − 1) and d + F.
   */
  readonly kc: Float64Array;
  readonly power: Float64Array;
  readonly need: Float64Array;
  /** Whether every specialist's revenue is exactly slope × a (else its `value` is called). */
  readonly exactRevenue: boolean;
  /**
   * Per specialist, 1 when its revenue is exactly slope·a and its cost exactly
   * F + c·max(0, a − a0)^k (functions.ts's isExactLinear and isExactPolyCost1), else 0.
   */
  readonly exact: Uint8Array;
  /** Scratch of one evaluation (overwritten by the next): (threshold, G's slope, G's constant) of each item, side by side. */
  readonly recs: Float64Array;
  readonly thresholds: Float64Array;
  readonly order: Uint32Array;
  readonly spare: Uint32Array;
  readonly scratch: Uint32Array;
  readonly spareScratch: Uint32Array;
  /** Utility vectors handed back for reuse (see equilibriumPolynomial.ts's recycleUtilities). */
  readonly recycled: Float64Array[];
  /** The slab new utility vectors are carved from while slabs are on (see {@link utilityVector}). */
  slab: Float64Array | null;
  /** Vectors carved from `slab` so far. */
  slabUsed: number;
  /** Whether new utility vectors come from slabs (during a bargaining solve). */
  slabbing: boolean;
  /**
   * Of the last δ's items: the sums of G's slopes and constants (index order), the largest
   * threshold, and whether every slope and constant is ≥ 0.
   */
  readonly totals: {
    slope: number;
    constant: number;
    maxThreshold: number;
    nonNegative: boolean;
    /** G's slope and constant summed over the items whose threshold is at most α* (last fill). */
    slopeAtStar: number;
    constantAtStar: number;
  };
  /** Thresholds and items inside the window of equilibriumPolynomial.ts's windowChoice. */
  readonly windowKeys: Float64Array;
  readonly windowItems: Uint32Array;
  /**
   * Every item's contribution x, cost c·x^k and threshold at the δ of the last
   * ./polynomialChoice.ts itemTotals (`atDelta`; NaN before any), for the fill and the outcome at
   * that δ to read instead of computing them again (the same numbers).
   */
  readonly xs: Float64Array;
  readonly costs: Float64Array;
  readonly ts: Float64Array;
  atDelta: number;
}

const packedGames = new WeakMap<FineTuningGame, PackedPolynomial | null>();

/**
 * What `make` derives from a packed game (constants, scratch arrays): made once per game and kept
 * in `cache` as long as the game is.
 */
export function perGame<T>(
  cache: WeakMap<PackedPolynomial, T>,
  p: PackedPolynomial,
  make: (p: PackedPolynomial) => T,
): T {
  let v = cache.get(p);
  if (v === undefined) {
    v = make(p);
    cache.set(p, v);
  }
  return v;
}

/** Per game, whether every item's revenue slope is ≥ 0 (what the bounds and proofs over a cell need). */
const nonNegative = new WeakMap<PackedPolynomial, boolean>();

/**
 * Whether every item's revenue slope is ≥ 0 (none NaN): parameters do not depend on δ, so it is
 * checked once per game, not once per cell.
 */
export function slopesNonNegative(p: PackedPolynomial): boolean {
  return perGame(nonNegative, p, (q) => {
    for (let i = 0; i < q.n; i++) if (!(q.slope[i]! >= 0)) return false;
    return true;
  });
}

/** Per game, the records of {@link inOrder}, and those a walk fills in index order for it. */
const ordered = new WeakMap<PackedPolynomial, Float64Array>();
const unordered = new WeakMap<PackedPolynomial, Float64Array>();

/**
 * A per-game array of three numbers an item, for a walk to fill in index order (each item's
 * threshold and what it adds there) before {@link inOrder} copies them into threshold order; valid
 * until the next walk of the game asks for it.
 */
export function itemRecords(p: PackedPolynomial): Float64Array {
  return perGame(unordered, p, ({ n }) => new Float64Array(3 * n));
}

/**
 * The records of three numbers `rec[3i..3i+2]` of the items `order[from..count)`, copied in that
 * order to the same positions of a per-game array (valid until the next call for the game that
 * does not continue it). A walk over the items in threshold order reads each item's record at a
 * random place: with a million items that is a cache miss an item, serialised by the walk's
 * branches; this copy has no branch, so the misses overlap, and the walk then reads in sequence.
 */
export function inOrder(
  p: PackedPolynomial,
  rec: Float64Array,
  order: Uint32Array,
  count: number,
  from = 0,
): Float64Array {
  const out = perGame(ordered, p, ({ n }) => new Float64Array(3 * n));
  for (let x = from; x < count; x++) {
    const i = 3 * order[x]!;
    const o = 3 * x;
    out[o] = rec[i]!;
    out[o + 1] = rec[i + 1]!;
    out[o + 2] = rec[i + 2]!;
  }
  return out;
}

/**
 * Values kept per δ for the last few δ asked for (per game caches of numbers computed at a δ,
 * ./cellEnds.ts and ./thresholdOrders.ts): past `capacity` the least recently used gives way, and
 * its value (arrays of n) is handed to the next δ to fill instead of new ones.
 */
export class ByDelta<T> {
  /** The values by δ, least recently used first. */
  private readonly values = new Map<number, T>();
  /** An evicted value not yet refilled. */
  private spare: T | null = null;
  constructor(private readonly capacity: number) {}
  /** The value kept at δ (now the most recently used), if any. */
  get(delta: number): T | undefined {
    const v = this.values.get(delta);
    if (v !== undefined) {
      this.values.delete(delta);
      this.values.set(delta, v);
    }
    return v;
  }
  /** The value kept at the δ nearest to `delta`, if any (not counted as a use). */
  nearest(delta: number): T | undefined {
    let near: T | undefined;
    let gap = Number.POSITIVE_INFINITY;
    for (const [d, v] of this.values) {
      if (Math.abs(d - delta) < gap) {
        gap = Math.abs(d - delta);
        near = v;
      }
    }
    return near;
  }
  /**
   * A value to refill for a new δ: the least recently used one when the cache is full (it gives
   * way), or one given back; undefined when a new one is to be made.
   */
  take(): T | undefined {
    if (this.values.size >= this.capacity) {
      const [oldest, old] = this.values.entries().next().value!;
      this.values.delete(oldest);
      this.spare = old;
    }
    const v = this.spare ?? undefined;
    this.spare = null;
    return v;
  }
  /** Keeps `value` at δ. */
  set(delta: number, value: T): void {
    this.values.set(delta, value);
  }
  /** Hands back a value from {@link take} that holds nothing worth keeping. */
  giveBack(value: T): void {
    this.spare = value;
  }
}

/** The game packed (cached per game object), or null when it is not a polynomial game. */
export function packPolynomial(game: FineTuningGame): PackedPolynomial | null {
  const cached = packedGames.get(game);
  if (
    cached !== undefined &&
    (cached === null || (cached.specialists === game.specialists && cached.generalist === game.generalist))
  ) {
    return cached;
  }
  const packed = isPolynomialGame(game) ? pack(game) : null;
  packedGames.set(game, packed);
  return packed;
}

function pack(game: FineTuningGame): PackedPolynomial {
  const ns = game.specialists.length;
  const d = game.generalist.direct;
  const n = ns + (d === undefined ? 0 : 1);
  const c = new Float64Array(n);
  const k = new Float64Array(n);
  const fixed = new Float64Array(n);
  const slope = new Float64Array(n);
  const disagreement = new Float64Array(n);
  const kc = new Float64Array(n);
  const power = new Float64Array(n);
  const need = new Float64Array(n);
  let exactRevenue = true;
  const exact = new Uint8Array(ns);
  for (let i = 0; i < n; i++) {
    const s = i === ns ? directAsSpecialist(d!) : game.specialists[i]!;
    const p = s.cost.polynomial!;
    c[i] = p.c;
    k[i] = p.k;
    fixed[i] = p.fixed;
    slope[i] = s.revenue.linear!.slope;
    disagreement[i] = s.disagreement;
    kc[i] = p.k * p.c;
    power[i] = 1 / (p.k - 1);
    need[i] = s.disagreement + p.fixed;
    if (i < ns && !isExactLinear(s.revenue)) exactRevenue = false;
    if (i < ns && isExactLinear(s.revenue) && isExactPolyCost1(s.cost)) exact[i] = 1;
  }
  return {
    specialists: game.specialists,
    generalist: game.generalist,
    ns,
    n,
    c,
    k,
    fixed,
    slope,
    disagreement,
    kc,
    power,
    need,
    exactRevenue,
    exact,
    recs: new Float64Array(3 * n),
    thresholds: new Float64Array(n),
    order: new Uint32Array(n),
    spare: new Uint32Array(n),
    scratch: new Uint32Array(n),
    spareScratch: new Uint32Array(n),
    recycled: [],
    slab: null,
    slabUsed: 0,
    slabbing: false,
    totals: { slope: 0, constant: 0, maxThreshold: 0, nonNegative: false, slopeAtStar: 0, constantAtStar: 0 },
    windowKeys: new Float64Array(n),
    windowItems: new Uint32Array(n),
    xs: new Float64Array(n),
    costs: new Float64Array(n),
    ts: new Float64Array(n),
    atDelta: Number.NaN,
  };
}

/** Bytes of a slab of utility vectors (at most; a slab holds at least one vector). */
const SLAB_BYTES = 256 * 2 ** 20;

/** Vectors of a slab (at most): few players need no large slabs. */
const SLAB_MAX_VECTORS = 64;

/**
 * A utility vector of ns + 1 entries for an equilibrium to write every entry of: a recycled one, or
 * while slabs are on a view into a slab of up to 256 MB, else a new array. With a million players
 * a solve keeps ~190 vectors of 8 MB; V8 starts a full collection for about every 64 MB of new
 * array buffers, and each costs ~0.8 s with the game's ten million closures on the heap, so one
 * buffer per 32 vectors instead of one per vector saves most of them (measured 17 → 4 full
 * collections for 150 such vectors).
 */
export function utilityVector(p: PackedPolynomial): Float64Array {
  const recycled = p.recycled.pop();
  if (recycled !== undefined) return recycled;
  const len = p.ns + 1;
  if (!p.slabbing) return new Float64Array(len);
  const per = Math.max(1, Math.min(SLAB_MAX_VECTORS, Math.floor(SLAB_BYTES / (8 * len))));
  if (p.slab === null || p.slabUsed >= per) {
    p.slab = new Float64Array(per * len);
    p.slabUsed = 0;
  }
  return p.slab.subarray(len * p.slabUsed, len * ++p.slabUsed);
}

/** Whether `u` is a view into a buffer of several vectors (see {@link utilityVector}). */
export function inVectorSlab(u: ArrayLike<number>): boolean {
  return u instanceof Float64Array && u.byteLength !== u.buffer.byteLength;
}

/**
 * Turns slabs on for the equilibria of a bargaining solve, or off after it: vectors made later
 * (a solution's, kept by the caller) are arrays of their own, so that a result does not hold a
 * slab, and the slab and recycled views are dropped with the solve's samples.
 */
export function useVectorSlabs(game: FineTuningGame, on: boolean): void {
  const p = packPolynomial(game);
  if (p === null) return;
  p.slabbing = on;
  p.slab = null;
  p.slabUsed = 0;
  p.recycled.length = 0;
}

/**
 * Insertion sort of `order` (a permutation of 0…n−1) by (keys, index), in place; false (and
 * `order` no longer a permutation) when it would take more than `budget` moves or meets a NaN.
 */
export function repairOrder(order: Uint32Array, keys: Float64Array, n: number, budget: number): boolean {
  if (n === 0) return true;
  if (Number.isNaN(keys[order[0]!]!)) return false;
  let moves = 0;
  for (let r = 1; r < n; r++) {
    const i = order[r]!;
    const k = keys[i]!;
    if (Number.isNaN(k)) return false;
    let q = r - 1;
    let j = order[q]!;
    let kj = keys[j]!;
    if (kj < k || (kj === k && j < i)) continue;
    for (;;) {
      order[q + 1] = j;
      if (++moves > budget) return false;
      q--;
      if (q < 0) break;
      j = order[q]!;
      kj = keys[j]!;
      if (kj < k || (kj === k && j < i)) break;
    }
    order[q + 1] = i;
  }
  return true;
}

/** Below this many items a comparison sort is as fast as the radix passes. */
export const RADIX_MIN_ITEMS = 4096;

/** Runs of equal high words longer than this are ordered by a comparison sort, not by insertion. */
const INSERTION_MAX_RUN = 32;

/** Bits of the radix sort's digits: three passes over a 32-bit word (11, 11 and 10 bits). */
const DIGIT_BITS = 11;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;
const counts = new Uint32Array(1 << DIGIT_BITS);

/**
 * Fills `order` (length n) with 0…n−1 sorted by `keys` ascending, ties by index. Keys must be +0,
 * positive or +∞ (NaN falls back to the comparison sort): their IEEE bit patterns then sort as
 * unsigned integers. A stable radix sort of the high 32 bits (three passes of 11 bits, keys carried
 * along so that every pass reads sequentially), then runs with equal high words ordered by the low
 * words. Returns the array holding the result (`order` or `spare`).
 */
export function sortByKey(
  keys: Float64Array,
  n: number,
  order: Uint32Array,
  spare: Uint32Array,
  scratch: Uint32Array,
  spareScratch: Uint32Array,
): Uint32Array {
  // little-endian halves: bits[2i] is the low word of key i, bits[2i + 1] the high word
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  // a set sign bit (negative, −0) or a NaN: the comparison sort decides
  let odd = false;
  for (let i = 0; i < n && !odd; i++) odd = bits[2 * i + 1]! >>> 31 !== 0 || Number.isNaN(keys[i]!);
  if (n < RADIX_MIN_ITEMS || odd) {
    const plain = new Array<number>(n);
    for (let i = 0; i < n; i++) plain[i] = i;
    // by comparison, not by the keys' difference: the sort reads the comparator's result as a
    // tagged value, and a difference of doubles is a new heap number at every comparison (the same
    // order: equal where the difference is 0 or NaN)
    plain.sort((i, j) => {
      const a = keys[i]!;
      const b = keys[j]!;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    for (let i = 0; i < n; i++) order[i] = plain[i]!;
    return order;
  }
  let idx = order;
  let idx2 = spare;
  let hi = scratch;
  let hi2 = spareScratch;
  // +0 keys (often most participation thresholds) first in index order, in both halves of each
  // pair of buffers (the passes swap them): the radix passes order only the rest, from z on
  let z = 0;
  for (let i = 0; i < n; i++) {
    if (bits[2 * i + 1] === 0 && bits[2 * i] === 0) {
      idx[z] = i;
      idx2[z] = i;
      hi[z] = 0;
      hi2[z] = 0;
      z++;
    }
  }
  for (let i = 0, r = z; i < n; i++) {
    const h = bits[2 * i + 1]!;
    if (h === 0 && bits[2 * i] === 0) continue;
    idx[r] = i;
    hi[r++] = h;
  }
  for (let shift = 0; shift < 32 && z < n; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let r = z; r < n; r++) counts[(hi[r]! >>> shift) & DIGIT_MASK]!++;
    // a pass where every key has the same digit leaves the order as it is
    if (counts[(hi[z]! >>> shift) & DIGIT_MASK] === n - z) continue;
    let sum = z;
    for (let b = 0; b <= DIGIT_MASK; b++) {
      const t = counts[b]!;
      counts[b] = sum;
      sum += t;
    }
    for (let r = z; r < n; r++) {
      const h = hi[r]!;
      const to = counts[(h >>> shift) & DIGIT_MASK]!++;
      hi2[to] = h;
      idx2[to] = idx[r]!;
    }
    [idx, idx2] = [idx2, idx];
    [hi, hi2] = [hi2, hi];
  }
  // equal high words: order by the low word, keeping index order among equal keys (stable)
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && hi[b] === hi[a]) b++;
    // already in order (all zero thresholds, say): nothing to do
    let sorted = true;
    for (let r = a + 1; r < b && sorted; r++) sorted = bits[2 * idx[r - 1]!]! <= bits[2 * idx[r]!]!;
    if (sorted) {
      // in order
    } else if (b - a > INSERTION_MAX_RUN) {
      const run = Array.from(idx.subarray(a, b));
      run.sort((i, j) => bits[2 * i]! - bits[2 * j]! || i - j);
      idx.set(run, a);
    } else {
      for (let r = a + 1; r < b; r++) {
        const i = idx[r]!;
        const lo = bits[2 * i]!;
        let q = r - 1;
        while (q >= a && bits[2 * idx[q]!]! > lo) {
          idx[q + 1] = idx[q]!;
          q--;
        }
        idx[q + 1] = i;
      }
    }
    a = b;
  }
  return idx;
}
