/**
 * The objectives of the bargaining solutions over δ (definitions at the top of ./solve.ts): each
 * a function of the utility vector and the revenue at a bargain, and for the solutions that
 * maximise a smallest term (egalitarian, Kalai–Smorodinsky) the terms themselves, so that their
 * maxima at crossings can be found as roots.
 */

export type Objective = ((u: Float64Array, revenue: number) => number) & {
  /**
   * Set when the value is lexicographic, count·step + rest (Nash's "number of gaining parties
   * first"): ties are then judged on the rest alone (a band relative to the whole value would be
   * relative to the count's step, and tie every bargain of one count).
   */
  readonly step?: number;
};

/**
 * The step of Nash's count of gaining parties (see {@link nashObjective}): the value is
 * (count − top)·step + Σ log gains, with top the largest count over the bargains, so that the
 * bargains that matter carry no offset and their products keep every digit (an offset of
 * 142·1e9 left 3e-5 of resolution in the log, and tied products 5e-6 apart).
 */
export const COUNT_STEP = 1e9;
/** The terms of an objective that is their minimum (egalitarian, Kalai–Smorodinsky). */
export type Terms = (u: Float64Array) => number[];

/**
 * Objectives that read only the first k utilities (k = 0: none), with k: a sample's leading
 * utilities then serve (with a million players, a sample that did not keep its vector would
 * otherwise rebuild it).
 */
const leading = new WeakMap<Objective, number>();

/** How many leading utilities `f` reads, when it reads only those. */
export function leadingUtilities(f: Objective): number | undefined {
  return leading.get(f);
}

/** Player p's utility (powerful-P). */
export function powerfulObjective(p: number): Objective {
  const f: Objective = (u) => u[p]!;
  leading.set(f, p + 1);
  return f;
}

/** Total revenue (max-performance). */
export const revenueObjective: Objective = (_u, revenue) => revenue;
leading.set(revenueObjective, 0);

/** Sum of all players' utilities (utilitarian). */
export function utilitarianObjective(m: number): Objective {
  return (u) => {
    let sum = 0;
    for (let p = 0; p < m; p++) sum += u[p]!;
    return sum;
  };
}

/** The smallest party gain divided by `scale(p)`: as an objective, and as its terms (for kinks). */
export function smallestGain(
  parties: readonly number[],
  d: Float64Array,
  scale: (p: number) => number,
): { f: Objective; terms: Terms } {
  // the parties and their scales in typed arrays, read in order (with a million players this
  // runs for every sample of the front); the same quotients as scale(p) gives
  const idx = Int32Array.from(parties);
  const scales = Float64Array.from(parties, scale);
  return {
    // with no parties nobody gains anywhere: every bargain ties (the smallest of no gains is 0)
    f: (u) => (idx.length === 0 ? 0 : smallestRatio(u, idx, d, scales)),
    terms: (u) => parties.map((p) => (u[p]! - d[p]!) / scale(p)),
  };
}

/**
 * min over j of (u[idx[j]] − d[idx[j]]) / scales[j]. A function of its own, not a loop in each
 * objective's closure: with a million players V8 deoptimised the closure's loop after its first
 * compilation and ran it unoptimised, a boxed number per player per sample.
 */
function smallestRatio(u: Float64Array, idx: Int32Array, d: Float64Array, scales: Float64Array): number {
  let min = Number.POSITIVE_INFINITY;
  for (let j = 0; j < idx.length; j++) {
    const p = idx[j]!;
    min = Math.min(min, (u[p]! - d[p]!) / scales[j]!);
  }
  return min;
}

/**
 * Nash: the log of the product of the parties' gains; when no bargain gives every party a positive
 * gain (`allPositive` false), first the number of parties who gain, then the product of the
 * positive gains.
 */
export function nashObjective(
  parties: readonly number[],
  d: Float64Array,
  allPositive: boolean,
  positive = 0,
  topCount = parties.length,
): Objective {
  if (parties.length > PRODUCT_MIN_PARTIES)
    return nashByProducts(Int32Array.from(parties), d, allPositive, positive, topCount);
  // loops over the parties without building arrays: this runs for every sample, and with 100
  // players arrays were a visible share of the solve
  return allPositive
    ? (u) => {
        let sum = 0;
        for (const p of parties) {
          const g = u[p]! - d[p]!;
          if (!(g > positive)) return Number.NEGATIVE_INFINITY;
          sum += Math.log(g);
        }
        return sum;
      }
    : Object.assign(
        (u: Float64Array): number => {
          let count = 0;
          let sum = 0;
          for (const p of parties) {
            const g = u[p]! - d[p]!;
            if (g > positive) {
              count++;
              sum += Math.log(g);
            }
          }
          return (count - topCount) * COUNT_STEP + sum;
        },
        { step: COUNT_STEP },
      );
}

/** Above this many parties the Nash objective multiplies gains and takes a log now and then. */
const PRODUCT_MIN_PARTIES = 64;

/** Gains outside [1e-100, 1e100] are logged one by one; a running product leaves [1e-200, 1e200] only by a log. */
const PRODUCT_SAFE = 1e100;
const PRODUCT_FLUSH = 1e200;

/**
 * The Nash objective of {@link nashObjective} as the log of running products: one Math.log per
 * ~100 gains instead of one per gain (with a million players, most of the objective's time). A
 * product stays within [1e-300, 1e300] (a gain within [1e-100, 1e100] times a product within
 * [1e-200, 1e200]), so nothing overflows; the value differs from the sum of logs by rounding only.
 */
function nashByProducts(
  parties: Int32Array,
  d: Float64Array,
  allPositive: boolean,
  positive: number,
  topCount: number,
): Objective {
  const f = (u: Float64Array): number => {
    let count = 0;
    let sum = 0;
    let prod = 1;
    for (let j = 0; j < parties.length; j++) {
      const p = parties[j]!;
      const g = u[p]! - d[p]!;
      if (!(g > positive)) {
        if (allPositive) return Number.NEGATIVE_INFINITY;
        continue;
      }
      count++;
      if (g > 1 / PRODUCT_SAFE && g < PRODUCT_SAFE) {
        prod *= g;
        if (prod < 1 / PRODUCT_FLUSH || prod > PRODUCT_FLUSH) {
          sum += Math.log(prod);
          prod = 1;
        }
      } else sum += Math.log(g);
    }
    sum += Math.log(prod);
    return allPositive ? sum : (count - topCount) * COUNT_STEP + sum;
  };
  return allPositive ? f : Object.assign(f, { step: COUNT_STEP });
}
