/**
 * Exact consumer choice in O(n log n): the same demands as `consumerChoice` (./choice.ts), read
 * off the upper envelope of the utility lines θ·q_i − p_i instead of intersecting n half-lines per
 * firm.
 *
 * Conventions: as in ./choice.ts — a type-θ consumer buys the offer maximising θq − p if that is
 * positive; firms with bit-identical (q, p) split their interval equally; at equal quality the
 * cheaper offer takes everything; a zero-quality product never sells. Sorting the offers by
 * quality costs O(n log n); the envelope itself is one stack pass, O(n).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Section 2.1.2 and Appendix B
 */
import type { ConsumerChoice } from "./choice.js";
import type { ConsumerDistribution } from "./consumers.js";

/** Firm indices sorted by ascending quality, then ascending price, then index. */
export function ascendingOffers(qualities: ArrayLike<number>, prices: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: qualities.length }, (_, i) => i);
  return order.sort((a, b) => qualities[a]! - qualities[b]! || prices[a]! - prices[b]! || a - b);
}

/**
 * Demands of all firms by exact consumer choice, in O(n log n).
 * @example
 * envelopeChoice([0.9, 0.3], [0.2, 0.05], uniformConsumers()).demands // ≈ [0.75, 0.083333] — θ = 1/4 is indifferent between the firms, θ = 1/6 between the low firm and nothing
 */
export function envelopeChoice(
  qualities: ArrayLike<number>,
  prices: ArrayLike<number>,
  consumers: ConsumerDistribution,
): ConsumerChoice {
  const n = qualities.length;
  const demands: number[] = new Array(n).fill(0);
  const intervals: ([number, number] | null)[] = new Array(n).fill(null);
  const order = ascendingOffers(qualities, prices);
  // one line per quality level: the cheapest offer (its group = the offers bit-identical to it)
  const groupStart: number[] = [];
  const groupEnd: number[] = [];
  for (let k = 0; k < n; ) {
    const i = order[k]!;
    let end = k + 1;
    // exact equality on purpose: only identical offers share consumers
    while (end < n && qualities[order[end]!] === qualities[i] && prices[order[end]!] === prices[i]) end++;
    if (qualities[i]! > 0) {
      groupStart.push(k);
      groupEnd.push(end);
    }
    k = end;
    while (k < n && qualities[order[k]!] === qualities[i]) k++; // dearer offers of the same quality
  }
  // upper envelope over θ ∈ ℝ with the outside option (the line 0) at the bottom of the stack
  const m = groupStart.length;
  const stack = new Int32Array(m + 1); // group ids; −1 = outside option
  const left = new Float64Array(m + 1); // left end of each stacked line's interval
  stack[0] = -1;
  left[0] = Number.NEGATIVE_INFINITY;
  let h = 1;
  const qOf = (g: number): number => (g < 0 ? 0 : qualities[order[groupStart[g]!]!]!);
  const pOf = (g: number): number => (g < 0 ? 0 : prices[order[groupStart[g]!]!]!);
  for (let g = 0; g < m; g++) {
    const q = qOf(g);
    const p = pOf(g);
    let meet = (p - pOf(stack[h - 1]!)) / (q - qOf(stack[h - 1]!));
    while (h > 1 && meet <= left[h - 1]!) {
      h--;
      meet = (p - pOf(stack[h - 1]!)) / (q - qOf(stack[h - 1]!));
    }
    stack[h] = g;
    left[h] = meet;
    h++;
  }
  const thetaMax = consumers.thetaMax;
  for (let s = 1; s < h; s++) {
    const g = stack[s]!;
    const lo = Math.max(0, left[s]!);
    const hi = Math.min(thetaMax, s + 1 < h ? left[s + 1]! : Number.POSITIVE_INFINITY);
    if (!(hi > lo)) continue;
    const size = groupEnd[g]! - groupStart[g]!;
    const d = (consumers.cdf(hi) - consumers.cdf(lo)) / size;
    for (let k = groupStart[g]!; k < groupEnd[g]!; k++) {
      demands[order[k]!] = d;
      intervals[order[k]!] = [lo, hi];
    }
  }
  let threshold = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (qualities[i]! > 0) threshold = Math.min(threshold, Math.max(0, prices[i]! / qualities[i]!));
  }
  const covered = threshold === Number.POSITIVE_INFINITY ? 0 : 1 - consumers.cdf(threshold);
  return { demands, intervals, covered };
}
