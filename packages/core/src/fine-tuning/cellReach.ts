/**
 * How far G's investment can reach over a cell [lo, hi] of δ, to second order: a sharper A⁺ for the
 * cell bounds (./cellBounds.ts). Their A⁺, where G's upper envelope over the cell reaches the lower
 * one's maximum, has the slack of a first-order bound: the spread of G's utility over the cell (its
 * derivative in δ, about the revenue, times the width). Where G's utility over α0 is a flat
 * sawtooth, that slack is far more than G's gaps between the thresholds it could invest to: beyond
 * its favourite share the scaling benchmark's G switches the specialist it invests to every ~1e-5
 * of δ, thresholds whose values lie within the slack span ~0.01 of α0, and the revenue bound at A⁺
 * stays above the best revenue until cells are as narrow as the pieces.
 *
 * Here a threshold G invests to at one of the cell's ends, t_j(δ), followed across the cell with the
 * items below it at every δ (./cellPath.ts), is a value G can reach at every δ: a bound below its
 * utility there. It is the path of the second-order proof (./cellCandidates.ts) over [from, A⁺]:
 * G's choice at δ is a threshold or the maximiser of a segment, the candidates above `from` (at
 * least the path and the ends' choices) proven below the path are not it, and the others bound it.
 * Each candidate is followed along its own curve, so the bound's slack is second order in the
 * cell's width. O(n) per cell plus the candidates' scans.
 */
import { candidatesReach } from "./cellCandidates.js";
import { cellEnds } from "./cellEnds.js";
import { type EndChoice, fillAtLo, pathSides } from "./cellPath.js";
import type { FineTuningGame } from "./model.js";
import { packPolynomial } from "./packed.js";
import { pow } from "./polynomialChoice.js";
import { orderOfThresholds } from "./thresholdOrders.js";

/** The unit round-off of doubles (2^-52 as the proofs name it). */
const EPS = 2 ** -52;

/**
 * An α at least G's investment at every δ of [lo, hi] (given that it is at most `to`, the first-order
 * A⁺), from the choices at the cell's ends `ends` ([lo's, hi's]; null or undefined where none is
 * known or no bargain forms): `to` when no better is proven (the ends' choices are not thresholds,
 * or the game is not of the kind the proofs cover).
 */
export function choiceReach(
  game: FineTuningGame,
  lo: number,
  hi: number,
  ends: readonly (EndChoice | null | undefined)[],
  to: number,
): number {
  const p = packPolynomial(game);
  if (p === null || !(lo >= 0 && lo < hi && hi < 1) || !Number.isFinite(to)) return to;
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  if (!(c0 > 0 && k0 > 1)) return to;
  for (let i = 0; i < p.n; i++) if (!(p.slope[i]! >= 0)) return to;
  // the path: lo's threshold, else hi's
  const end = [0, 1].find((q) => ends[q]?.choice === "threshold" && ends[q]!.alpha0 > 0);
  if (end === undefined) return to;
  const w = cellEnds(p, lo, hi);
  if (w === null) return to;
  const at = end === 0 ? w.tLo : w.tHi;
  const target = ends[end]!.alpha0;
  let j = -1;
  for (let i = 0; i < p.n && j < 0; i++) if (at[i] === target) j = i;
  if (j < 0) return to;
  const p0 = w.tLo[j]!;
  const p1 = w.tHi[j]!;
  const sides = pathSides(p, game, w, lo, hi, "threshold", p0, p1, j, true);
  if (sides === null) return to;
  const { pathErr, tau, revenue } = sides;
  // G's choices at the ends and the path are reached: the candidates start past them
  let from = p1 + pathErr;
  for (const e of ends) if (e !== null && e !== undefined) from = Math.max(from, e.alpha0);
  if (!(from < to)) return to;
  fillAtLo(p, w, hi);
  const order = orderOfThresholds(p, lo);
  // the path's own threshold from the left is below `from`: the margin is not read
  const margin = 8 * (p.n + 16) * EPS * (1 + 2 * c0 * pow(p1, k0) + revenue);
  const cell = { p, game, lo, hi, ...w, order, kind: "threshold", p0, p1, j, tau, pathErr, margin } as const;
  const reach = candidatesReach(cell, [[from, to]]);
  return Number.isFinite(reach) ? Math.min(to, Math.max(from, reach)) : reach < 0 ? from : to;
}
