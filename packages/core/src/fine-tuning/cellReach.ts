/**
 * Proofs that G's investment stays below a level over a cell [lo, hi] of δ, to second order: a
 * sharper A⁺ for the cell bounds (./cellBounds.ts). Their A⁺, where G's upper envelope over the cell reaches the lower
 * one's maximum, has the slack of a first-order bound: the spread of G's utility over the cell (its
 * derivative in δ, about the revenue, times the width). Where G's utility over α0 is a flat
 * sawtooth, that slack is far more than G's gaps between the thresholds it could invest to: beyond
 * its favourite share the scaling benchmark's G switches the specialist it invests to every ~1e-5
 * of δ, thresholds whose values lie within the slack span ~0.01 of α0, and the revenue bound at A⁺
 * stays above the best revenue until cells are as narrow as the pieces.
 *
 * Here a threshold G invests to at one of the cell's ends, t_j(δ), followed across the cell with the
 * items below it at every δ (./cellPath.ts), is a value G can reach at every δ: a bound below its
 * utility there. It is the path of the second-order proof (./cellCandidates.ts) over [a, A⁺]: G's
 * choice at δ is a threshold or the maximiser of a segment, and when every such candidate in
 * [a, A⁺] is proven below the path, G's choice is below a. Each candidate is followed along its own
 * curve, so the proof's slack is second order in the cell's width. The cell bounds ask for the
 * largest a at which their revenue bound is below the revenue they must beat, so a proof fails
 * at the first candidate not proven below. O(n) per cell plus the candidates' scans.
 */
import { candidatesHold } from "./cellCandidates.js";
import { cellEnds, EPS } from "./cellEnds.js";
import { type EndChoice, pathSides } from "./cellPath.js";
import type { FineTuningGame } from "./model.js";
import { packPolynomial, slopesNonNegative } from "./packed.js";
import { pow } from "./polynomialChoice.js";
import { utilityUnit } from "./units.js";

/**
 * Whether G's investment is below `a` at every δ of [lo, hi] (given that it is at most `to`, the
 * first-order A⁺), from its choices at the cell's ends `ends` ([lo's, hi's]; null or undefined
 * where none is known or no bargain forms). False when that cannot be proven: the ends' choices
 * reach a or are not thresholds, or the game is not of the kind the proofs cover.
 */
export function choiceBelow(
  game: FineTuningGame,
  lo: number,
  hi: number,
  ends: readonly (EndChoice | null | undefined)[],
  a: number,
  to: number,
): boolean {
  if (!(a < to)) return true;
  const p = packPolynomial(game);
  if (p === null || !(lo >= 0 && lo < hi && hi < 1)) return false;
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  if (!(c0 > 0 && k0 > 1)) return false;
  if (!slopesNonNegative(p)) return false;
  for (const e of ends) if (e !== null && e !== undefined && !(e.alpha0 < a)) return false;
  // the path: lo's threshold, else hi's
  const end = [0, 1].find((q) => ends[q]?.choice === "threshold" && ends[q]!.alpha0 > 0);
  if (end === undefined) return false;
  const w = cellEnds(p, lo, hi);
  if (w === null) return false;
  const at = end === 0 ? w.tLo : w.tHi;
  const target = ends[end]!.alpha0;
  let j = -1;
  for (let i = 0; i < p.n && j < 0; i++) if (at[i] === target) j = i;
  if (j < 0) return false;
  const p0 = w.tLo[j]!;
  const p1 = w.tHi[j]!;
  const sides = pathSides(p, game, w, lo, hi, "threshold", p0, p1, j, true);
  // G reaches the path: it is below a
  if (sides === null || !(p1 + sides.pathErr < a)) return false;
  const { pathErr, tau, revenue } = sides;
  // (the margin is for the path's own threshold from the left, below a: not read)
  const margin = 8 * (p.n + 16) * EPS * (utilityUnit(p) + 2 * c0 * pow(p1, k0) + revenue);
  const cell = { p, game, lo, hi, ...w, kind: "threshold", p0, p1, j, tau, pathErr, margin } as const;
  return candidatesHold(cell, [[a, to]]);
}
