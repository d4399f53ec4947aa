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

/** The first index i in [0, n) with sorted[i] > x (n when none); `sorted` ascending. */
export function firstAbove(sorted: Float64Array, n: number, x: number): number {
  let l = 0;
  let h = n;
  while (l < h) {
    const m = (l + h) >> 1;
    if (sorted[m]! > x) h = m;
    else l = m + 1;
  }
  return l;
}

/** The first index i in [0, n) with sorted[i] ≥ x (n when none); `sorted` ascending. */
export function firstAtLeast(sorted: Float64Array, n: number, x: number): number {
  let l = 0;
  let h = n;
  while (l < h) {
    const m = (l + h) >> 1;
    if (sorted[m]! >= x) h = m;
    else l = m + 1;
  }
  return l;
}
