/**
 * One Gauss–Seidel sweep of exact best responses in O(n log n) (log-concave densities; see
 * ./fastResponse.ts for other densities).
 *
 * Conventions: the active firms move one at a time in descending quality, as in the reference
 * iteration of ./equilibrium.ts. Descending order is what makes the sweep cheap: when a firm
 * moves, every rival below it still has its price from the start of the sweep (one persistent
 * hull of the levels below, built once), and every rival above has already moved (the hull of
 * the levels above grows by one line after each level).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Appendix B
 */
import type { ConsumerDistribution } from "./consumers.js";
import { densityIsLogConcave, fastBestPrice } from "./fastResponse.js";
import { PersistentHull } from "./hull.js";
import { FirmView, levelPrice, lowHulls, type QualityLevels, sameQualityCap } from "./rivals.js";

/**
 * Moves each active firm (`active[i]` true) to its exact best response, in place; returns the
 * largest price change, or NaN when a best response is not finite.
 */
export function bestResponseSweep(
  levels: QualityLevels,
  prices: number[],
  active: Uint8Array,
  consumers: ConsumerDistribution,
): number {
  const logConcave = densityIsLogConcave(consumers);
  const low = lowHulls(levels, prices);
  const m = levels.values.length;
  const high = new PersistentHull("high", m);
  let change = 0;
  for (let L = m - 1; L >= 0; L--) {
    const highTop = high.top;
    for (let k = levels.start[L]!; k < levels.start[L + 1]!; k++) {
      const i = levels.members[k]!;
      if (active[i] !== 1) continue;
      const view = new FirmView(
        levels.values[L]!,
        low.hull,
        low.topAt[L]!,
        high,
        highTop,
        sameQualityCap(levels, i, prices),
        consumers,
      );
      const br = fastBestPrice(view, logConcave, prices[i]);
      if (!Number.isFinite(br.price)) return Number.NaN;
      change = Math.max(change, Math.abs(br.price - prices[i]!));
      prices[i] = br.price;
    }
    high.push(levels.values[L]!, levelPrice(levels, L, prices));
  }
  return change;
}
