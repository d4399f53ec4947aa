/**
 * The largest gain every player could obtain at once by moving from a point of the Pareto set to
 * another bargain examined: max over p in `front`, q in `all` of min_P (U_P(q) − U_P(p)). At most 0
 * (up to round-off) certifies that no examined bargain improves on the set for all (see
 * BargainingCertificate.largestUniformGain in ./solve.ts).
 */
import { Screen } from "./quadrant.js";
import type { Sample } from "./sampling.js";

/**
 * min over the `m` decisive players (Sample.dom) of u_q − u_p, the leading utilities first (they
 * usually settle it without reading the vectors); it stops once the minimum is at most `bar`, and
 * then returns a value at most `bar`.
 */
function gainOver(p: Sample, q: Sample, m: number, bar: number): number {
  let g = Number.POSITIVE_INFINITY;
  const h = q.domHead.length;
  for (let i = 0; i < h && g > bar; i++) g = Math.min(g, q.domHead[i]! - p.domHead[i]!);
  if (h < m && g > bar) {
    const qu = q.dom;
    const pu = p.dom;
    for (let i = h; i < m && g > bar; i++) g = Math.min(g, qu[i]! - pu[i]!);
  }
  return g;
}

/**
 * visit(p, q) for each p of `front` and each q ≠ p of `all` whose utilities on the quadrant
 * screen's two players (./quadrant.ts) are at least p's less `slack()` (read for each p), or for
 * every q when there are too few samples for a screen.
 */
function screenedPairs(
  front: readonly Sample[],
  all: readonly Sample[],
  slack: () => number,
  visit: (p: Sample, q: Sample) => void,
): void {
  const heads = all.map((q) => q.domHead);
  const screen = Screen.over(heads, all.length, (i, p) => heads[i]![p]!);
  const ids: number[] = [];
  for (const p of front) {
    if (screen === null) {
      for (const q of all) if (q !== p) visit(p, q);
    } else for (const id of screen.within(p.domHead, slack(), ids)) if (all[id] !== p) visit(p, all[id]!);
  }
}

/** max over p ∈ `front`, q ∈ `all` (q ≠ p) of min over the `m` decisive players (Sample.dom) of u_q − u_p. */
export function largestUniformGain(front: readonly Sample[], all: readonly Sample[], m: number): number {
  let largest = Number.NEGATIVE_INFINITY;
  const uniformGain = (p: Sample, q: Sample): void => {
    if (q !== p) largest = Math.max(largest, gainOver(p, q, m, largest));
  };
  // the neighbours of each point first: they come closest, so that the running maximum is near
  // its final value at once and the leading utilities settle the other pairs (with a million
  // players a pair that reads the vectors may rebuild two); the maximum is the same in any order
  const at = new Map(all.map((s, i) => [s, i]));
  for (const p of front) {
    const i = at.get(p)!;
    for (const j of [i - 1, i + 1]) if (j >= 0 && j < all.length) uniformGain(p, all[j]!);
  }
  // only the q that beat the running maximum on two players' utilities can beat it on all; the
  // maximum only grows, so a q screened out could not have raised it later
  screenedPairs(front, all, () => -largest, uniformGain);
  return largest;
}

/** A pair whose uniform gain exceeds its local allowance: the gain, the allowance, and the two δ. */
export interface LocalExcess {
  readonly gain: number;
  readonly allowance: number;
  /** The bargain of the front, and the one that gains every player over it. */
  readonly at: number;
  readonly by: number;
}

/**
 * The pair (p ∈ `front`, q ∈ `all`) whose uniform gain most exceeds `relative` times the larger
 * |utility| at the two bargains (Sample.absMax), or null when none does. The problem-wide
 * allowance ({@link largestUniformGain}'s caller) is a fraction of the largest |utility| at any
 * bargain; where utilities span orders of magnitude over δ it is far too wide for the small ones.
 * Only q at least as good as p on the screened players can gain every player something: the
 * screen asks for those alone.
 */
export function localExcess(
  front: readonly Sample[],
  all: readonly Sample[],
  m: number,
  relative: number,
): LocalExcess | null {
  let best: LocalExcess | null = null;
  let excess = 0;
  screenedPairs(
    front,
    all,
    () => 0,
    (p, q) => {
      const allowance = relative * Math.max(p.absMax, q.absMax);
      const g = gainOver(p, q, m, excess + allowance);
      if (g > excess + allowance) {
        excess = g - allowance;
        best = { gain: g, allowance, at: p.delta, by: q.delta };
      }
    },
  );
  return best;
}
