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
import { generalistBestSorted, sortedThresholdsApply } from "./checkPolynomial.js";
import {
  MAX_ALPHA,
  polynomialSpecialist,
  polyThreshold,
  type ReferenceResponse,
  referenceResponse,
  type SearchDensity,
} from "./checkResponse.js";
import { type FineTuningGame, isPolynomialGame, NonFiniteError, type Specialist } from "./model.js";

/** G's utility at α0 with every specialist best-responding, and who participates. */
export interface GeneralistPoint {
  readonly alpha0: number;
  readonly utility: number;
  /** Participation per specialist. */
  readonly participants: readonly boolean[];
  readonly responses: readonly ReferenceResponse[];
  /** G's direct channel's profit (0 when unused or absent). */
  readonly own: number;
  /** The performance of the direct channel when used. */
  readonly ownAlpha: number | null;
  /** G's utility if every specialist participated with its best α (the range bound). */
  readonly allIn: number;
}

/** U_G at α0: δ·Σ r_i over participants + direct profit − φ0(α0). */
export function generalistPoint(
  game: FineTuningGame,
  alpha0: number,
  delta: number,
  density: SearchDensity,
): GeneralistPoint {
  let total = 0;
  let all = 0;
  const participants: boolean[] = [];
  const responses: ReferenceResponse[] = [];
  for (const s of game.specialists) {
    const r = referenceResponse(s, alpha0, delta, density.alpha);
    responses.push(r);
    participants.push(r.participates);
    const rev = s.revenue.value(r.alpha);
    all += Math.max(0, rev);
    if (r.participates) total += rev;
  }
  let own = 0;
  let ownAlpha: number | null = null;
  const d = game.generalist.direct;
  if (d !== undefined) {
    const channel: Specialist = { name: "direct", cost: d.cost, revenue: d.revenue, disagreement: 0 };
    const r = referenceResponse(channel, alpha0, 0, density.alpha);
    if (r.participates) {
      own = r.utility;
      ownAlpha = r.alpha;
    }
  }
  const cost = game.generalist.cost.value(alpha0);
  if (Number.isNaN(cost)) throw new NonFiniteError(`G's cost at α0 = ${alpha0} is NaN`);
  return {
    alpha0,
    utility: delta * total + own - cost,
    participants,
    responses,
    own,
    ownAlpha,
    allIn: delta * all + own - cost,
  };
}

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

/** G's best response at δ as found by the reference search. */
export interface GeneralistBest {
  /** Best α0 at which some specialist participates, and G's utility there (null: nobody ever joins). */
  readonly withParticipants: GeneralistPoint | null;
  /** Best α0 at which nobody participates (null: someone always does). */
  readonly withoutParticipants: GeneralistPoint | null;
  /** Upper end of the α0 range searched. */
  readonly range: number;
  /** Whether the range is proved to contain the maximum (polynomial games). */
  readonly rangeProved: boolean;
  /** Participation thresholds found in the range (where the set of participants changes). */
  readonly thresholds: readonly number[];
}

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
  return sortedThresholdsApply(game)
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

/** Relative width under which G's utilities are tied (round-off of U_G near a flat maximum). */
const TIE = 1e-13;

/** The best candidate: within round-off of the top, exactly located ones first, then the smaller α0. */
export function pick(list: readonly { p: GeneralistPoint; precise: boolean }[]): GeneralistPoint | null {
  let top = Number.NEGATIVE_INFINITY;
  for (const c of list) if (c.p.utility > top) top = c.p.utility;
  const tied = list.filter((c) => c.p.utility >= top - TIE * Math.max(1, Math.abs(top)));
  const pool = tied.some((c) => c.precise) ? tied.filter((c) => c.precise) : tied;
  let best: GeneralistPoint | null = null;
  for (const { p } of pool)
    if (best === null || p.utility > best.utility || (p.utility === best.utility && p.alpha0 < best.alpha0))
      best = p;
  return best;
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
  readonly alphas: readonly (number | null)[];
  /** Utilities, G first. */
  readonly utilities: readonly number[];
  readonly revenue: number;
  /** Participation and regimes as one string: changes of it are the structure of the game over δ. */
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
      alphas: game.specialists.map(() => null),
      utilities: [d0, ...game.specialists.map((s) => s.disagreement)],
      revenue: 0,
      signature: "out",
      entryMargin,
      rangeProved: b.rangeProved,
    };
  }
  const p = w!;
  let revenue = p.ownAlpha === null ? 0 : game.generalist.direct!.revenue.value(p.ownAlpha);
  const alphas: (number | null)[] = [];
  const utilities = [p.utility];
  let signature = "";
  game.specialists.forEach((s, i) => {
    const r = p.responses[i]!;
    if (r.participates) {
      alphas.push(r.alpha);
      utilities.push(r.utility);
      revenue += s.revenue.value(r.alpha);
      // exact comparison: free-riding is the candidate α = α0 itself
      signature += r.alpha === p.alpha0 ? "f" : "c";
    } else {
      alphas.push(null);
      utilities.push(s.disagreement);
      signature += "a";
    }
  });
  return {
    delta,
    agreement: true,
    alpha0: p.alpha0,
    alphas,
    utilities,
    revenue,
    signature,
    entryMargin,
    rangeProved: b.rangeProved,
  };
}
