/**
 * The largest gain every player could obtain at once by moving from a point of the Pareto set to
 * another bargain examined: max over p in `front`, q in `all` of min_P (U_P(q) − U_P(p)). At most 0
 * (up to round-off) certifies that no examined bargain improves on the set for all (see
 * BargainingCertificate.largestUniformGain in ./solve.ts).
 */
import { Screen } from "./quadrant.js";
import type { Sample } from "./sampling.js";

/** max over p ∈ `front`, q ∈ `all` (q ≠ p) of min over the `m` decisive players (Sample.dom) of u_q − u_p. */
export function largestUniformGain(front: readonly Sample[], all: readonly Sample[], m: number): number {
  let largest = Number.NEGATIVE_INFINITY;
  const uniformGain = (p: Sample, q: Sample): void => {
    if (q === p) return;
    // the leading utilities first (they usually settle it without reading the vectors)
    let g = Number.POSITIVE_INFINITY;
    const h = q.domHead.length;
    for (let i = 0; i < h && g > largest; i++) g = Math.min(g, q.domHead[i]! - p.domHead[i]!);
    if (h < m && g > largest) {
      const qu = q.dom;
      const pu = p.dom;
      for (let i = h; i < m && g > largest; i++) g = Math.min(g, qu[i]! - pu[i]!);
    }
    if (g > largest) largest = g;
  };
  // the neighbours of each point first: they come closest, so that the running maximum is near
  // its final value at once and the leading utilities settle the other pairs (with a million
  // players a pair that reads the vectors may rebuild two); the maximum is the same in any order
  const at = new Map(all.map((s, i) => [s, i]));
  for (const p of front) {
    const i = at.get(p)!;
    for (const j of [i - 1, i + 1]) if (j >= 0 && j < all.length) uniformGain(p, all[j]!);
  }
  const heads = all.map((q) => q.domHead);
  const screen = Screen.over(heads, all.length, (i, p) => heads[i]![p]!);
  if (screen === null) {
    for (const p of front) for (const q of all) uniformGain(p, q);
    return largest;
  }
  // only the q that beat the running maximum on two players' utilities can beat it on all
  // (./quadrant.ts); the maximum only grows, so a q screened out could not have raised it later
  const ids: number[] = [];
  for (const p of front) for (const id of screen.within(p.domHead, -largest, ids)) uniformGain(p, all[id]!);
  return largest;
}
