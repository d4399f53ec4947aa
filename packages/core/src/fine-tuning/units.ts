/**
 * The game's unit of utility for the rounding margins of the cell bounds and structure proofs
 * (./cellBounds.ts, ./cellReach.ts, ./cellStructure.ts, ./envelope.ts). A margin is the rounding of
 * the terms it compares, 8·(n + 16) ulps of their size, plus this floor for the terms it does not
 * list (G's fixed cost, the outside options). A floor of 1 made the proofs depend on the units of
 * utility: with every cost, revenue and outside option in units of 1e-6 (the same equilibria), the
 * margins dwarfed G's gaps and 52 of 60 random games went uncertified. The floor is the size of the
 * game's own terms instead, capped at 1 (so games in units of 1 or more keep their margins).
 */
import { type PackedPolynomial, perGame } from "./packed.js";
import { pow } from "./polynomialChoice.js";

const units = new WeakMap<PackedPolynomial, number>();

/**
 * min(1, the largest of |d0|, F0, c0 and, per item, its outside option, fixed cost and revenue
 * s·x at its full share, x = (s/(k·c))^{1/(k−1)}): scales with the units of utility, as the
 * equilibria do not. 1 when that is not a positive finite number.
 */
export function utilityUnit(p: PackedPolynomial): number {
  return perGame(units, p, () => {
    const g = p.generalist;
    let size = Math.max(Math.abs(g.disagreement), g.cost.polynomial?.fixed ?? 0, g.cost.polynomial?.c ?? 0);
    for (let i = 0; i < p.n; i++) {
      const x = p.slope[i]! > 0 ? pow(p.slope[i]! / p.kc[i]!, p.power[i]!) : 0;
      size = Math.max(size, Math.abs(p.disagreement[i]!), p.fixed[i]!, p.slope[i]! * x);
    }
    return size > 0 && Number.isFinite(size) ? Math.min(1, size) : 1;
  });
}
