/**
 * An independent evaluation of the fine-tuning game for checking answers (conventions in
 * ./model.ts): G's utility with everyone best-responding (specialists as in ./checkResponse.ts), G's
 * global best response and the subgame-perfect outcome at one δ. It shares nothing with the solver
 * but the game's functions and the generic numerics, so that a checker built on it does not re-run
 * the code it checks.
 *
 * - G: α0 ranges over [0, W], W doubled until even with every specialist participating G's
 *   utility is below the best found and falling (a proof when the game is polynomial: that bound
 *   is concave; an assumption otherwise, reported). Participation thresholds are exact for
 *   polynomial specialists and located by bisection otherwise; U_G is maximised on each segment of
 *   fixed participants (closed form for polynomial games, derivative roots and Brent
 *   otherwise), and every threshold, where U_G jumps, is a candidate. Utilities within round-off of
 *   the best are a tie won by the exactly located candidate.
 * @see Laufer, Kleinberg, Heidari, "Fine-Tuning Games" (arXiv:2308.04399; docs/theory/fine-tuning-games.md) Section 2, Theorem 3.1, Section 4
 */
import { brentMax } from "../numerics/brent.js";
import { brentRoot } from "../numerics/brentRoot.js";
import { bisectPredicate } from "../numerics/roots.js";
import { type GeneralistBest, type GeneralistPoint, generalistPoint, pick } from "./checkPoint.js";
import { generalistBestSorted, sortedThresholdsApply } from "./checkPolynomial.js";
import { MAX_ALPHA, polynomialSpecialist, polyThreshold, type SearchDensity } from "./checkResponse.js";
import { type FineTuningGame, isPolynomialGame } from "./model.js";

export { type GeneralistBest, type GeneralistPoint, generalistPoint } from "./checkPoint.js";

/**
 * dU_G/dα0 at a point with the specialists re-optimising: implicit derivative of their first-order
 * conditions, dα/dα0 = φ_aa0 / ((1−δ)r″ − φ_aa), and 1 when free-riding; the direct channel by the
 * envelope theorem. Valid where participation and regimes do not change.
 */
export function generalistSlope(
  game: FineTuningGame,
  alpha0: number,
  delta: number,
  alphas: readonly (number | null)[],
  ownAlpha: number | null,
): number {
  let slope = 0;
  game.specialists.forEach((s, i) => {
    const a = alphas[i];
    if (a === null || a === undefined) return;
    let da = 1;
    if (a !== alpha0) {
      const den = (1 - delta) * s.revenue.second(a) - s.cost.dAA(a, alpha0);
      da = den === 0 ? 0 : s.cost.dAA0(a, alpha0) / den;
    }
    slope += delta * s.revenue.derivative(a) * da;
  });
  const d = game.generalist.direct;
  if (d !== undefined && ownAlpha !== null) {
    const a = ownAlpha;
    // only α0's direct effect on the channel's cost remains, unless the channel sits at a = α0
    slope +=
      a === alpha0
        ? d.revenue.derivative(a) - d.cost.dA(a, alpha0) - d.cost.dA0(a, alpha0)
        : -d.cost.dA0(a, alpha0);
  }
  return slope - game.generalist.cost.derivative(alpha0);
}

/** The slope of U_G at a point (see {@link generalistSlope}). */
const slopeAt = (game: FineTuningGame, p: GeneralistPoint, delta: number): number =>
  generalistSlope(
    game,
    p.alpha0,
    delta,
    p.responses.map((r, i) => (p.participants[i] ? r.alpha : null)),
    p.ownAlpha,
  );

/** Same participants (and same use of the direct channel) at two points. */
const sameSet = (a: GeneralistPoint, b: GeneralistPoint): boolean =>
  (a.ownAlpha === null) === (b.ownAlpha === null) && a.participants.every((x, i) => x === b.participants[i]);
const anyone = (p: readonly boolean[]): boolean => p.some((x) => x);

/**
 * G's global best response at δ (see module comment): by ./checkPolynomial.ts's sorted thresholds
 * in O(n log n) when every specialist is polynomial with a rising linear revenue and G has no
 * direct channel, else by {@link generalistBestSearch}.
 */
export function generalistBest(
  game: FineTuningGame,
  delta: number,
  density: SearchDensity,
  extraCandidates: readonly number[] = [],
): GeneralistBest {
  return sortedThresholdsApply(game) && density.generic !== true
    ? generalistBestSorted(game, delta, density, extraCandidates)
    : generalistBestSearch(game, delta, density, extraCandidates);
}

/**
 * G's global best response at δ by the generic search of the module comment: every candidate
 * evaluated with every specialist's response, O(n²) per δ for n polynomial specialists. The
 * slow, obviously-right reference of the sorted path (tests compare the two).
 */
export function generalistBestSearch(
  game: FineTuningGame,
  delta: number,
  density: SearchDensity,
  extraCandidates: readonly number[] = [],
): GeneralistBest {
  const memo = new Map<number, GeneralistPoint>();
  const at = (a0: number): GeneralistPoint => {
    let p = memo.get(a0);
    if (p === undefined) {
      p = generalistPoint(game, a0, delta, density);
      memo.set(a0, p);
    }
    return p;
  };
  // Candidates are kept, not compared on arrival: utilities within round-off of the best are a tie,
  // and a tie goes to a candidate located exactly (a root of U_G′, a threshold, a boundary) over a
  // grid or range point, whose α0 — and so the other players' utilities and the revenue — can be
  // ~1e-8 off at a flat maximum while its U_G is the same to the last bit.
  const withList: { p: GeneralistPoint; precise: boolean }[] = [];
  const withoutList: { p: GeneralistPoint; precise: boolean }[] = [];
  let top = Number.NEGATIVE_INFINITY;
  const consider = (p: GeneralistPoint, precise = false): void => {
    if (!Number.isFinite(p.utility)) return;
    (anyone(p.participants) ? withList : withoutList).push({ p, precise });
    if (p.utility > top) top = p.utility;
  };
  const best = (): number => top;
  const exact = new Set<number>();
  for (const s of game.specialists) if (polynomialSpecialist(s)) exact.add(polyThreshold(s, delta));
  const direct = game.generalist.direct;
  if (direct !== undefined && direct.cost.polynomial !== undefined && direct.revenue.linear !== undefined)
    exact.add(
      polyThreshold({ name: "direct", cost: direct.cost, revenue: direct.revenue, disagreement: 0 }, 0),
    );
  const first = at(0);
  consider(first, true);
  for (const c of exact) if (Number.isFinite(c) && c >= 0) consider(at(c), true);
  for (const c of extraCandidates) if (Number.isFinite(c) && c >= 0) consider(at(c));
  // a loop, not a spread into Math.max: one threshold per specialist
  let range = 1;
  for (const t of [...exact, ...extraCandidates]) if (Number.isFinite(t) && 2 * t > range) range = 2 * t;
  // widen until even everyone participating leaves G below its best, and falling
  for (;;) {
    const p = at(range);
    consider(p);
    if (range >= MAX_ALPHA) break;
    const q = at(range / 2);
    if (p.allIn < best() && p.allIn < q.allIn) break;
    range *= 2;
  }
  const polynomial = isPolynomialGame(game);
  // grid over [0, range]: participation changes located by bisection
  const n = density.alpha0;
  const breaks: number[] = [0];
  const thresholds: number[] = [];
  let prev = first;
  const grid: GeneralistPoint[] = [first];
  for (let j = 1; j <= n; j++) {
    const p = at((range * j) / n);
    grid.push(p);
    consider(p);
    if (!sameSet(p, prev)) {
      const before = prev;
      const b = bisectPredicate((a) => sameSet(at(a), before), prev.alpha0, p.alpha0, {
        xTol: 1e-14 * Math.max(1, p.alpha0),
      });
      consider(at(b.inside), true);
      consider(at(b.outside), true);
      breaks.push(b.outside);
      thresholds.push(b.outside);
    }
    prev = p;
  }
  for (const t of exact) if (t > 0 && t < range) breaks.push(t);
  breaks.push(range);
  breaks.sort((a, b) => a - b);
  for (let i = 0; i + 1 < breaks.length; i++) {
    const lo = breaks[i]!;
    const hi = breaks[i + 1]!;
    if (!(hi > lo)) continue;
    if (polynomial) {
      segmentPolynomial(game, delta, lo, hi, at, consider);
    } else {
      const inside = grid.filter((p) => p.alpha0 >= lo && p.alpha0 < hi);
      const pts = [at(lo), ...inside, at(hi)].sort((a, b) => a.alpha0 - b.alpha0);
      // every + → − change of U_G's slope inside the segment, located as a root (to round-off)
      const slope = (x: number): number => slopeAt(game, at(x), delta);
      const roots: number[] = [];
      for (let j = 1; j < pts.length; j++) {
        const a = pts[j - 1]!.alpha0;
        const b = j === pts.length - 1 ? hi - 1e-15 * Math.max(1, hi) : pts[j]!.alpha0;
        if (!(b > a)) continue;
        const sa = slope(a);
        const sb = slope(b);
        if (sa > 0 && sb <= 0) {
          const r = brentRoot(slope, a, b);
          if (Number.isFinite(r.value)) {
            consider(at(r.value), true);
            roots.push(r.value);
          }
        } else if (j === pts.length - 1 && sb > 0) consider(at(b), true);
      }
      // value-based refinement of the best cells (kinks of free-riding, missed sign changes)
      const peaks = pts
        .map((p, j) => ({ p, j }))
        .filter(
          ({ p, j }) =>
            (j === 0 || p.utility >= pts[j - 1]!.utility) &&
            (j === pts.length - 1 || p.utility >= pts[j + 1]!.utility),
        )
        .sort((x, y) => y.p.utility - x.p.utility)
        .slice(0, 3);
      for (const { j } of peaks) {
        const a = pts[Math.max(0, j - 1)]!.alpha0;
        const b = pts[Math.min(pts.length - 1, j + 1)]!.alpha0;
        if (roots.some((x) => x >= a && x <= b)) continue; // its maximum is that root
        // stay inside the segment: the right end belongs to the next one
        const r = brentMax(
          (x) => at(x).utility,
          a,
          Math.max(a, b - (b === hi ? 1e-15 * Math.max(1, hi) : 0)),
          {
            xTol: 1e-13,
          },
        );
        // only when clearly better than the roots: a value-based maximiser is ~1e-8 accurate
        const top = best();
        if (r.value.fx > top + 1e-12 * Math.max(1, Math.abs(top))) consider(at(r.value.x));
      }
    }
  }
  return {
    withParticipants: pick(withList),
    withoutParticipants: pick(withoutList),
    range,
    rangeProved: polynomial,
    thresholds,
  };
}

/**
 * A polynomial game's segment of fixed participants: U_G = S·α0 + C − φ0(α0) is concave, so its
 * maximiser is the root of S = φ0′(α0) when it lies inside, else an end.
 */
function segmentPolynomial(
  game: FineTuningGame,
  delta: number,
  lo: number,
  hi: number,
  at: (a0: number) => GeneralistPoint,
  consider: (p: GeneralistPoint, precise?: boolean) => void,
): void {
  const mid = at(0.5 * (lo + hi));
  let slope = 0;
  game.specialists.forEach((s, i) => {
    if (mid.participants[i]) slope += delta * s.revenue.linear!.slope;
  });
  const d = game.generalist.direct;
  if (d !== undefined && mid.ownAlpha !== null) slope += d.revenue.linear!.slope;
  const g = (a: number): number => slope - game.generalist.cost.derivative(a);
  consider(at(lo), true);
  if (g(lo) > 0 && g(hi) < 0) {
    const r = brentRoot(g, lo, hi);
    if (Number.isFinite(r.value)) consider(at(r.value), true);
  } else if (g(hi) >= 0) {
    // increasing up to the next threshold: its supremum is approached from the left
    consider(at(hi - 1e-15 * Math.max(1, hi)), true);
  }
}

/** The outcome of the game at δ by the reference search. */
export interface ReferenceOutcome {
  readonly delta: number;
  readonly agreement: boolean;
  /** G's choice (null when it stays out). */
  readonly alpha0: number | null;
  /** Utilities, G first (packed: the sweep keeps one row per δ examined). */
  readonly utilities: Float64Array;
  readonly revenue: number;
  /**
   * Participation and regimes of every specialist as a short key (see {@link RegimeKey}): changes
   * of it are the structure of the game over δ.
   */
  readonly signature: string;
  /** Entering with participants minus the best alternative (d0 or entering alone): < 0 ⇒ G stays out. */
  readonly entryMargin: number;
  readonly rangeProved: boolean;
}

/** The subgame-perfect outcome at δ as the reference search finds it. */
export function referenceOutcome(
  game: FineTuningGame,
  delta: number,
  density: SearchDensity,
): ReferenceOutcome {
  const b = generalistBest(game, delta, density);
  const d0 = game.generalist.disagreement;
  const w = b.withParticipants;
  const alt = Math.max(d0, b.withoutParticipants?.utility ?? -Infinity);
  // G's best overall: with participants unless doing without is strictly better or it loses to d0
  // (≥: an indifferent G enters; a bargain nobody joins is no bargain)
  const enters =
    w !== null &&
    w.utility >= d0 &&
    (b.withoutParticipants === null ||
      w.utility > b.withoutParticipants.utility ||
      (w.utility === b.withoutParticipants.utility && w.alpha0 < b.withoutParticipants.alpha0));
  const entryMargin = w === null ? -Infinity : w.utility - alt;
  if (!enters) {
    return {
      delta,
      agreement: false,
      alpha0: null,
      utilities: Float64Array.from([d0, ...game.specialists.map((s) => s.disagreement)]),
      revenue: 0,
      signature: "out",
      entryMargin,
      rangeProved: b.rangeProved,
    };
  }
  const p = w!;
  let revenue = p.ownAlpha === null ? 0 : game.generalist.direct!.revenue.value(p.ownAlpha);
  const utilities = new Float64Array(game.specialists.length + 1);
  utilities[0] = p.utility;
  const key = new RegimeKey();
  game.specialists.forEach((s, i) => {
    const r = p.responses[i]!;
    if (r.participates) {
      utilities[i + 1] = r.utility;
      revenue += s.revenue.value(r.alpha);
      // exact comparison: free-riding is the candidate α = α0 itself
      key.push(r.alpha === p.alpha0 ? 2 : 1);
    } else {
      utilities[i + 1] = s.disagreement;
      key.push(0);
    }
  });
  return {
    delta,
    agreement: true,
    alpha0: p.alpha0,
    utilities,
    revenue,
    signature: key.toString(),
    entryMargin,
    rangeProved: b.rangeProved,
  };
}

/**
 * The regimes of the specialists in order (0 abstains, 1 contributes, 2 free-rides) as a key of a
 * few dozen characters instead of one character per specialist (the sweep keeps one per δ): the
 * counts of each regime and two independent 32-bit multiplicative hashes of the sequence. Two
 * different sequences with the same counts share a key with probability about 2⁻⁶⁴ per pair — a
 * merged piece would only skip one bisection, never change a verdict's arithmetic.
 */
export class RegimeKey {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private readonly counts = [0, 0, 0];

  push(regime: 0 | 1 | 2): void {
    this.counts[regime]!++;
    this.h1 = Math.imul(this.h1 ^ (regime + 1), 0x01000193) >>> 0;
    this.h2 = (Math.imul(this.h2, 0x5bd1e995) + regime + 7) >>> 0;
  }

  toString(): string {
    return `${this.counts.join(".")}:${this.h1.toString(36)}:${this.h2.toString(36)}`;
  }
}
