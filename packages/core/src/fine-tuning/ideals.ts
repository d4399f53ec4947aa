/**
 * Every specialist's best utility over stretches of δ where the outcome's structure is constant
 * (BargainingProblem.bestUtilities), for a polynomial game with linear revenues: the ideal point
 * of Kalai–Smorodinsky when the bargaining solver refines only the decisive players' maxima
 * (./decisive.ts), computed from closed forms instead of one refinement of O(n) equilibria per
 * specialist.
 *
 * On a stretch, G's choice keeps its kind and the same specialists participate, so
 * α0(δ) is a closed form: 0 (G invests nothing), the threshold t_j(δ) of the item G invests to,
 * or the interior maximiser ((δ·S + S_D)/(k0·c0))^{1/(k0−1)} with S the participants' revenue
 * slopes and S_D the direct channel's. It is checked against G's choice at a sampled δ of the
 * stretch. Specialist i's utility is max(d_i, s_i·(a(δ) + ρ_i·β_k(δ)) − F_i) with a = (1 − δ)·α0
 * and β_k = (1 − δ)^{k/(k−1)} (./decisive.ts), so its best over the stretches is a support
 * function of the curve δ ↦ (a, β_k): its best point on a grid, read off the upper envelope of
 * the lines ρ ↦ a_j + ρ·β_j. The grid is made fine enough that no cell's inside can beat its ends
 * by more than {@link IDEAL_TOLERANCE} of the utility scale (h²/8 times the curvature, which its
 * second differences estimate), or the answer is null.
 */
import type { ChoicesMade } from "./choices.js";
import { decisivePlayers, type ParticipationLines, participationLines } from "./decisive.js";
import type { FineTuningGame } from "./model.js";
import type { GeneralistChoice } from "./outcome.js";
import { type PackedPolynomial, packPolynomial } from "./packed.js";
import { contributionAt, costAt, pow, thresholdAt } from "./polynomialChoice.js";

/** Relative accuracy (of the utility scale) of the best utilities returned. */
export const IDEAL_TOLERANCE = 1e-12;

/** Grid points over all stretches at most (beyond it the answer is null). */
const MAX_GRID = 1 << 22;

/**
 * What a polynomial game adds to its bargaining problem when few specialists decide dominance:
 * their indices (BargainingProblem.decisive), and the other specialists' best utilities
 * (BargainingProblem.bestUtilities) from G's choices at the sampled δ, as `made` records them while
 * the problem evaluates them. Null when the reduction does not apply (see decisivePlayers).
 */
export function dominanceReduction(
  game: FineTuningGame,
  cap: number,
  made: ChoicesMade,
): {
  readonly decisive: number[];
  bestUtilities(
    stretches: readonly { readonly lo: number; readonly hi: number; readonly at: number }[],
    scale: number,
  ): Float64Array | null;
} | null {
  const p = packPolynomial(game);
  const lines = p === null ? null : participationLines(p);
  const decisive = lines === null ? null : decisivePlayers(lines, cap);
  if (p === null || lines === null || decisive === null) return null;
  return {
    decisive,
    bestUtilities: (stretches, scale) => {
      const pieces: SharePiece[] = [];
      for (const s of stretches) {
        const c = made.end(s.at);
        const share = c == null ? null : shareOnStretch(game, p, { ...s, ...c });
        if (share === null) return null;
        // the closed form must give back G's choice at both ends too (a stretch the solver could
        // not cut at every change of structure is not one piece)
        for (const end of [s.lo, s.hi]) {
          const e = made.end(end);
          if (e == null || e.choice !== c!.choice) return null;
          const a = (1 - end) * e.alpha0;
          if (!(Math.abs(share(end) - a) <= 1e-12 * Math.max(1, Math.abs(a)))) return null;
        }
        pieces.push({ lo: s.lo, hi: s.hi, share });
      }
      return bestUtilities(p, lines, pieces, scale);
    },
  };
}

/** A stretch of constant structure [lo, hi] and a sampled δ inside with G's choice there. */
export interface Stretch {
  readonly lo: number;
  readonly hi: number;
  readonly at: number;
  readonly alpha0: number;
  readonly choice: GeneralistChoice;
}

/**
 * a(δ) = (1 − δ)·α0(δ) on a stretch, from G's choice at `s.at`; null when the choice is not one of
 * the closed forms or the closed form does not give back α0 there (see {@link investmentOnStretch}).
 */
export function shareOnStretch(
  game: FineTuningGame,
  p: PackedPolynomial,
  s: Stretch,
): ((delta: number) => number) | null {
  if (s.choice === "zero") return () => 0;
  const alpha0 = investmentOnStretch(game, p, s);
  return alpha0 === null ? null : (delta) => (1 - delta) * alpha0(delta);
}

/**
 * G's investment α0(δ) along a stretch of one structure, from its choice at `s.at` (a sampled δ
 * of it): 0; the threshold of the item it invests to there (found by its threshold, the same
 * number); or the interior maximiser with the items active there. Null when the choice is not one
 * of these or the closed form does not give back α0 at `s.at` (to 1e-12).
 */
export function investmentOnStretch(
  game: FineTuningGame,
  p: PackedPolynomial,
  s: Pick<Stretch, "at" | "alpha0" | "choice">,
): ((delta: number) => number) | null {
  const { ns, n } = p;
  const threshold = (i: number, delta: number): number => {
    const share = i === ns ? 0 : delta; // the direct channel keeps the whole revenue
    const x = contributionAt(p, i, share);
    return thresholdAt(p, i, x, costAt(p, i, x), share);
  };
  if (s.choice === "zero") return () => 0;
  if (s.choice === "threshold") {
    let j = -1;
    for (let i = 0; i < n && j < 0; i++) if (threshold(i, s.at) === s.alpha0) j = i;
    if (j < 0) return null;
    return (delta) => threshold(j, delta);
  }
  if (s.choice !== "interior") return null;
  const { c: c0, k: k0 } = game.generalist.cost.polynomial!;
  let slopes = 0;
  let direct = 0;
  for (let i = 0; i < n; i++) {
    if (!(threshold(i, s.at) <= s.alpha0)) continue;
    if (i === ns) direct = p.slope[i]!;
    else slopes += p.slope[i]!;
  }
  const alpha0 = (delta: number): number => pow((delta * slopes + direct) / (k0 * c0), 1 / (k0 - 1));
  if (!(Math.abs(alpha0(s.at) - s.alpha0) <= 1e-12 * Math.max(1, s.alpha0))) return null;
  return alpha0;
}

/** A stretch of one structure with a(δ) = (1 − δ)·α0(δ) on it (from {@link shareOnStretch}). */
export interface SharePiece {
  readonly lo: number;
  readonly hi: number;
  readonly share: (delta: number) => number;
}

/**
 * Each player's best utility over the stretches (index 0, G: NaN, not computed here), or null
 * when there are none or the grid would need more than {@link MAX_GRID} points. `scale` is the
 * problem's utility scale (the accuracy is relative to it).
 */
export function bestUtilities(
  p: PackedPolynomial,
  lines: ParticipationLines,
  pieces: readonly SharePiece[],
  scale: number,
): Float64Array | null {
  if (pieces.length === 0) return null;
  const { ns } = p;
  const { rho, groups } = lines;
  const curves: Curve[] = [];
  for (const [k, members] of groups) {
    let maxRho = 0;
    let maxSlope = 0;
    for (const i of members) {
      maxRho = Math.max(maxRho, rho[i]!);
      maxSlope = Math.max(maxSlope, p.slope[i]!);
    }
    curves.push({ beta: (delta) => pow(1 - delta, k / (k - 1)), maxRho, maxSlope, members });
  }
  const grid = fineGrid(pieces, curves, IDEAL_TOLERANCE * scale);
  if (grid === null) return null;
  const out = new Float64Array(ns + 1).fill(Number.NaN);
  for (const { beta, members } of curves) {
    const b = valuesAt(grid.x, beta);
    const hull = upperEnvelope(grid.a, b);
    for (const i of members) {
      const r = rho[i]!;
      const j = bestLine(hull, r);
      const best = grid.a[j]! + r * b[j]!;
      out[i + 1] = Math.max(p.disagreement[i]!, p.slope[i]! * best - p.fixed[i]!);
    }
  }
  return out;
}

/**
 * f at every x, by a loop: Float64Array.from with a mapping function takes the engine's slow
 * generic path (half of a solve whose grid holds two million points).
 */
function valuesAt(xs: Float64Array, f: (x: number) => number): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = f(xs[i]!);
  return out;
}

/** One exponent's β_k(δ), with the largest ρ and revenue slope of the specialists who have it. */
interface Curve {
  readonly beta: (delta: number) => number;
  readonly maxRho: number;
  readonly maxSlope: number;
  readonly members: readonly number[];
}

/** Grid points over the stretches: δ and a(δ), in increasing δ. */
interface Grid {
  readonly x: Float64Array;
  readonly a: Float64Array;
}

/** Cells of each segment of the grid (a segment is refined by halving it). */
const SEGMENT_CELLS = 16;

/** Segments the stretches start with, shared in proportion to their widths. */
const FIRST_SEGMENTS = 256;

/** A segment [lo, hi] of one stretch with its SEGMENT_CELLS + 1 points. */
interface Segment {
  readonly stretch: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * A grid over the stretches on which a cell's values can exceed its best end by at most
 * `tolerance` for every specialist, or null past MAX_GRID points. The grid is made of segments of
 * SEGMENT_CELLS equal cells, and a segment is halved until its error estimate is within the
 * tolerance: (h²/8)·|f''|, with h²·|f''| read from the segment's second differences of
 * slope × (a + ρ·β) at each exponent's largest slope and ρ, doubled for the curvature's change
 * within a cell. Refining only where the curvature is large (β_k near δ = 1, G's interior choice
 * near δ = 0 without a direct channel) keeps the grid small where a uniform one would not fit.
 */
function fineGrid(
  stretches: readonly SharePiece[],
  curves: readonly Curve[],
  tolerance: number,
): Grid | null {
  const width = stretches.reduce((w, s) => w + (s.hi - s.lo), 0);
  const pending: Segment[] = [];
  stretches.forEach((s, k) => {
    const parts =
      s.hi > s.lo ? Math.max(1, Math.ceil((FIRST_SEGMENTS * (s.hi - s.lo)) / Math.max(width, 1e-300))) : 1;
    for (let c = 0; c < parts; c++)
      pending.push({
        stretch: k,
        lo: c === 0 ? s.lo : s.lo + ((s.hi - s.lo) * c) / parts,
        hi: c === parts - 1 ? s.hi : s.lo + ((s.hi - s.lo) * (c + 1)) / parts,
      });
  });
  const done: { segment: Segment; x: Float64Array; a: Float64Array }[] = [];
  let points = 0;
  const x = new Float64Array(SEGMENT_CELLS + 1);
  const b = new Float64Array(SEGMENT_CELLS + 1);
  for (let segment = pending.pop(); segment !== undefined; segment = pending.pop()) {
    const { stretch, lo, hi } = segment;
    const share = stretches[stretch]!.share;
    const cells = hi > lo ? SEGMENT_CELLS : 0;
    for (let c = 0; c <= cells; c++) x[c] = c === cells ? hi : lo + ((hi - lo) * c) / cells;
    const xs = x.slice(0, cells + 1);
    const a = valuesAt(xs, share);
    let worst = 0;
    for (let j = 1; j < cells; j++) worst = Math.max(worst, Math.abs(a[j + 1]! - 2 * a[j]! + a[j - 1]!));
    let error = 0;
    for (const { beta, maxRho, maxSlope } of curves) {
      for (let c = 0; c <= cells; c++) b[c] = beta(x[c]!);
      let second = 0;
      for (let j = 1; j < cells; j++) second = Math.max(second, Math.abs(b[j + 1]! - 2 * b[j]! + b[j - 1]!));
      // second differences ≈ h²·|f''|: the error bound is that over 8, doubled
      error = Math.max(error, (maxSlope * (worst + maxRho * second)) / 4);
    }
    const mid = lo + (hi - lo) / 2;
    if (error <= tolerance || !(lo < mid && mid < hi)) {
      done.push({ segment, x: xs, a });
      points += xs.length;
      continue;
    }
    if (points + (pending.length + 2) * (SEGMENT_CELLS + 1) > MAX_GRID) return null;
    pending.push({ stretch, lo, hi: mid }, { stretch, lo: mid, hi });
  }
  done.sort((s, t) => s.segment.stretch - t.segment.stretch || s.segment.lo - t.segment.lo);
  const gx = new Float64Array(points);
  const ga = new Float64Array(points);
  let at = 0;
  for (const d of done) {
    gx.set(d.x, at);
    ga.set(d.a, at);
    at += d.x.length;
  }
  return { x: gx, a: ga };
}

/**
 * The upper envelope of the lines ρ ↦ a_j + ρ·b_j (b non-increasing in j, as β_k is over
 * increasing δ): the lines on it in increasing order of the ρ where each is best, and the ρ where
 * each stops being best.
 */
function upperEnvelope(a: Float64Array, b: Float64Array): { lines: Int32Array; ends: Float64Array } {
  // sweep lines by increasing slope (b decreases with j: from the last)
  const lines: number[] = [];
  const ends: number[] = [];
  const cross = (i: number, j: number): number => (a[i]! - a[j]!) / (b[j]! - b[i]!); // where j overtakes i (b_j > b_i)
  for (let j = b.length - 1; j >= 0; j--) {
    if (lines.length > 0) {
      const top = lines[lines.length - 1]!;
      if (b[j] === b[top]) {
        if (a[j]! <= a[top]!) continue;
        lines.pop();
        ends.pop();
      }
    }
    while (lines.length > 0) {
      const top = lines[lines.length - 1]!;
      const x = cross(top, j);
      // top is best only below x; if the previous line already beats it there, it goes
      const start = lines.length > 1 ? ends[ends.length - 2]! : Number.NEGATIVE_INFINITY;
      if (x <= start) {
        lines.pop();
        ends.pop();
      } else {
        ends[ends.length - 1] = x;
        break;
      }
    }
    lines.push(j);
    ends.push(Number.POSITIVE_INFINITY);
  }
  return { lines: Int32Array.from(lines), ends: Float64Array.from(ends) };
}

/** The grid index whose line is highest at ρ (by the envelope). */
function bestLine(hull: { lines: Int32Array; ends: Float64Array }, rho: number): number {
  let lo = 0;
  let hi = hull.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hull.ends[mid]! < rho) lo = mid + 1;
    else hi = mid;
  }
  return hull.lines[lo]!;
}
