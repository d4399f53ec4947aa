/**
 * G's path over a cell [lo, hi] of δ and the items on each side of it: conditions 1 and 2 of the
 * structure proofs (./cellStructure.ts, whose header has the notation), shared with the reach of
 * G's choice (./cellReach.ts), for which the path is only a value G can reach at every δ.
 */
import { powerCurvature, thresholdCurvature } from "./cellCurves.js";
import { type CellEnds, EPS } from "./cellEnds.js";
import type { FineTuningGame } from "./model.js";
import type { GeneralistChoice } from "./outcome.js";
import { type PackedPolynomial, perGame } from "./packed.js";
import { contributionAt, costAt, pow } from "./polynomialChoice.js";

/** G's choice at a cell's end as the equilibrium reported it; null where no bargain forms. */
export interface EndChoice {
  readonly alpha0: number;
  readonly choice: GeneralistChoice;
}

/**
 * Relative agreement of two specialists' parameters within which one whose threshold is the other's
 * to rounding is taken as its twin (see condition 1 in structureHolds).
 */
const NEAR_TWIN = 1e-12;

/** What {@link pathSides} finds about the items active at the path (A). */
export interface PathSides {
  /** The path's rounding. */
  readonly pathErr: number;
  /** A's revenue slopes: the specialists' sum, and the direct channel's (0 when not in A). */
  readonly specSlopes: number;
  readonly directSlope: number;
  /** Σ over A of s_i·(P(hi) + x_i(lo)). */
  readonly revenue: number;
  /** The smallest threshold at lo (clamped at 0) of an item not in A. */
  readonly tau: number;
  /** Where a direct channel of negative profit at P(lo) in A joins (NaN when none). */
  readonly negativeDirect: number;
}

/**
 * Conditions 1 and 2 for G's path, from p0 at lo to p1 at hi, of kind `choice` (investing to item
 * j, or −1): marks in `w.active` the items active at the path at every δ (2 for j and its twins, 1
 * for the others of A, 0 for the rest) and returns A's sums; null when an item's side cannot be
 * told or the path is not G's best choice up to τ. With `lower` the path need only be a value G
 * can reach (a bound below its utility): an item whose side cannot be told is left out of A (a
 * specialist's share is ≥ 0, the direct channel's profit too where it is active), and only j's
 * exact twins move with it.
 */
export function pathSides(
  p: PackedPolynomial,
  game: FineTuningGame,
  w: CellEnds,
  lo: number,
  hi: number,
  choice: GeneralistChoice,
  p0: number,
  p1: number,
  j: number,
  lower = false,
): PathSides | null {
  // 1. every item on one side of the path: A, its slopes, and τ; the path's rounding (a threshold
  // computed as every other; the interior maximiser from sums over n items in another order and a
  // power) and its curvature
  const { ns, n, slope } = p;
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  const starErr = 4 * (n + 16) * EPS * p1;
  const pathErr = choice === "threshold" ? w.err[j]! : choice === "interior" ? starErr : 0;
  const pathBend = pathCurvature(p, game, choice, j, lo, hi, p0, p1);
  const { tLo, tHi, err, xLo, active } = w;
  const twins = j >= 0 ? twinsOf(p, j) : null;
  let specSlopes = 0;
  let directSlope = 0;
  let revenue = 0;
  let tau = Number.POSITIVE_INFINITY;
  let negativeDirect = Number.NaN;
  for (let i = 0; i < n; i++) {
    const th = tHi[i]!;
    const tl = tLo[i]!;
    const e = err[i]! + pathErr;
    // j's twins, and items whose parameters agree with j's to 1e-12 and whose thresholds are j's
    // to rounding at both ends: G invests to the larger of the two thresholds, both join, and
    // which one the equilibrium names is the only thing that may change inside
    const twin =
      twins !== null &&
      (twins[i] === 1 ||
        (!lower && Math.abs(tl - p0) <= e && Math.abs(th - p1) <= e && sameItem(p, i, j, NEAR_TWIN)));
    let side = twin || (th === 0 && err[i] === 0) || th + e < p0 ? -1 : tl - e > p1 ? 1 : 0;
    // a threshold near the path: its distance to the path at the ends, less how far a smooth
    // function can bend between them (it may not cross)
    if (side === 0) side = sideByCurvature(p, i, lo, hi, tl - p0, th - p1, pathBend, e);
    if (side === 0 && !lower) return null;
    active[i] = side < 0 ? (twin ? 2 : 1) : 0;
    if (side < 0) {
      revenue += slope[i]! * (p1 + xLo[i]!);
      if (i === ns) {
        directSlope = slope[i]!;
        if (directProfit(p, p0) < 0) negativeDirect = Math.max(0, tl);
      } else specSlopes += slope[i]!;
    } else tau = Math.min(tau, Math.max(0, tl));
  }
  const star = (d: number): number => {
    const s = d * specSlopes + directSlope;
    return s > 0 ? pow(s / (k0 * c0), 1 / (k0 - 1)) : 0;
  };
  // 2. the path is G's best choice up to τ
  if (choice === "interior") {
    const close = (x: number, y: number): boolean => Math.abs(x - y) <= pathErr;
    if (!(close(star(lo), p0) && close(star(hi), p1))) return null;
  } else if (!(star(hi) + starErr + pathErr <= p0)) {
    // at a threshold: its maximiser α*_A stays below it (ends, and how far both can bend)
    if (choice !== "threshold") return null;
    const r = (d: number): number => (d * specSlopes + directSlope) / (k0 * c0);
    const bend = powerCurvature(r(lo), r(hi), 1 / (k0 - 1), hi - lo) + pathBend;
    const stray = (bend * (hi - lo) ** 2) / 8;
    if (!(Math.max(star(lo) - p0, star(hi) - p1) + stray + starErr + pathErr < 0)) return null;
  }
  return { pathErr, specSlopes, directSlope, revenue, tau, negativeDirect };
}

/**
 * −1 when item i's threshold stays below G's path over the cell, 1 when above, 0 when that cannot
 * be told: the differences at the ends are `atLo` and `atHi`, and the difference's second
 * derivative is at most the threshold's curvature plus the path's (`pathBend`), so between the
 * ends it strays from them by at most that times (hi − lo)²/8; `err` is their rounding.
 */
function sideByCurvature(
  p: PackedPolynomial,
  i: number,
  lo: number,
  hi: number,
  atLo: number,
  atHi: number,
  pathBend: number,
  err: number,
): number {
  const stray = ((thresholdCurvature(p, i, lo, hi) + pathBend) * (hi - lo) ** 2) / 8;
  if (!Number.isFinite(stray)) return 0;
  if (Math.max(atLo, atHi) + stray + err < 0) return -1;
  if (Math.min(atLo, atHi) - stray - err > 0) return 1;
  return 0;
}

/**
 * A bound on |P″| over [lo, hi] for G's path: 0 at zero, the threshold's at a threshold, and for
 * the interior maximiser P = (S/(k0·c0))^{e0} (e0 = 1/(k0 − 1), S linear in δ, read off the
 * ends: S = k0·c0·P^{k0−1}) P″ = e0·(e0 − 1)·(S/(k0·c0))^{e0−2}·(S′/(k0·c0))², its power monotone in S.
 */
function pathCurvature(
  p: PackedPolynomial,
  game: FineTuningGame,
  choice: GeneralistChoice,
  j: number,
  lo: number,
  hi: number,
  p0: number,
  p1: number,
): number {
  if (choice === "threshold") return thresholdCurvature(p, j, lo, hi);
  if (choice !== "interior") return 0;
  const k0 = game.generalist.cost.polynomial!.k;
  return powerCurvature(p0 ** (k0 - 1), p1 ** (k0 - 1), 1 / (k0 - 1), hi - lo);
}

/** The direct channel's profit s·(α0 + x) − F − c·x^k at α0 (it keeps its whole revenue). */
export function directProfit(p: PackedPolynomial, alpha0: number): number {
  const i = p.ns;
  const x = contributionAt(p, i, 0);
  return p.slope[i]! * (alpha0 + x) - p.fixed[i]! - costAt(p, i, x);
}

/**
 * G's path over the cell: its values at the ends and the item j it invests to (−1 when none); null
 * when the ends' choices are not of one kind the proof covers.
 */
export function pathOf(
  p: PackedPolynomial,
  w: CellEnds,
  a: EndChoice,
  b: EndChoice,
): [number, number, number] | null {
  if (a.choice === "zero") return a.alpha0 === 0 && b.alpha0 === 0 ? [0, 0, -1] : null;
  if (a.choice === "interior") {
    return a.alpha0 > 0 && a.alpha0 <= b.alpha0 && Number.isFinite(b.alpha0)
      ? [a.alpha0, b.alpha0, -1]
      : null;
  }
  if (a.choice !== "threshold" || !(a.alpha0 > 0)) return null;
  for (let i = 0; i < p.n; i++)
    if (w.tLo[i] === a.alpha0 && w.tHi[i] === b.alpha0) return [a.alpha0, b.alpha0, i];
  return null;
}

/**
 * What ./polynomialChoice.ts's fillItems(p, lo, NaN, hi) writes, from the ends already computed
 * (the same operations): each item's threshold at lo clamped at 0, G's slope hi·s_i (the direct
 * channel s) and constant slope·x_i(lo) (the channel its profit).
 */
export function fillAtLo(p: PackedPolynomial, w: CellEnds, hi: number): void {
  const { ns, n, recs, thresholds, slope } = p;
  for (let i = 0; i < n; i++) {
    const t = Math.max(0, w.tLo[i]!);
    const x = w.xLo[i]!;
    const g = i === ns ? slope[i]! : hi * slope[i]!;
    thresholds[i] = t;
    recs[3 * i] = t;
    recs[3 * i + 1] = g;
    recs[3 * i + 2] = i === ns ? g * x - (p.fixed[i]! + costAt(p, i, x)) : g * x;
  }
}

/**
 * Whether items i and j (specialists, or i = j) have the same exponent and their other parameters
 * within `rel` (relative; 0: the same parameters, then the same threshold at every δ).
 */
function sameItem(p: PackedPolynomial, i: number, j: number, rel = 0): boolean {
  return (
    i === j ||
    (i !== p.ns &&
      j !== p.ns &&
      p.k[i] === p.k[j] &&
      within(p.c[i]!, p.c[j]!, rel) &&
      within(p.fixed[i]!, p.fixed[j]!, rel) &&
      within(p.slope[i]!, p.slope[j]!, rel) &&
      within(p.disagreement[i]!, p.disagreement[j]!, rel))
  );
}

/**
 * Per game, the last item j asked for and its twins (1 where {@link sameItem}(p, i, j)): the same
 * for every cell whose path invests to j, as parameters do not depend on δ.
 */
const twinMarks = new WeakMap<PackedPolynomial, { j: number; marks: Uint8Array }>();

function twinsOf(p: PackedPolynomial, j: number): Uint8Array {
  const t = perGame(twinMarks, p, (q) => ({ j: -1, marks: new Uint8Array(q.n) }));
  if (t.j !== j) {
    for (let i = 0; i < p.n; i++) t.marks[i] = sameItem(p, i, j) ? 1 : 0;
    t.j = j;
  }
  return t.marks;
}

/** |a − b| ≤ rel·max(|a|, |b|): equal when rel = 0. Runs for every item of every cell. */
function within(a: number, b: number, rel: number): boolean {
  return a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}
