/**
 * The first index i in [0, n) where `holds(i)` is true, n when none; `holds` must be false and then
 * true along the indices (a sorted array's lower or upper bound). O(log n) calls.
 */
export function firstIndex(n: number, holds: (i: number) => boolean): number {
  let l = 0;
  let h = n;
  while (l < h) {
    const m = (l + h) >> 1;
    if (holds(m)) h = m;
    else l = m + 1;
  }
  return l;
}

/**
 * The first index i in [0, n) with sorted[i] > x, or ≥ x when `orEqual` (n when none); `sorted`
 * ascending. {@link firstIndex} without a predicate to make per search (for searches per item).
 */
export function firstPast(sorted: Float64Array, n: number, x: number, orEqual = false): number {
  let l = 0;
  let h = n;
  while (l < h) {
    const m = (l + h) >> 1;
    const v = sorted[m]!;
    if (v > x || (orEqual && v === x)) h = m;
    else l = m + 1;
  }
  return l;
}
